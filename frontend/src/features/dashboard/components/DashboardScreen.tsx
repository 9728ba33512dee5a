// The landing page: where to go next for this role, the live stream (scans of the last minute,
// the last changes), the figures and activity chart it keeps fresh, and whether the server is healthy.
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { Loading } from '../../../components/Notices';
import { t } from '../../../i18n';
import { navigationFor, roleLabel } from '../../../lib/auth/access';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { useReadiness } from '../api/health';
import { useLiveDashboard } from '../hooks/useLiveDashboard';
import { LivePanel } from './LivePanel';
import { StatsPanel } from './StatsPanel';

// The charting library is large: loaded with the chart, not with the app.
const ActivityChart = lazy(() => import('./ActivityChart').then((module) => ({ default: module.ActivityChart })));

/** `up`, `down`, `in_process` (no Redis: the cache lives in the server) in plain words. */
function healthWord(state: string): string {
  if (state === 'up' || state === 'down' || state === 'in_process') return t(`dashboard.health.${state}`);
  return state.replace(/_/g, '-');
}

export function DashboardScreen() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const readiness = useReadiness();
  const live = useLiveDashboard();
  if (!user) return null;
  const polling = live.state !== 'open';
  const shortcuts = navigationFor(user.role).filter((entry) => entry.section !== 'dashboard');

  return (
    <section className="page" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('dashboard.hello', { name: user.display_name || user.username })}</h1>
      <p className="muted">
        {roleLabel(user.role)}
        {user.area ? ` · ${t('common.areaNamed', { area: user.area })}` : ''}
      </p>
      <nav aria-label={t('dashboard.shortcuts')} className="shortcuts">
        {shortcuts.map((entry) => (
          <Link key={entry.path} className="shortcut" to={entry.path}>
            {entry.label}
          </Link>
        ))}
        <Link className="shortcut" to="/station">
          {t('packing.stationMode')}
        </Link>
      </nav>
      <LivePanel live={live} />
      <StatsPanel polling={polling} />
      <Suspense fallback={<Loading label={t('dashboard.loadingChart')} />}>
        <ActivityChart polling={polling} />
      </Suspense>
      <h2>{t('dashboard.server')}</h2>
      {readiness.isPending ? (
        <Loading label={t('dashboard.checkingServer')} />
      ) : readiness.data ? (
        <dl className="health">
          <dt>{t('dashboard.status')}</dt>
          <dd data-state={readiness.data.status}>{readiness.data.status === 'ready' ? t('dashboard.ready') : t('dashboard.notReady')}</dd>
          <dt>{t('dashboard.database')}</dt>
          <dd data-state={readiness.data.database}>{healthWord(readiness.data.database)}</dd>
          <dt>{t('dashboard.cache')}</dt>
          <dd data-state={readiness.data.redis}>{healthWord(readiness.data.redis)}</dd>
        </dl>
      ) : (
        <p className="notice notice--error">{t('dashboard.noAnswer')}</p>
      )}
    </section>
  );
}
