// The audit trail: who did what, when, from where, newest first; "Show more" over cursors.
import { useState } from 'react';

import { LoadMore } from '../../../components/LoadMore';
import { Empty, Loading, ProblemNotice } from '../../../components/Notices';
import { toProblem } from '../../../lib/api/problem';
import { useAuditTrail } from '../api/admin';

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

function changes(before: unknown, after: unknown): string {
  const text = (value: unknown) => (value ? JSON.stringify(value) : '');
  return [text(before), text(after)].filter(Boolean).join(' → ');
}

export function AuditList() {
  const [action, setAction] = useState('');
  const trail = useAuditTrail(action.trim() || null);
  const entries = trail.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit trail</h2>
      <div className="filters">
        <div className="field field--inline">
          <label htmlFor="audit-action">Action</label>
          <input id="audit-action" type="search" placeholder="e.g. user_created" value={action} onChange={(event) => setAction(event.target.value)} />
        </div>
      </div>
      {trail.isPending ? (
        <Loading label="Loading the audit trail…" />
      ) : trail.isError ? (
        <ProblemNotice problem={toProblem(trail.error)} onRetry={() => void trail.refetch()} />
      ) : entries.length === 0 ? (
        <Empty>No audited actions.</Empty>
      ) : (
        <table className="table" data-testid="audit-trail">
          <caption className="visually-hidden">Audit trail</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">On</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td data-label="When">{WHEN.format(new Date(entry.occurred_at))}</td>
                <td data-label="Who">
                  {entry.actor_username ?? '—'}
                  {entry.client_addr ? ` · ${entry.client_addr}` : ''}
                </td>
                <td data-label="Action">{entry.action.replace(/_/g, ' ')}</td>
                <td data-label="On">{[entry.target_kind, entry.target_id].filter(Boolean).join(' ') || '—'}</td>
                <td data-label="Change" className="audit__change">{changes(entry.before, entry.after) || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore hasMore={trail.hasNextPage} loading={trail.isFetchingNextPage} onMore={() => void trail.fetchNextPage()} />
    </section>
  );
}
