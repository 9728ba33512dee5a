// Return tickets (SPEC §5): list (cursor pages), one ticket with its parents, create, scan a
// parent in (Idempotency-Key per scan), edit an open ticket's notes, finalise, cancel.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { setParamsOnly } from '../../../lib/api/query-string';
import type { CreateReturn, ReturnDetail, ReturnTicket, UpdateReturn } from '../../../lib/api/types';

export const returnKeys = {
  all: ['returns'] as const,
  list: (status: string | null) => ['returns', 'list', status] as const,
  detail: (code: string) => ['returns', 'detail', code] as const,
};

export function useReturnList(status: string | null) {
  return useInfiniteQuery({
    queryKey: returnKeys.list(status),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/returns', { params: { query: { status, cursor: pageParam, limit: 50 } }, querySerializer: setParamsOnly }),
      ),
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

export function useReturn(code: string) {
  return useQuery({
    queryKey: returnKeys.detail(code),
    queryFn: (): Promise<ReturnDetail> => unwrap(api.GET('/api/v1/returns/{code}', { params: { path: { code } } })),
  });
}

export function createReturn(body: CreateReturn): Promise<ReturnTicket> {
  return unwrap(api.POST('/api/v1/returns', { body }));
}

export function scanReturnParent(code: string, qr: string, idempotency_key: string): Promise<ReturnTicket> {
  return unwrap(
    api.POST('/api/v1/returns/{code}/parents', {
      params: { path: { code }, header: { 'Idempotency-Key': idempotency_key } },
      body: { qr },
    }),
  );
}

export function finalizeReturn(code: string): Promise<ReturnTicket> {
  return unwrap(api.POST('/api/v1/returns/{code}/finalize', { params: { path: { code } } }));
}

export function cancelReturn(code: string): Promise<ReturnTicket> {
  return unwrap(api.POST('/api/v1/returns/{code}/cancel', { params: { path: { code } } }));
}

export function updateReturn(code: string, body: UpdateReturn): Promise<ReturnTicket> {
  return unwrap(api.PATCH('/api/v1/returns/{code}', { params: { path: { code } }, body }));
}
