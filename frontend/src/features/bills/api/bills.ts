// The bill endpoints: list (cursor pages), one bill with its parents, create, load a parent
// by scan (Idempotency-Key per scan), take one off, complete, reopen.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { setParamsOnly } from '../../../lib/api/query-string';
import type { Bill, BillDetail, BillLoadResult, BillStatusFilter, CreateBill } from '../../../lib/api/types';

export interface BillFilters {
  status: BillStatusFilter | null;
  q: string | null;
}

export const billKeys = {
  all: ['bills'] as const,
  list: (filters: BillFilters) => ['bills', 'list', filters] as const,
  detail: (bill_id: string) => ['bills', 'detail', bill_id] as const,
};

const PAGE_SIZE = 50;

export function useBillList(filters: BillFilters) {
  return useInfiniteQuery({
    queryKey: billKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/bills', {
          params: { query: { ...filters, cursor: pageParam, limit: PAGE_SIZE } },
          querySerializer: setParamsOnly,
        }),
      ),
    getNextPageParam: (page) => page.next_cursor ?? null,
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

export function loadParent(bill_id: string, qr: string, idempotency_key: string): Promise<BillLoadResult> {
  return unwrap(
    api.POST('/api/v1/bills/{bill_id}/parents', {
      params: { path: { bill_id }, header: { 'Idempotency-Key': idempotency_key } },
      body: { qr },
    }),
  );
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
