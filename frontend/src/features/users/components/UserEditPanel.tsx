// One user's panel: change role, area, name or password; lift a lockout; reset two-step
// sign-in (a lost phone); delete.
import { useState } from 'react';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import type { Area, User } from '../../../lib/api/types';
import { useDeleteUser, useResetTotp, useUnlockUser, useUpdateUser } from '../api/users';
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
  const resetTotp = useResetTotp();
  // One dialog for both questions: its title id is fixed, so two would share it.
  const [confirming, setConfirming] = useState<'delete' | 'reset_totp' | null>(null);
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
      {user.totp_enabled && (
        <div className="notice">
          <p>
            Two-step sign-in is on
            {isSelf ? '. Another admin can reset yours if you lose your phone.' : ': signing in needs a code from their app.'}
          </p>
          {!isSelf && (
            <button type="button" className="button" disabled={resetTotp.isPending} onClick={() => setConfirming('reset_totp')}>
              {resetTotp.isPending ? 'Resetting…' : 'Reset two-step sign-in'}
            </button>
          )}
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
          <button type="button" className="button button--danger" onClick={() => setConfirming('delete')}>
            Delete {user.username}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title={confirming === 'reset_totp' ? `Reset two-step sign-in for ${user.username}?` : `Delete ${user.username}?`}
        confirmLabel={confirming === 'reset_totp' ? 'Reset' : 'Delete'}
        danger
        busy={remove.isPending || resetTotp.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          const action = confirming;
          setConfirming(null);
          if (action === 'reset_totp') {
            void run(() => resetTotp.mutateAsync(user.id), `${user.username} signs in with the password alone until they set up two-step sign-in again.`);
          } else {
            void run(() => remove.mutateAsync(user.id), `${user.username} deleted.`);
          }
        }}
      >
        <p>
          {confirming === 'reset_totp'
            ? 'For a lost or replaced phone. They are signed out everywhere, sign in with their password alone, and can set up two-step sign-in again.'
            : 'They are signed out everywhere and can no longer sign in. Their history stays.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}
