// The event history over /api/v1/events: filters, cursor pages, newest first. Dispatchers
// see their own area's events only (the server decides).
import { useInfiniteQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { setParamsOnly } from '../../../lib/api/query-string';
import { eventQuery, type EventFilters } from '../history';

const PAGE_SIZE = 50;

export function useEventList(filters: EventFilters, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['events', 'list', eventQuery(filters)],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/events', {
          params: { query: { ...eventQuery(filters), cursor: pageParam, limit: PAGE_SIZE } },
          querySerializer: setParamsOnly,
        }),
      ),
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}
