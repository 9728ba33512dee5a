// The people a list can be narrowed to. Only admins may list users (GET /users), so only they
// are offered everyone; the others choose themselves, or press a name a list shows.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from './client';
import { setParamsOnly } from './query-string';
import type { User } from './types';

/** Enough for a site's staff in one answer; the select lists them by username. */
const MOST_USERS = 500;

export function useUserChoices(enabled: boolean) {
  return useQuery({
    // Under `users`, so a change made on the users screen refreshes it too.
    queryKey: ['users', 'choices'],
    queryFn: async (): Promise<User[]> => {
      const page = await unwrap(api.GET('/api/v1/users', { params: { query: { limit: MOST_USERS } }, querySerializer: setParamsOnly }));
      return [...page.items].sort((a, b) => a.username.localeCompare(b.username));
    },
    enabled,
    staleTime: 5 * 60_000,
  });
}
