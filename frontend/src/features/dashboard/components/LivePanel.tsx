// What the live stream says as it happens: the scans of the last minute (total and per area),
// whether updates arrive or are paused (then the figures are polled), and the last changes.
import { useTranslation } from 'react-i18next';

import { useFormat } from '../../../i18n/useFormat';
import type { StreamState } from '../../../lib/api/event-stream';
import type { LiveDashboard } from '../hooks/useLiveDashboard';
import { changeKindLabel, changeSubject } from '../live';
import { areaLabel } from '../stats';

function LiveStatus({ state }: { state: StreamState }) {
  const { t } = useTranslation();
  if (state === 'open') {
    return (
      <span className="badge badge--live" role="status" data-testid="live-status" data-state={state}>
        {t('live.on')}
      </span>
    );
  }
  if (state === 'connecting') {
    return (
      <span className="badge" role="status" data-testid="live-status" data-state={state}>
        {t('live.connecting')}
      </span>
    );
  }
  return (
    <span className="badge badge--warning" role="status" data-testid="live-status" data-state={state}>
      {t('live.paused')}
    </span>
  );
}

export function LivePanel({ live }: { live: LiveDashboard }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { activity, changes, state } = live;
  const areas = activity?.areas.filter((area) => area.scans_last_minute > 0) ?? [];

  return (
    <section className="panel live" aria-labelledby="live-title" data-testid="live">
      <div className="page__header">
        <h2 id="live-title">{t('live.title')}</h2>
        <LiveStatus state={state} />
      </div>
      {state !== 'open' && state !== 'connecting' && <p className="muted">{t('live.pausedNote')}</p>}
      <div className="figure live__figure">
        <span className="figure__value" data-testid="scans-last-minute">
          {activity ? format.number(activity.scans_last_minute) : '—'}
        </span>
        <span className="figure__label">{t('live.scansLastMinute')}</span>
      </div>
      {areas.length > 0 && (
        <ul className="live__areas" aria-label={t('live.perArea')} data-testid="scans-last-minute-areas">
          {areas.map((area) => (
            <li key={area.area ?? ''} data-area={area.area ?? ''}>
              {t('live.areaScans', { area: areaLabel(area.area), count: area.scans_last_minute, scans: format.number(area.scans_last_minute) })}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('live.recent')}</h3>
      {changes.length === 0 ? (
        <p className="muted">{t('live.noChanges')}</p>
      ) : (
        <ol className="live__feed" aria-live="polite" data-testid="live-feed">
          {changes.map((change) => (
            <li key={change.id} data-kind={change.kind}>
              <time dateTime={change.at}>{change.at ? format.instant(change.at, 'timeSeconds') : ''}</time>
              <strong>{changeKindLabel(change.kind)}</strong>
              <span className="live__subject">{changeSubject(change)}</span>
              {change.actor && <span className="muted">{t('events.by', { name: change.actor })}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
