// Dashboard figures: GET /stats and GET /stats/activity for one day. While the live stream is
// up they are asked for again when it announces a change (hooks/useLiveDashboard.ts); while it
// is down they are polled every 30 s instead.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';

export const FALLBACK_POLL_MS = 30_000;

/** `polling`: the live stream is down, so the figures are asked for on a timer. */
export function useStats(polling: boolean) {
  return useQuery({
    queryKey: ['stats'],
    queryFn: () => unwrap(api.GET('/api/v1/stats')),
    refetchInterval: polling ? FALLBACK_POLL_MS : false,
  });
}

/** Scans per hour of one of the site's days (`YYYY-MM-DD`). */
export function useActivity(date: string, polling: boolean) {
  return useQuery({
    queryKey: ['stats', 'activity', date],
    queryFn: () => unwrap(api.GET('/api/v1/stats/activity', { params: { query: { date } } })),
    refetchInterval: polling ? FALLBACK_POLL_MS : false,
  });
}
