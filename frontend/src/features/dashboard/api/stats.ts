// Dashboard figures: GET /stats (refetched every 10 s) and GET /stats/activity for one day.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';

export const STATS_REFRESH_MS = 10_000;

export function useStats() {
  return useQuery({
    queryKey: ['stats'],
    queryFn: () => unwrap(api.GET('/api/v1/stats')),
    refetchInterval: STATS_REFRESH_MS,
  });
}

/** Scans per hour of one of the site's days (`YYYY-MM-DD`). */
export function useActivity(date: string) {
  return useQuery({
    queryKey: ['stats', 'activity', date],
    queryFn: () => unwrap(api.GET('/api/v1/stats/activity', { params: { query: { date } } })),
    refetchInterval: STATS_REFRESH_MS,
  });
}
