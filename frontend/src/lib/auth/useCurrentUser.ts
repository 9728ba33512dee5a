import { useSyncExternalStore } from 'react';

import { session } from '../api/client';
import type { User } from '../api/types';

/** The signed-in user; re-renders on sign-in, refresh and sign-out. */
export function useCurrentUser(): User | null {
  return useSyncExternalStore(session.subscribe, session.user, session.user);
}
