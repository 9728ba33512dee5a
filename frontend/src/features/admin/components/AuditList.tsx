// The audit trail: who did what, when, from where, newest first; "Show more" over cursors.
import { useState } from 'react';

import { DataTable, type Column } from '../../../components/DataTable';
import { PagedList } from '../../../components/PagedList';
import type { AuditEntry } from '../../../lib/api/types';
import { useAuditTrail } from '../api/admin';

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

function changes(before: unknown, after: unknown): string {
  const text = (value: unknown) => (value ? JSON.stringify(value) : '');
  return [text(before), text(after)].filter(Boolean).join(' → ');
}

const COLUMNS: Column<AuditEntry>[] = [
  { header: 'When', cell: (entry) => WHEN.format(new Date(entry.occurred_at)) },
  {
    header: 'Who',
    cell: (entry) => (
      <>
        {entry.actor_username ?? '—'}
        {entry.client_addr ? ` · ${entry.client_addr}` : ''}
      </>
    ),
  },
  { header: 'Action', cell: (entry) => entry.action.replace(/_/g, ' ') },
  { header: 'On', cell: (entry) => [entry.target_kind, entry.target_id].filter(Boolean).join(' ') || '—' },
  { header: 'Change', className: 'audit__change', cell: (entry) => changes(entry.before, entry.after) || '—' },
];

export function AuditList() {
  const [action, setAction] = useState('');
  const trail = useAuditTrail(action.trim() || null);

  return (
    <section className="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit trail</h2>
      <div className="filters">
        <div className="field field--inline">
          <label htmlFor="audit-action">Action</label>
          <input id="audit-action" type="search" placeholder="e.g. user_created" value={action} onChange={(event) => setAction(event.target.value)} />
        </div>
      </div>
      <PagedList query={trail} loadingLabel="Loading the audit trail…" empty="No audited actions.">
        {(entries) => <DataTable caption="Audit trail" testId="audit-trail" columns={COLUMNS} rows={entries} rowKey={(entry) => entry.id} />}
      </PagedList>
    </section>
  );
}
