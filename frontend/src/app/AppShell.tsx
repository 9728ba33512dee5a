// The frame around every screen but login and station mode: the sections the user's role
// may use, who is signed in, their language and password, and signing out. Below 800 px the
// sections fold into a menu. Scans kept unsent on this device are pointed out on every screen.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';

import { logOut } from '../features/auth/api/session-actions';
import { LanguageSwitch } from '../features/auth/components/LanguageSwitch';
import { browserLocalStorage, browserQueueStorage, keptScanCount } from '../features/packing/queue-store';
import { navigationFor, roleLabel } from '../lib/auth/access';
import { useCurrentUser } from '../lib/auth/useCurrentUser';
import { PrintHeader } from './PrintHeader';

export function AppShell() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => setMenuOpen(false), [location.pathname]);

  if (!user) return null;

  async function signOut(everywhere: boolean) {
    await logOut({ everywhere });
    queryClient.clear();
    navigate('/login', { replace: true });
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="shell__header">
        <span className="shell__brand">TraceTrack</span>
        <button
          type="button"
          className="button shell__menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="shell-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {menuOpen ? t('shell.close') : t('shell.menu')}
        </button>
        <nav id="shell-nav" className={menuOpen ? 'shell__nav shell__nav--open' : 'shell__nav'} aria-label={t('shell.sections')}>
          <ul>
            {navigationFor(user.role).map((entry) => (
              <li key={entry.path}>
                <NavLink to={entry.path} end={entry.path === '/'}>
                  {entry.label}
                </NavLink>
              </li>
            ))}
          </ul>
          <div className="shell__user">
            <span className="shell__who" data-testid="current-user">
              {user.display_name || user.username} · {roleLabel(user.role)}
              {user.area ? ` · ${user.area}` : ''}
            </span>
            <LanguageSwitch className="shell__language" />
            <NavLink to="/account" className="shell__account">
              {t('shell.changePassword')}
            </NavLink>
            <button type="button" className="button button--small" onClick={() => void signOut(false)}>
              {t('shell.logOut')}
            </button>
            <button type="button" className="button button--small button--quiet" onClick={() => void signOut(true)}>
              {t('shell.logOutEverywhere')}
            </button>
          </div>
        </nav>
      </header>
      <main id="main" className="shell__main" tabIndex={-1}>
        <PrintHeader who={user.display_name || user.username} />
        {location.pathname !== '/scan' && <KeptScansNotice owner={user.id} />}
        <Outlet />
      </main>
    </div>
  );
}

/** Scans made on this device that a reload or a closed tab left unsent; Scanning sends them. */
function KeptScansNotice({ owner }: { owner: string }) {
  const location = useLocation();
  const [kept, setKept] = useState(0);
  useEffect(() => {
    let current = true;
    void keptScanCount(browserQueueStorage(), owner, browserLocalStorage()).then((count) => current && setKept(count));
    return () => {
      current = false;
    };
  }, [owner, location.pathname]);
  if (kept === 0) return null;
  return (
    <p className="notice notice--warning" role="status" data-testid="kept-scans">
      <Trans i18nKey="shell.keptScans" count={kept} components={{ link: <Link to="/scan" /> }} />
    </p>
  );
}
