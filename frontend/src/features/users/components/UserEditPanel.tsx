// One user's panel: change role, area, name or password; lift a lockout; delete.
import { useState } from 'react';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import type { Area, User } from '../../../lib/api/types';
import { useDeleteUser, useUnlockUser, useUpdateUser } from '../api/users';
import { formValuesOf, toUpdateUser } from '../validation';
import { UserForm } from './UserForm';

interface UserEditPanelProps {
  user: User;
  areas: Area[];
  isSelf: boolean;
  onDone: (message: string) => void;
  onCancel: () => void;
}

export function UserEditPanel({ user, areas, isSelf, onDone, onCancel }: UserEditPanelProps) {
  const update = useUpdateUser();
  const unlock = useUnlockUser();
  const remove = useDeleteUser();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [problem, setProblem] = useState<ProblemSummary | null>(null);

  async function run(action: () => Promise<unknown>, message: string) {
    setProblem(null);
    try {
      await action();
      onDone(message);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <section className="panel" aria-labelledby="user-edit-title">
      <h2 id="user-edit-title">Edit {user.username}</h2>
      {problem && <ProblemNotice problem={problem} />}
      {user.locked && (
        <div className="notice notice--warning">
          <p>
            Sign-in is locked after too many failed attempts
            {user.locked_until ? ` until ${new Date(user.locked_until).toLocaleTimeString()}` : ''}.
          </p>
          <button
            type="button"
            className="button"
            disabled={unlock.isPending}
            onClick={() => void run(() => unlock.mutateAsync(user.id), `${user.username} can sign in again.`)}
          >
            {unlock.isPending ? 'Unlocking…' : 'Unlock now'}
          </button>
        </div>
      )}
      <UserForm
        key={user.id}
        mode="edit"
        initial={formValuesOf(user)}
        areas={areas}
        roleLocked={isSelf}
        submitLabel="Save changes"
        onCancel={onCancel}
        onSubmit={async (values) => {
          const body = toUpdateUser(user, values);
          if (Object.keys(body).length === 0) return onDone('Nothing to change.');
          await update.mutateAsync({ id: user.id, body });
          onDone(`${user.username} saved.`);
        }}
      />
      {!isSelf && (
        <div className="panel__danger">
          <button type="button" className="button button--danger" onClick={() => setConfirmDelete(true)}>
            Delete {user.username}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${user.username}?`}
        confirmLabel="Delete"
        danger
        busy={remove.isPending}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          void run(() => remove.mutateAsync(user.id), `${user.username} deleted.`);
        }}
      >
        <p>They are signed out everywhere and can no longer sign in. Their history stays.</p>
      </ConfirmDialog>
    </section>
  );
}
