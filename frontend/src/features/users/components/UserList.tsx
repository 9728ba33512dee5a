import type { User } from '../../../lib/api/types';
import { ROLE_LABELS } from '../../../lib/auth/access';

interface UserListProps {
  users: User[];
  selectedId: string | null;
  onSelect: (user: User) => void;
}

export function UserList({ users, selectedId, onSelect }: UserListProps) {
  return (
    <table className="table users-table">
      <caption className="visually-hidden">Users</caption>
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">Role</th>
          <th scope="col">Area</th>
          <th scope="col">Sign-in</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.id} aria-selected={user.id === selectedId} data-username={user.username}>
            <td data-label="User">
              <strong>{user.username}</strong>
              {user.display_name && user.display_name !== user.username && <span className="muted"> {user.display_name}</span>}
            </td>
            <td data-label="Role">{ROLE_LABELS[user.role]}</td>
            <td data-label="Area">{user.area ?? '—'}</td>
            <td data-label="Sign-in">{user.locked ? <span className="badge badge--danger">Locked</span> : 'OK'}</td>
            <td>
              <button type="button" className="button button--small" onClick={() => onSelect(user)}>
                Edit<span className="visually-hidden"> {user.username}</span>
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
