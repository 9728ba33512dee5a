// Route guards: signed in at all, and allowed into this section.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';

import { canUse, roleLabel, type Section } from '../../../lib/auth/access';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';

export function RequireAuth({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  const location = useLocation();
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

export function RequireSection({ section, children }: { section: Section; children: ReactNode }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  if (!user) return null;
  if (!canUse(user.role, section)) {
    return (
      <section className="page">
        <h1>{t('notAvailable.title')}</h1>
        <p>{t('notAvailable.text', { role: roleLabel(user.role) })}</p>
      </section>
    );
  }
  return children;
}
