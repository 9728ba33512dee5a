// The audit trail: who did what, when, from where, newest first; "Show more" over cursors.
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { DataTable, type Column } from '../../../components/DataTable';
import { PagedList } from '../../../components/PagedList';
import { useFormat, type Formatters } from '../../../i18n/useFormat';
import type { AuditEntry } from '../../../lib/api/types';
import { useAuditTrail } from '../api/admin';

function changes(before: unknown, after: unknown): string {
  const text = (value: unknown) => (value ? JSON.stringify(value) : '');
  return [text(before), text(after)].filter(Boolean).join(' → ');
}

function columns(t: TFunction, format: Formatters): Column<AuditEntry>[] {
  return [
    { header: t('history.when'), cell: (entry) => format.instant(entry.occurred_at, 'dateTimeSeconds') },
    {
      header: t('history.who'),
      cell: (entry) => (
        <>
          {entry.actor_username ?? '—'}
          {entry.client_addr ? ` · ${entry.client_addr}` : ''}
        </>
      ),
    },
    { header: t('admin.audit.action'), cell: (entry) => entry.action.replace(/_/g, ' ') },
    { header: t('admin.audit.on'), cell: (entry) => [entry.target_kind, entry.target_id].filter(Boolean).join(' ') || '—' },
    { header: t('admin.audit.change'), className: 'audit__change', cell: (entry) => changes(entry.before, entry.after) || '—' },
  ];
}

export function AuditList() {
  const { t } = useTranslation();
  const format = useFormat();
  const [action, setAction] = useState('');
  const trail = useAuditTrail(action.trim() || null);

  return (
    <section className="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('admin.audit.title')}</h2>
      <div className="filters">
        <div className="field field--inline">
          <label htmlFor="audit-action">{t('admin.audit.action')}</label>
          <input id="audit-action" type="search" placeholder={t('admin.audit.placeholder')} value={action} onChange={(event) => setAction(event.target.value)} />
        </div>
      </div>
      <PagedList query={trail} loadingLabel={t('admin.audit.loading')} empty={t('admin.audit.empty')}>
        {(entries) => <DataTable caption={t('admin.audit.title')} testId="audit-trail" columns={columns(t, format)} rows={entries} rowKey={(entry) => entry.id} />}
      </PagedList>
    </section>
  );
}
