// Bills: filter by status and text, page through with "Show more", create a new one.
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';

import { DataTable, type Column } from '../../../components/DataTable';
import { PagedList } from '../../../components/PagedList';
import type { Bill, BillStatusFilter } from '../../../lib/api/types';
import { useBillList, type BillFilters } from '../api/bills';
import { formatKg } from '../bill';
import { BillCreateForm } from './BillCreateForm';

const STATUSES: BillStatusFilter[] = ['new', 'processing', 'completed'];
const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

const COLUMNS: Column<Bill>[] = [
  { header: 'Bill', cell: (bill) => <Link to={`/bills/${encodeURIComponent(bill.bill_id)}`}>{bill.bill_id}</Link> },
  { header: 'Status', cell: (bill) => bill.status },
  {
    header: 'Parents',
    cell: (bill) => (
      <>
        {bill.linked_count}/{bill.capacity}
      </>
    ),
  },
  { header: 'Weight (child counts)', cell: (bill) => formatKg(bill.actual_weight_kg) },
  { header: 'Destination', cell: (bill) => bill.destination || '—' },
  { header: 'Created', cell: (bill) => WHEN.format(new Date(bill.created_at)) },
];

/** A message another screen left when it came here (a bill deleted). */
function messageFrom(state: unknown): string | null {
  return typeof state === 'object' && state !== null && 'message' in state && typeof state.message === 'string' ? state.message : null;
}

export function BillsScreen() {
  const navigate = useNavigate();
  const message = messageFrom(useLocation().state);
  const [filters, setFilters] = useState<BillFilters>({ status: null, q: null });
  const [creating, setCreating] = useState(false);
  const list = useBillList(filters);

  return (
    <section className="page" aria-labelledby="bills-title">
      <div className="page__header">
        <h1 id="bills-title">Bills</h1>
        {!creating && (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            New bill
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
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <div className="field field--inline">
          <label htmlFor="bills-q">Search</label>
          <input id="bills-q" type="search" value={filters.q ?? ''} placeholder="Bill id, destination, vehicle"
            onChange={(event) => setFilters((f) => ({ ...f, q: event.target.value || null }))} />
        </div>
        <div className="field field--inline">
          <label htmlFor="bills-status">Status</label>
          <select id="bills-status" value={filters.status ?? ''}
            onChange={(event) => setFilters((f) => ({ ...f, status: STATUSES.find((s) => s === event.target.value) ?? null }))}>
            <option value="">Any</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </div>
      </form>
      <PagedList query={list} loadingLabel="Loading bills…" empty="No bills match these filters.">
        {(bills) => <DataTable caption="Bills" columns={COLUMNS} rows={bills} rowKey={(bill) => bill.bill_id} />}
      </PagedList>
    </section>
  );
}
