// The audit trail: who did what, when, from where, newest first, each change as readable
// lines; filtered by action, person and days; "Show more" over cursors. A name narrows the
// trail to that person. "Export" downloads the trail with the same filters as CSV or XLSX.
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { DataTable, type Column } from '../../../components/DataTable';
import { Empty } from '../../../components/Notices';
import { PagedList } from '../../../components/PagedList';
import { useFormat, type Formatters } from '../../../i18n/useFormat';
import type { AuditEntry } from '../../../lib/api/types';
import { isBackwardDayRange } from '../../../lib/dates';
import { NO_AUDIT_FILTERS, useAuditTrail, type AuditFilters } from '../api/admin';
import { auditActionLabel, auditTargetText } from '../audit-actions';
import { AuditDiff } from './AuditDiff';
import { AuditExport } from './AuditExport';
import { AuditFilterBar } from './AuditFilterBar';

function columns(t: TFunction, format: Formatters, onActor: (id: string, name: string) => void): Column<AuditEntry>[] {
  return [
    {
      header: t('history.when'),
      cell: (entry) => <time dateTime={entry.occurred_at}>{format.instant(entry.occurred_at, 'dateTimeSeconds')}</time>,
    },
    {
      header: t('history.who'),
      cell: (entry) => {
        const { actor_id: id, actor_username: name } = entry;
        return (
          <>
            {id && name ? (
              <button type="button" className="link-button" onClick={() => onActor(id, name)}>
                {name}
                <span className="visually-hidden"> {t('admin.audit.onlyTheirs')}</span>
              </button>
            ) : (
              (name ?? '—')
            )}
            {entry.client_addr && <span className="muted"> · {entry.client_addr}</span>}
          </>
        );
      },
    },
    { header: t('admin.audit.action'), cell: (entry) => auditActionLabel(entry.action) },
    { header: t('admin.audit.on'), cell: (entry) => auditTargetText(entry) || '—' },
    { header: t('admin.audit.change'), className: 'audit__change', cell: (entry) => <AuditDiff entry={entry} /> },
  ];
}

export function AuditList() {
  const { t } = useTranslation();
  const format = useFormat();
  const [filters, setFilters] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const rangeOk = !isBackwardDayRange(filters);
  const trail = useAuditTrail(filters, rangeOk);
  const onActor = (actor: string, actor_name: string) => setFilters((current) => ({ ...current, actor, actor_name }));

  return (
    <section className="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('admin.audit.title')}</h2>
      <AuditFilterBar filters={filters} onChange={setFilters} />
      <AuditExport filters={filters} enabled={rangeOk} />
      {!rangeOk ? (
        <Empty>{t('filters.chooseDays')}</Empty>
      ) : (
        <PagedList query={trail} loadingLabel={t('admin.audit.loading')} empty={t('admin.audit.empty')}>
          {(entries) => (
            <DataTable caption={t('admin.audit.title')} testId="audit-trail" columns={columns(t, format, onActor)} rows={entries}
              rowKey={(entry) => entry.id} rowAttributes={(entry) => ({ 'data-action': entry.action })} />
          )}
        </PagedList>
      )}
    </section>
  );
}
