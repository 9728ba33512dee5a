// What a trace answers: the bag, its chain outwards (child → parent → bill) with who and
// when, a parent's children, and the timeline of events.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { bagStatusLabel, billStatusLabel } from '../../../i18n/labels';
import { useFormat } from '../../../i18n/useFormat';
import type { Trace } from '../../../lib/api/types';
import { describeEvent, eventSource } from '../events';
import { ContentsAtControl, ContentsAtResult } from './ContentsAt';

function traceLink(kind: string, id: string) {
  return kind === 'bill' ? <strong>{id}</strong> : <Link to={`/trace/${encodeURIComponent(id)}`}>{id}</Link>;
}

/** A change asked for from the trace (the screen asks before doing it). */
export type TraceChange = { kind: 'remove_child'; parent_qr: string; child_qr: string } | { kind: 'delete_bag'; qr: string };

interface TraceResultProps {
  trace: Trace;
  /** Admins and billers may delete a bag. */
  canDelete: boolean;
  busy: boolean;
  onChange: (change: TraceChange) => void;
  /** A parent's contents at this instant instead of now (null: now), and how to ask for another. */
  asOf: string | null;
  onAsOf: (at: string | null) => void;
}

export function TraceResult({ trace, canDelete, busy, onChange, asOf, onAsOf }: TraceResultProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const when = (at: string | null | undefined) => (at ? format.instant(at, 'longDateTime') : '');
  const stepKind = (kind: string) => (kind === 'child' || kind === 'parent' || kind === 'bill' ? t(`trace.kind.${kind}`) : kind);
  const { bag } = trace;
  return (
    <div className="trace" data-testid="trace-result">
      <section className="panel" aria-labelledby="trace-bag">
        <h2 id="trace-bag">
          {bag.kind === 'parent' ? t('trace.parentQr', { qr: bag.qr }) : t('trace.childQr', { qr: bag.qr })}
        </h2>
        <p>
          {bagStatusLabel(bag.status)}
          {bag.kind === 'parent' ? ` · ${bag.child_count ?? 0}/${bag.max_children ?? 0} · ${bag.parent_type ?? ''}` : ''}
          {bag.area ? ` · ${t('common.areaNamed', { area: bag.area })}` : ''} · {t('trace.firstSeen', { when: when(bag.created_at) })}
        </p>
        <div className="trace__actions no-print">
          {bag.kind === 'child' && bag.parent_qr && (
            <button type="button" className="button button--small" disabled={busy}
              onClick={() => onChange({ kind: 'remove_child', parent_qr: bag.parent_qr ?? '', child_qr: bag.qr })}>
              {t('trace.takeOutOf', { parent: bag.parent_qr })}
            </button>
          )}
          {canDelete && (
            <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => onChange({ kind: 'delete_bag', qr: bag.qr })}>
              {t('trace.deleteBag', { qr: bag.qr })}
            </button>
          )}
        </div>
      </section>

      <h2>{t('trace.chain')}</h2>
      <ol className="chain">
        {trace.chain.map((step) => (
          <li key={`${step.kind}-${step.id}`} className="chain__step">
            <span className="chain__kind">{stepKind(step.kind)}</span> {traceLink(step.kind, step.id)}{' '}
            <span className="muted">
              {step.kind === 'bill' ? billStatusLabel(step.status) : bagStatusLabel(step.status)}
              {step.by ? ` · ${t('events.by', { name: step.by })}` : ''}
              {step.at ? ` · ${when(step.at)}` : ''}
            </span>
          </li>
        ))}
      </ol>

      {bag.kind === 'parent' && <ContentsAtControl at={asOf} onAt={onAsOf} />}
      {bag.kind === 'parent' && asOf && <ContentsAtResult trace={trace} at={asOf} />}
      {bag.kind === 'parent' && !asOf && (
        <>
          <h2>{t('trace.childrenNow', { count: trace.children.length })}</h2>
          {trace.children.length === 0 ? (
            <p className="muted">{t('trace.none')}</p>
          ) : (
            <ul className="qr-list qr-list--actions" data-testid="trace-children">
              {trace.children.map((child) => (
                <li key={child.qr}>
                  <Link to={`/trace/${encodeURIComponent(child.qr)}`}>{child.qr}</Link>
                  <button type="button" className="button button--small button--quiet no-print" disabled={busy}
                    onClick={() => onChange({ kind: 'remove_child', parent_qr: bag.qr, child_qr: child.qr })}>
                    {t('common.remove')}<span className="visually-hidden"> {child.qr}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}

      <h2>{t('trace.timeline')}</h2>
      {trace.timeline.length === 0 ? (
        <p className="muted">{t('trace.noEvents')}</p>
      ) : (
        <ol className="timeline">
          {trace.timeline.map((event) => (
            <li key={event.id}>
              <time dateTime={event.occurred_at}>{when(event.occurred_at)}</time>
              <span>{describeEvent(event)}</span>
              <span className="muted">{eventSource(event)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
