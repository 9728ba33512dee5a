import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { setParamsOnly } from '../../../lib/api/query-string';

/**
 * The chain child → parent → bill with who/when, and the bag's timeline; with `at`, also what
 * the parent held at that instant (`contents_at`). Changing `at` keeps the answer on screen
 * until the new one arrives.
 */
export function useTrace(qr: string | null, at: string | null = null) {
  return useQuery({
    queryKey: ['trace', qr, at],
    queryFn: () => unwrap(api.GET('/api/v1/trace/{qr}', { params: { path: { qr: qr ?? '' }, query: { at } }, querySerializer: setParamsOnly })),
    enabled: qr !== null,
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === qr ? keepPreviousData(previous) : undefined),
  });
}
