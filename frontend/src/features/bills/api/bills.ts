// The bill endpoints: list (cursor pages), one bill with its parents, create, load a parent
// by scan or by hand (Idempotency-Key per scan), take one off, complete, reopen, delete.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { downloaded, type Download } from '../../../lib/api/download';
import { setParamsOnly } from '../../../lib/api/query-string';
import { useSiteZone } from '../../../lib/api/site';
import type { Bag, Bill, BillDetail, BillLoadResult, CreateBill } from '../../../lib/api/types';
import { billQuery, type BillFilters } from '../bill-filters';
import type { BillTextsUpdate } from '../bill-texts';

export const billKeys = {
  all: ['bills'] as const,
  list: (query: object) => ['bills', 'list', query] as const,
  detail: (bill_id: string) => ['bills', 'detail', bill_id] as const,
};

const PAGE_SIZE = 50;

/** `enabled`: false while the days are the wrong way round. */
export function useBillList(filters: BillFilters, enabled = true) {
  const query = billQuery(filters, useSiteZone());
  return useInfiniteQuery({
    queryKey: billKeys.list(query),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/bills', {
          params: { query: { ...query, cursor: pageParam, limit: PAGE_SIZE } },
          querySerializer: setParamsOnly,
        }),
      ),
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}

export function useBill(bill_id: string) {
  return useQuery({
    queryKey: billKeys.detail(bill_id),
    queryFn: (): Promise<BillDetail> => unwrap(api.GET('/api/v1/bills/{bill_id}', { params: { path: { bill_id } } })),
  });
}

export function createBill(body: CreateBill): Promise<Bill> {
  return unwrap(api.POST('/api/v1/bills', { body }));
}

/**
 * How a parent reaches the bill: scanned (never creates one), or typed by hand (`manual`),
 * which creates it when new, in `area` (chosen on screen after asking).
 */
export type LoadEntry = { manual: false } | { manual: true; area: string | null };

export function loadParent(bill_id: string, qr: string, idempotency_key: string, entry: LoadEntry = { manual: false }): Promise<BillLoadResult> {
  return unwrap(
    api.POST('/api/v1/bills/{bill_id}/parents', {
      params: { path: { bill_id }, header: { 'Idempotency-Key': idempotency_key } },
      body: !entry.manual ? { qr } : entry.area ? { qr, manual: true, area: entry.area } : { qr, manual: true },
    }),
  );
}

/** Whether a QR typed by hand is a known bag: the bag, or null when there is none (404). */
export async function findBag(qr: string): Promise<Bag | null> {
  const call = api.GET('/api/v1/bags/{qr}', { params: { path: { qr } } });
  const result = await call.catch(() => undefined);
  if (result?.response.status === 404) return null;
  // Any other failure (no answer, a malformed QR …) is the caller's to show.
  return (await unwrap(call)).bag;
}

export function unloadParent(bill_id: string, qr: string) {
  return unwrap(api.DELETE('/api/v1/bills/{bill_id}/parents/{qr}', { params: { path: { bill_id, qr } } }));
}

export function completeBill(bill_id: string): Promise<Bill> {
  return unwrap(api.POST('/api/v1/bills/{bill_id}/complete', { params: { path: { bill_id } } }));
}

export function reopenBill(bill_id: string): Promise<Bill> {
  return unwrap(api.POST('/api/v1/bills/{bill_id}/reopen', { params: { path: { bill_id } } }));
}

/** Lower (never below the parents loaded) or raise the capacity; frozen once completed. */
export function updateBillCapacity(bill_id: string, capacity: number): Promise<Bill> {
  return unwrap(api.PATCH('/api/v1/bills/{bill_id}', { params: { path: { bill_id } }, body: { capacity } }));
}

/** The truck's weighbridge weight in kg; null clears it. */
export function updateWeighbridgeWeight(bill_id: string, weighbridge_weight_kg: number | null): Promise<Bill> {
  return unwrap(api.PATCH('/api/v1/bills/{bill_id}', { params: { path: { bill_id } }, body: { weighbridge_weight_kg } }));
}

/** The bill's texts (description, destination, vehicle number): only those in `texts` change. */
export function updateBillTexts(bill_id: string, texts: BillTextsUpdate): Promise<Bill> {
  return unwrap(api.PATCH('/api/v1/bills/{bill_id}', { params: { path: { bill_id } }, body: texts }));
}

/** Admin only; the bill's parents become free to load elsewhere. */
export async function deleteBill(bill_id: string): Promise<void> {
  await unwrap(api.DELETE('/api/v1/bills/{bill_id}', { params: { path: { bill_id } } }));
}

/** The bill of dispatch, as the server's PDF. */
export function downloadBillOfDispatch(bill_id: string): Promise<Download> {
  return downloaded(api.GET('/api/v1/bills/{bill_id}/dispatch.pdf', { params: { path: { bill_id } }, parseAs: 'blob' }));
}

/** The labels of the bill's parents as the server's PDF (A4 sheets). */
export function downloadBillLabels(bill_id: string): Promise<Download> {
  return downloaded(api.GET('/api/v1/bills/{bill_id}/labels.{format}', { params: { path: { bill_id, format: 'pdf' } }, parseAs: 'blob' }));
}
