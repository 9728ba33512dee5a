import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';

/** The chain child → parent → bill with who/when, and the bag's timeline. */
export function useTrace(qr: string | null) {
  return useQuery({
    queryKey: ['trace', qr],
    queryFn: () => unwrap(api.GET('/api/v1/trace/{qr}', { params: { path: { qr: qr ?? '' } } })),
    enabled: qr !== null,
  });
}
