// The bag list over /api/v1/bags: filters, cursor pages, stable order. Dispatchers see
// their own area only (the server decides).
import { useInfiniteQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { setParamsOnly } from '../../../lib/api/query-string';
import { useSiteZone } from '../../../lib/api/site';
import type { BagKind, BagStatus } from '../../../lib/api/types';
import { personAndDaysQuery, type PersonAndDays } from '../../../lib/list-filters';

/** The list's filters; the person is who created the bag, the days when (the site's days). */
export interface BagFilters extends PersonAndDays {
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

/** What the API is asked: the filters, with the days as instants on the site's clock and no display name. */
function bagQuery(filters: BagFilters, timeZone: string | null) {
  const { user_name: _shown, ...rest } = filters;
  return { ...rest, ...personAndDaysQuery(filters, timeZone) };
}

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
