// Bills: filter by status, text, creator and days, page through with "Show more", create a new
// one; admins export the filtered list as CSV or XLSX.
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';

import { DataTable, type Column } from '../../../components/DataTable';
import { ExportButtons } from '../../../components/ExportButtons';
import { Empty } from '../../../components/Notices';
import { PagedList } from '../../../components/PagedList';
import { billStatusLabel } from '../../../i18n/labels';
import { useFormat, type Formatters } from '../../../i18n/useFormat';
import { useSiteZone } from '../../../lib/api/site';
import type { Bill } from '../../../lib/api/types';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { isBackwardDayRange } from '../../../lib/dates';
import { useBillList } from '../api/bills';
import { formatKg } from '../bill';
import { billQuery, NO_BILL_FILTERS, type BillFilters } from '../bill-filters';
import { BillCreateForm } from './BillCreateForm';
import { BillFilterBar } from './BillFilterBar';

function columns(t: TFunction, format: Formatters): Column<Bill>[] {
  return [
    { header: t('bills.bill'), cell: (bill) => <Link to={`/bills/${encodeURIComponent(bill.bill_id)}`}>{bill.bill_id}</Link> },
    { header: t('bills.status'), cell: (bill) => billStatusLabel(bill.status) },
    {
      header: t('bills.parents'),
      cell: (bill) => (
        <>
          {bill.linked_count}/{bill.capacity}
        </>
      ),
    },
    { header: t('bills.weightColumn'), cell: (bill) => formatKg(bill.actual_weight_kg) },
    { header: t('bills.form.destination'), cell: (bill) => bill.destination || '—' },
    { header: t('bills.created'), cell: (bill) => format.instant(bill.created_at) },
  ];
}

/** A message another screen left when it came here (a bill deleted). */
function messageFrom(state: unknown): string | null {
  return typeof state === 'object' && state !== null && 'message' in state && typeof state.message === 'string' ? state.message : null;
}

export function BillsScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const zone = useSiteZone();
  const message = messageFrom(useLocation().state);
  const [filters, setFilters] = useState<BillFilters>(NO_BILL_FILTERS);
  const [creating, setCreating] = useState(false);
  const rangeOk = !isBackwardDayRange(filters);
  const list = useBillList(filters, rangeOk);

  return (
    <section className="page" aria-labelledby="bills-title">
      <div className="page__header">
        <h1 id="bills-title">{t('bills.title')}</h1>
        {!creating && (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            {t('bills.new')}
          </button>
        )}
      </div>
      {message && (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      )}
      {creating && (
        <BillCreateForm onCancel={() => setCreating(false)} onCreated={(bill) => void navigate(`/bills/${encodeURIComponent(bill.bill_id)}`)} />
      )}
      <BillFilterBar filters={filters} onChange={setFilters} />
      {/* Exports are the admin's; the file holds the bills these filters list. */}
      {user?.role === 'admin' && (
        <ExportButtons table="bills" query={billQuery(filters, zone)} enabled={rangeOk} hint={t('exports.hint')} testId="bills-export" />
      )}
      {!rangeOk ? (
        <Empty>{t('filters.chooseDays')}</Empty>
      ) : (
        <PagedList query={list} loadingLabel={t('bills.loading')} empty={t('bills.empty')}>
          {(bills) => <DataTable caption={t('bills.title')} columns={columns(t, format)} rows={bills} rowKey={(bill) => bill.bill_id} />}
        </PagedList>
      )}
    </section>
  );
}
