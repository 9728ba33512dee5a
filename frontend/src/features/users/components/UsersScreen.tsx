// Users admin: filter and page through users, create one, edit one.
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { PagedList } from '../../../components/PagedList';
import { useAreas } from '../../../lib/api/reference-data';
import type { Role, User } from '../../../lib/api/types';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { useCreateUser, useUserList, type UserFilters as Filters } from '../api/users';
import { EMPTY_USER_FORM, toCreateUser } from '../validation';
import { UserEditPanel } from './UserEditPanel';
import { UserFilters } from './UserFilters';
import { UserForm } from './UserForm';
import { UserList } from './UserList';

type Panel = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; user: User };

function filtersFrom(params: URLSearchParams): Filters {
  const role = params.get('role');
  const locked = params.get('locked');
  return {
    role: role === 'admin' || role === 'biller' || role === 'dispatcher' ? (role satisfies Role) : null,
    area: params.get('area') || null,
    q: params.get('q') || null,
    locked: locked === 'true' ? true : locked === 'false' ? false : null,
  };
}

export function UsersScreen() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const setFilters = useCallback(
    (next: Filters) => {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(next)) if (value !== null) search.set(key, String(value));
      setParams(search, { replace: true });
    },
    [setParams],
  );
  const areas = useAreas();
  const list = useUserList(filters);
  const create = useCreateUser();
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [message, setMessage] = useState<string | null>(null);

  const done = (text: string) => {
    setMessage(text);
    setPanel({ kind: 'none' });
  };

  return (
    <section className="page users" aria-labelledby="users-title">
      <div className="page__header">
        <h1 id="users-title">{t('nav.users')}</h1>
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            setMessage(null);
            setPanel({ kind: 'create' });
          }}
        >
          {t('users.new')}
        </button>
      </div>
      {message && (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      )}
      <div className={panel.kind === 'none' ? 'users__layout' : 'users__layout users__layout--with-panel'}>
        <div className="users__list">
          <UserFilters filters={filters} areas={areas.data ?? []} onChange={setFilters} />
          <PagedList query={list} loadingLabel={t('users.loading')} empty={t('users.empty')}>
            {(users) => (
              <UserList
                users={users}
                selectedId={panel.kind === 'edit' ? panel.user.id : null}
                onSelect={(user) => {
                  setMessage(null);
                  setPanel({ kind: 'edit', user });
                }}
              />
            )}
          </PagedList>
        </div>
        {panel.kind === 'create' && (
          <section className="panel" aria-labelledby="user-create-title">
            <h2 id="user-create-title">{t('users.new')}</h2>
            <UserForm
              mode="create"
              initial={EMPTY_USER_FORM}
              areas={areas.data ?? []}
              submitLabel={t('users.create')}
              onCancel={() => setPanel({ kind: 'none' })}
              onSubmit={async (values) => {
                const user = await create.mutateAsync(toCreateUser(values));
                done(t('users.created', { name: user.username }));
              }}
            />
          </section>
        )}
        {panel.kind === 'edit' && (
          <UserEditPanel
            key={panel.user.id}
            user={panel.user}
            areas={areas.data ?? []}
            isSelf={panel.user.id === me?.id}
            onDone={done}
            onCancel={() => setPanel({ kind: 'none' })}
          />
        )}
      </div>
    </section>
  );
}
