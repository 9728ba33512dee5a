import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { isRecord } from '../../../lib/api/problem';
import type { components } from '../../../lib/api/schema';

type Readiness = components['schemas']['Readiness'];

/** A 503 from /health/ready carries the same body as a 200 (which part is down). */
function isReadiness(body: unknown): body is Readiness {
  return isRecord(body) && typeof body.status === 'string' && typeof body.database === 'string' && typeof body.redis === 'string';
}

/** Server readiness (database and Redis), refreshed every 30 s. A 503 still carries the body. */
export function useReadiness() {
  return useQuery({
    queryKey: ['health', 'ready'],
    queryFn: async (): Promise<Readiness> => {
      const result = await api.GET('/health/ready');
      const body: unknown = result.error;
      if (result.response.status === 503 && isReadiness(body)) return body;
      return unwrap(Promise.resolve(result));
    },
    refetchInterval: 30_000,
  });
}
