// The landing page: where to go next for this role, the live figures and activity chart,
// and whether the server is healthy.
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';

import { Loading } from '../../../components/Notices';
import { navigationFor, ROLE_LABELS } from '../../../lib/auth/access';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { useReadiness } from '../api/health';
import { StatsPanel } from './StatsPanel';

// The charting library is large: loaded with the chart, not with the app.
const ActivityChart = lazy(() => import('./ActivityChart').then((module) => ({ default: module.ActivityChart })));

export function DashboardScreen() {
  const user = useCurrentUser();
  const readiness = useReadiness();
  if (!user) return null;
  const shortcuts = navigationFor(user.role).filter((entry) => entry.section !== 'dashboard');

  return (
    <section className="page" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Hello, {user.display_name || user.username}</h1>
      <p className="muted">
        {ROLE_LABELS[user.role]}
        {user.area ? ` · area ${user.area}` : ''}
      </p>
      <nav aria-label="Shortcuts" className="shortcuts">
        {shortcuts.map((entry) => (
          <Link key={entry.path} className="shortcut" to={entry.path}>
            {entry.label}
          </Link>
        ))}
        <Link className="shortcut" to="/station">
          Station mode
        </Link>
      </nav>
      <StatsPanel />
      <Suspense fallback={<Loading label="Loading the chart…" />}>
        <ActivityChart />
      </Suspense>
      <h2>Server</h2>
      {readiness.isPending ? (
        <Loading label="Checking the server…" />
      ) : readiness.data ? (
        <dl className="health">
          <dt>Status</dt>
          <dd data-state={readiness.data.status}>{readiness.data.status === 'ready' ? 'Ready' : 'Not ready'}</dd>
          <dt>Database</dt>
          <dd data-state={readiness.data.database}>{readiness.data.database}</dd>
          <dt>Cache</dt>
          <dd data-state={readiness.data.redis}>{readiness.data.redis.replace('_', '-')}</dd>
        </dl>
      ) : (
        <p className="notice notice--error">The server does not answer.</p>
      )}
    </section>
  );
}
