// The end-of-day summary of one of the site's days: JSON for the screen; CSV and PDF fetched
// with the bearer token as files.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { downloaded, type Download } from '../../../lib/api/download';
import { ApiError, summarizeProblem } from '../../../lib/api/problem';
import type { EndOfDay } from '../../../lib/api/types';

/** One of the site's days (`YYYY-MM-DD`); refetched every minute while today is open. */
export function useEndOfDay(date: string) {
  return useQuery({
    queryKey: ['reports', 'eod', date],
    queryFn: async (): Promise<EndOfDay> => {
      // The same path answers CSV when asked (`format=csv`); without it, JSON.
      const figures = await unwrap(api.GET('/api/v1/reports/eod', { params: { query: { date } } }));
      if (typeof figures === 'string') throw new ApiError(summarizeProblem(undefined, new Response(null, { status: 502 })));
      return figures;
    },
    refetchInterval: 60_000,
  });
}

export function downloadEndOfDayCsv(date: string): Promise<Download> {
  return downloaded(api.GET('/api/v1/reports/eod', { params: { query: { date, format: 'csv' } }, parseAs: 'blob' }));
}

/** The same report as the server's PDF (same parameters as the JSON). */
export function downloadEndOfDayPdf(date: string): Promise<Download> {
  return downloaded(api.GET('/api/v1/reports/eod.pdf', { params: { query: { date } }, parseAs: 'blob' }));
}
