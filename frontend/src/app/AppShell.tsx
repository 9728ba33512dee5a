// The frame around every screen but login and station mode: the sections the user's role
// may use, who is signed in, their password, and signing out. Below 800 px the sections
// fold into a menu. Scans kept unsent on this device are pointed out on every screen.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';

import { logOut } from '../features/auth/api/session-actions';
import { browserLocalStorage, browserQueueStorage, keptScanCount } from '../features/packing/queue-store';
import { navigationFor, ROLE_LABELS } from '../lib/auth/access';
import { useCurrentUser } from '../lib/auth/useCurrentUser';

export function AppShell() {
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
        Skip to content
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
          {menuOpen ? 'Close' : 'Menu'}
        </button>
        <nav id="shell-nav" className={menuOpen ? 'shell__nav shell__nav--open' : 'shell__nav'} aria-label="Sections">
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
              {user.display_name || user.username} · {ROLE_LABELS[user.role]}
              {user.area ? ` · ${user.area}` : ''}
            </span>
            <NavLink to="/account" className="shell__account">
              Change password
            </NavLink>
            <button type="button" className="button button--small" onClick={() => void signOut(false)}>
              Log out
            </button>
            <button type="button" className="button button--small button--quiet" onClick={() => void signOut(true)}>
              Log out everywhere
            </button>
          </div>
        </nav>
      </header>
      <main id="main" className="shell__main" tabIndex={-1}>
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
      {kept === 1 ? '1 scan' : `${kept} scans`} made on this device {kept === 1 ? 'is' : 'are'} not sent yet.{' '}
      <Link to="/scan">Open Scanning to send {kept === 1 ? 'it' : 'them'}</Link>.
    </p>
  );
}
