// Who is signed in, and with which tokens. The access token lives only in memory; the
// refresh token goes to sessionStorage (not localStorage), so a reload keeps the session
// for this tab while closing the tab forgets it. Who the user is goes there too, so a reload
// without network (the app shell comes from the service worker) still opens the screens for
// them: scans made then wait, and the refresh token renews the session once the network is back.
import type { TokenPair, User } from './types';

/** The part of the Web Storage API the session needs (sessionStorage, or a fake in tests). */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const REFRESH_TOKEN_KEY = 'tracetrack.refresh_token';
export const USER_KEY = 'tracetrack.user';

export interface Session {
  accessToken(): string | null;
  refreshToken(): string | null;
  /** The signed-in user, or null. Stable between changes (safe for useSyncExternalStore). */
  user(): User | null;
  signIn(pair: TokenPair): void;
  /** The signed-in user as the server now describes them (same tokens); anyone else is ignored. */
  updateUser(user: User): void;
  /**
   * After a reload with no network: the user this tab was signed in as, without an access
   * token (the first answer 401 spends the refresh token then). False when there is none.
   */
  resumeOffline(): boolean;
  clear(): void;
  subscribe(listener: () => void): () => void;
}

export function createSession(storage: TokenStorage | null): Session {
  let accessToken: string | null = null;
  let user: User | null = null;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());

  return {
    accessToken: () => accessToken,
    refreshToken: () => safely(() => storage?.getItem(REFRESH_TOKEN_KEY) ?? null, null),
    user: () => user,
    signIn(pair) {
      accessToken = pair.access_token;
      user = pair.user;
      safely(() => storage?.setItem(REFRESH_TOKEN_KEY, pair.refresh_token), undefined);
      safely(() => storage?.setItem(USER_KEY, JSON.stringify(pair.user)), undefined);
      notify();
    },
    updateUser(next) {
      // An answer that arrives after a sign-out or a switch of user must not sign anyone in.
      if (user === null || user.id !== next.id) return;
      user = next;
      safely(() => storage?.setItem(USER_KEY, JSON.stringify(next)), undefined);
      notify();
    },
    resumeOffline() {
      if (user !== null) return true;
      const kept = safely(() => (storage?.getItem(REFRESH_TOKEN_KEY) ? storage.getItem(USER_KEY) : null), null);
      const parsed = kept ? safely((): unknown => JSON.parse(kept), null) : null;
      if (!isUser(parsed)) return false;
      user = parsed;
      notify();
      return true;
    },
    clear() {
      const changed = accessToken !== null || user !== null;
      accessToken = null;
      user = null;
      safely(() => storage?.removeItem(REFRESH_TOKEN_KEY), undefined);
      safely(() => storage?.removeItem(USER_KEY), undefined);
      if (changed) notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Enough of a User to open the screens for them; the server describes them anew once online. */
function isUser(value: unknown): value is User {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.id === 'string' && typeof candidate.username === 'string' && typeof candidate.role === 'string';
}

/** Storage can throw (private mode, quota, disabled): the session then lasts until reload. */
function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

export function browserSessionStorage(): TokenStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}
