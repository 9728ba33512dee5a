import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

import { DataTable, type Column } from '../../../components/DataTable';
import type { User } from '../../../lib/api/types';
import { roleLabel } from '../../../lib/auth/access';

interface UserListProps {
  users: User[];
  selectedId: string | null;
  onSelect: (user: User) => void;
}

function columns(t: TFunction, onSelect: UserListProps['onSelect']): Column<User>[] {
  return [
    {
      header: t('users.user'),
      cell: (user) => (
        <>
          <strong>{user.username}</strong>
          {user.display_name && user.display_name !== user.username && <span className="muted"> {user.display_name}</span>}
        </>
      ),
    },
    { header: t('users.role'), cell: (user) => roleLabel(user.role) },
    { header: t('filters.area'), cell: (user) => user.area ?? '—' },
    {
      header: t('users.signIn'),
      cell: (user) => (
        <>
          {user.locked ? <span className="badge badge--danger">{t('users.lockedBadge')}</span> : t('users.ok')}
          {user.totp_enabled && (
            <>
              {' '}
              <span className="badge badge--info" title={t('users.totpBadgeTitle')}>{t('users.totpBadge')}</span>
            </>
          )}
        </>
      ),
    },
    {
      header: t('common.actions'),
      headerHidden: true,
      cell: (user) => (
        <button type="button" className="button button--small" onClick={() => onSelect(user)}>
          {t('users.editButton')}<span className="visually-hidden"> {user.username}</span>
        </button>
      ),
    },
  ];
}

export function UserList({ users, selectedId, onSelect }: UserListProps) {
  const { t } = useTranslation();
  return (
    <DataTable
      caption={t('nav.users')}
      className="users-table"
      columns={columns(t, onSelect)}
      rows={users}
      rowKey={(user) => user.id}
      rowAttributes={(user) => ({ 'aria-selected': user.id === selectedId, 'data-username': user.username })}
    />
  );
}
