// Bills: filter by status and text, page through with "Show more", create a new one.
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';

import { LoadMore } from '../../../components/LoadMore';
import { Empty, Loading, ProblemNotice } from '../../../components/Notices';
import { toProblem } from '../../../lib/api/problem';
import type { BillStatusFilter } from '../../../lib/api/types';
import { useBillList, type BillFilters } from '../api/bills';
import { formatKg } from '../bill';
import { BillCreateForm } from './BillCreateForm';

const STATUSES: BillStatusFilter[] = ['new', 'processing', 'completed'];
const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

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
  const bills = list.data?.pages.flatMap((page) => page.items) ?? [];

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
      {list.isPending ? (
        <Loading label="Loading bills…" />
      ) : list.isError ? (
        <ProblemNotice problem={toProblem(list.error)} onRetry={() => void list.refetch()} />
      ) : bills.length === 0 ? (
        <Empty>No bills match these filters.</Empty>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Bills</caption>
          <thead>
            <tr>
              <th scope="col">Bill</th>
              <th scope="col">Status</th>
              <th scope="col">Parents</th>
              <th scope="col">Weight</th>
              <th scope="col">Destination</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {bills.map((bill) => (
              <tr key={bill.bill_id}>
                <td data-label="Bill">
                  <Link to={`/bills/${encodeURIComponent(bill.bill_id)}`}>{bill.bill_id}</Link>
                </td>
                <td data-label="Status">{bill.status}</td>
                <td data-label="Parents">
                  {bill.linked_count}/{bill.capacity}
                </td>
                <td data-label="Weight">{formatKg(bill.actual_weight_kg)}</td>
                <td data-label="Destination">{bill.destination || '—'}</td>
                <td data-label="Created">{WHEN.format(new Date(bill.created_at))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
    </section>
  );
}
