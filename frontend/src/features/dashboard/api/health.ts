import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';

/** Server readiness (database and Redis), refreshed every 30 s. A 503 still carries the body. */
export function useReadiness() {
  return useQuery({
    queryKey: ['health', 'ready'],
    queryFn: async () => {
      const result = await api.GET('/health/ready');
      if (result.response.status === 503 && result.error) return result.error;
      return unwrap(Promise.resolve(result));
    },
    refetchInterval: 30_000,
  });
}
