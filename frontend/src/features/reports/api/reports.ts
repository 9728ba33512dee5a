// The end-of-day summary: JSON for the screen, CSV fetched with the bearer token as a file.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { ApiError, summarizeProblem } from '../../../lib/api/problem';
import type { EndOfDay } from '../../../lib/api/types';

/** One UTC day (`YYYY-MM-DD`); refetched every minute while today is open. */
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

export async function downloadEndOfDayCsv(date: string): Promise<{ blob: Blob; disposition: string | null }> {
  const result = await api.GET('/api/v1/reports/eod', { params: { query: { date, format: 'csv' } }, parseAs: 'blob' });
  const blob = await unwrap(Promise.resolve({ ...result, data: result.data as Blob | undefined }));
  return { blob, disposition: result.response.headers.get('Content-Disposition') };
}
