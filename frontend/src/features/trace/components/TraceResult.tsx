// What a trace answers: the bag, its chain outwards (child → parent → bill) with who and
// when, a parent's children, and the timeline of events.
import { Link } from 'react-router';

import type { Trace } from '../../../lib/api/types';
import { describeEvent, eventSource } from '../events';

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function when(at: string | null | undefined): string {
  return at ? WHEN.format(new Date(at)) : '';
}

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
}

export function TraceResult({ trace, canDelete, busy, onChange }: TraceResultProps) {
  const { bag } = trace;
  return (
    <div className="trace" data-testid="trace-result">
      <section className="panel" aria-labelledby="trace-bag">
        <h2 id="trace-bag">
          {bag.kind === 'parent' ? 'Parent' : 'Child'} {bag.qr}
        </h2>
        <p>
          {bag.status.replace('_', ' ')}
          {bag.kind === 'parent' ? ` · ${bag.child_count ?? 0}/${bag.max_children ?? 0} · ${bag.parent_type ?? ''}` : ''}
          {bag.area ? ` · area ${bag.area}` : ''} · first seen {when(bag.created_at)}
        </p>
        <div className="trace__actions">
          {bag.kind === 'child' && bag.parent_qr && (
            <button type="button" className="button button--small" disabled={busy}
              onClick={() => onChange({ kind: 'remove_child', parent_qr: bag.parent_qr ?? '', child_qr: bag.qr })}>
              Take out of {bag.parent_qr}
            </button>
          )}
          {canDelete && (
            <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => onChange({ kind: 'delete_bag', qr: bag.qr })}>
              Delete bag {bag.qr}
            </button>
          )}
        </div>
      </section>

      <h2>Chain</h2>
      <ol className="chain">
        {trace.chain.map((step) => (
          <li key={`${step.kind}-${step.id}`} className="chain__step">
            <span className="chain__kind">{step.kind}</span> {traceLink(step.kind, step.id)}{' '}
            <span className="muted">
              {step.status.replace('_', ' ')}
              {step.by ? ` · by ${step.by}` : ''}
              {step.at ? ` · ${when(step.at)}` : ''}
            </span>
          </li>
        ))}
      </ol>

      {bag.kind === 'parent' && (
        <>
          <h2>Children now ({trace.children.length})</h2>
          {trace.children.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="qr-list qr-list--actions" data-testid="trace-children">
              {trace.children.map((child) => (
                <li key={child.qr}>
                  <Link to={`/trace/${encodeURIComponent(child.qr)}`}>{child.qr}</Link>
                  <button type="button" className="button button--small button--quiet" disabled={busy}
                    onClick={() => onChange({ kind: 'remove_child', parent_qr: bag.qr, child_qr: child.qr })}>
                    Remove<span className="visually-hidden"> {child.qr}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}

      <h2>Timeline</h2>
      {trace.timeline.length === 0 ? (
        <p className="muted">No events.</p>
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
