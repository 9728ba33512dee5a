// The bag list over /api/v1/bags: filters, cursor pages, stable order. Dispatchers see
// their own area only (the server decides).
import { useInfiniteQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { setParamsOnly } from '../../../lib/api/query-string';
import { useSiteZone } from '../../../lib/api/site';
import { bagQuery, type BagFilters } from '../bag-filters';

const PAGE_SIZE = 50;

/** `enabled`: false while the filters could only ever show nothing (days the wrong way round). */
export function useBagList(filters: BagFilters, enabled = true) {
  const query = bagQuery(filters, useSiteZone());
  return useInfiniteQuery({
    queryKey: ['bags', 'list', query],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/bags', {
          params: { query: { ...query, cursor: pageParam, limit: PAGE_SIZE } },
          querySerializer: setParamsOnly,
        }),
      ),
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}
