// The bag list over /api/v1/bags: filters, cursor pages, stable order. Dispatchers see
// their own area only (the server decides).
import { useInfiniteQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { setParamsOnly } from '../../../lib/api/query-string';
import type { BagKind, BagStatus } from '../../../lib/api/types';

export interface BagFilters {
  q: string | null;
  kind: BagKind | null;
  status: BagStatus | null;
  area: string | null;
  linked: boolean | null;
  billed: boolean | null;
}

export const BAG_STATUSES: Record<BagKind, BagStatus[]> = {
  parent: ['pending', 'in_progress', 'completed'],
  child: ['unlinked', 'linked'],
};

export function asBagStatus(value: string | null): BagStatus | null {
  return [...BAG_STATUSES.parent, ...BAG_STATUSES.child].find((status) => status === value) ?? null;
}

const PAGE_SIZE = 50;

export function useBagList(filters: BagFilters) {
  return useInfiniteQuery({
    queryKey: ['bags', 'list', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/bags', {
          params: { query: { ...filters, cursor: pageParam, limit: PAGE_SIZE } },
          querySerializer: setParamsOnly,
        }),
      ),
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}
