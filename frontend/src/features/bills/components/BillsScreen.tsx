// Bills: filter by status, text, creator and days, page through with "Show more", create a new one.
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';

import { DataTable, type Column } from '../../../components/DataTable';
import { Empty } from '../../../components/Notices';
import { PagedList } from '../../../components/PagedList';
import { billStatusLabel } from '../../../i18n/labels';
import { useFormat, type Formatters } from '../../../i18n/useFormat';
import type { Bill } from '../../../lib/api/types';
import { isBackwardDayRange } from '../../../lib/dates';
import { NO_BILL_FILTERS, useBillList, type BillFilters } from '../api/bills';
import { formatKg } from '../bill';
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
