// One user's panel: change role, area, name or password; lift a lockout; reset two-step
// sign-in (a lost phone); delete.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ProblemNotice } from '../../../components/Notices';
import { useFormat } from '../../../i18n/useFormat';
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
  const { t } = useTranslation();
  const format = useFormat();
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
      <h2 id="user-edit-title">{t('users.edit', { name: user.username })}</h2>
      {problem && <ProblemNotice problem={problem} />}
      {user.locked && (
        <div className="notice notice--warning">
          <p>
            {user.locked_until
              ? t('users.lockedUntil', { time: format.instant(user.locked_until, 'time') })
              : t('users.locked')}
          </p>
          <button
            type="button"
            className="button"
            disabled={unlock.isPending}
            onClick={() => void run(() => unlock.mutateAsync(user.id), t('users.unlocked', { name: user.username }))}
          >
            {unlock.isPending ? t('users.unlocking') : t('users.unlock')}
          </button>
        </div>
      )}
      {user.totp_enabled && (
        <div className="notice">
          <p>{isSelf ? t('users.totpOnSelf') : t('users.totpOnOther')}</p>
          {!isSelf && (
            <button type="button" className="button" disabled={resetTotp.isPending} onClick={() => setConfirming('reset_totp')}>
              {resetTotp.isPending ? t('users.resetting') : t('users.resetTotp')}
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
        submitLabel={t('users.saveChanges')}
        onCancel={onCancel}
        onSubmit={async (values) => {
          const body = toUpdateUser(user, values);
          if (Object.keys(body).length === 0) return onDone(t('users.nothingToChange'));
          await update.mutateAsync({ id: user.id, body });
          onDone(t('users.saved', { name: user.username }));
        }}
      />
      {!isSelf && (
        <div className="panel__danger">
          <button type="button" className="button button--danger" onClick={() => setConfirming('delete')}>
            {t('users.delete', { name: user.username })}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title={confirming === 'reset_totp' ? t('users.resetQuestion', { name: user.username }) : t('users.deleteQuestion', { name: user.username })}
        confirmLabel={confirming === 'reset_totp' ? t('users.reset') : t('users.deleteButton')}
        danger
        busy={remove.isPending || resetTotp.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          const action = confirming;
          setConfirming(null);
          if (action === 'reset_totp') {
            void run(() => resetTotp.mutateAsync(user.id), t('users.resetDone', { name: user.username }));
          } else {
            void run(() => remove.mutateAsync(user.id), t('users.deleted', { name: user.username }));
          }
        }}
      >
        <p>
          {confirming === 'reset_totp' ? t('users.resetExplain') : t('users.deleteExplain')}
        </p>
      </ConfirmDialog>
    </section>
  );
}
