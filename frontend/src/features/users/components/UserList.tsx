import { DataTable, type Column } from '../../../components/DataTable';
import type { User } from '../../../lib/api/types';
import { ROLE_LABELS } from '../../../lib/auth/access';

interface UserListProps {
  users: User[];
  selectedId: string | null;
  onSelect: (user: User) => void;
}

function columns(onSelect: UserListProps['onSelect']): Column<User>[] {
  return [
    {
      header: 'User',
      cell: (user) => (
        <>
          <strong>{user.username}</strong>
          {user.display_name && user.display_name !== user.username && <span className="muted"> {user.display_name}</span>}
        </>
      ),
    },
    { header: 'Role', cell: (user) => ROLE_LABELS[user.role] },
    { header: 'Area', cell: (user) => user.area ?? '—' },
    {
      header: 'Sign-in',
      cell: (user) => (
        <>
          {user.locked ? <span className="badge badge--danger">Locked</span> : 'OK'}
          {user.totp_enabled && (
            <>
              {' '}
              <span className="badge badge--info" title="Two-step sign-in is on">2-step</span>
            </>
          )}
        </>
      ),
    },
    {
      header: 'Actions',
      headerHidden: true,
      cell: (user) => (
        <button type="button" className="button button--small" onClick={() => onSelect(user)}>
          Edit<span className="visually-hidden"> {user.username}</span>
        </button>
      ),
    },
  ];
}

export function UserList({ users, selectedId, onSelect }: UserListProps) {
  return (
    <DataTable
      caption="Users"
      className="users-table"
      columns={columns(onSelect)}
      rows={users}
      rowKey={(user) => user.id}
      rowAttributes={(user) => ({ 'aria-selected': user.id === selectedId, 'data-username': user.username })}
    />
  );
}
