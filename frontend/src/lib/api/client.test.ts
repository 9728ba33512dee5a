import { describe, expect, it } from 'vitest';

import { createApiClient, createApiConnection, unwrap } from './client';
import { ApiError } from './problem';
import { createSession, REFRESH_TOKEN_KEY, type TokenStorage } from './session';
import type { TokenPair, User } from './types';

const user: User = {
  id: '0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01',
  username: 'ravi',
  display_name: 'Ravi',
  role: 'dispatcher',
  area: 'lucknow',
  locked: false, totp_enabled: false, language: 'en',
  created_at: '2026-11-28T09:00:00Z',
  updated_at: '2026-11-28T09:00:00Z',
};

function pair(n: number): TokenPair {
  return { access_token: `access-${n}`, refresh_token: `refresh-${n}`, token_type: 'Bearer', expires_in: 900, user };
}

function memoryStorage(): TokenStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

const unauthorized = {
  type: 'urn:tracetrack:problem:unauthorized', title: 'Unauthorized', status: 401,
  code: 'unauthorized', message: 'expired token', request_id: 'r1',
};

/** A fake server: `/auth/me` wants `access-<valid>`; `/auth/refresh` rotates. */
function fakeServer(valid: { access: string; refresh: string | null }) {
  const log: string[] = [];
  let issued = 1;
  const fetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const auth = request.headers.get('Authorization');
    log.push(`${request.method} ${path} ${auth ?? '-'}`);
    if (path === '/api/v1/auth/refresh') {
      const body = (await request.json()) as { refresh_token: string };
      if (body.refresh_token !== valid.refresh) return json(401, unauthorized);
      issued += 1;
      valid.access = `access-${issued}`;
      valid.refresh = `refresh-${issued}`;
      return json(200, pair(issued));
    }
    if (auth !== `Bearer ${valid.access}`) return json(401, unauthorized);
    if (path === '/api/v1/users') {
      const body = (await request.json()) as { username: string };
      return json(201, { ...user, username: body.username });
    }
    return json(200, user);
  };
  /** The server revokes the current access token (it has not expired). */
  const revokeAccess = () => {
    valid.access = 'revoked-on-server';
  };
  return { fetch, log, revokeAccess };
}

describe('api client', () => {
  it('sends the bearer token', async () => {
    const storage = memoryStorage();
    const session = createSession(storage);
    session.signIn(pair(1));
    const server = fakeServer({ access: 'access-1', refresh: 'refresh-1' });
    const api = createApiClient({ session, baseUrl: 'http://test', fetch: server.fetch });

    const me = await unwrap(api.GET('/api/v1/auth/me'));

    expect(me.username).toBe('ravi');
    expect(server.log).toEqual(['GET /api/v1/auth/me Bearer access-1']);
    expect(storage.data.get(REFRESH_TOKEN_KEY)).toBe('refresh-1');
  });

  it('refreshes once on 401 and retries the request with its body', async () => {
    const session = createSession(memoryStorage());
    session.signIn(pair(1));
    const server = fakeServer({ access: 'stale-on-server', refresh: 'refresh-1' });
    const api = createApiClient({ session, baseUrl: 'http://test', fetch: server.fetch });

    const created = await unwrap(
      api.POST('/api/v1/users', { body: { username: 'asha', password: 'Seed-Bag-2026!', role: 'biller' } }),
    );

    expect(created.username).toBe('asha');
    expect(session.accessToken()).toBe('access-2');
    expect(session.refreshToken()).toBe('refresh-2');
    expect(server.log).toEqual([
      'POST /api/v1/users Bearer access-1',
      'POST /api/v1/auth/refresh -',
      'POST /api/v1/users Bearer access-2',
    ]);
  });

  it('spends the refresh token only once for simultaneous 401s', async () => {
    const session = createSession(memoryStorage());
    session.signIn(pair(1));
    const server = fakeServer({ access: 'stale-on-server', refresh: 'refresh-1' });
    const api = createApiClient({ session, baseUrl: 'http://test', fetch: server.fetch });

    await Promise.all([unwrap(api.GET('/api/v1/auth/me')), unwrap(api.GET('/api/v1/auth/me'))]);

    expect(server.log.filter((line) => line.includes('/auth/refresh'))).toHaveLength(1);
  });

  it('shares the refresh with callers outside the client (the live stream): one refresh for both', async () => {
    const session = createSession(memoryStorage());
    session.signIn(pair(1));
    const server = fakeServer({ access: 'stale-on-server', refresh: 'refresh-1' });
    const { api, renew } = createApiConnection({ session, baseUrl: 'http://test', fetch: server.fetch });

    const [, outcome] = await Promise.all([unwrap(api.GET('/api/v1/auth/me')), renew()]);

    expect(outcome).toBe('renewed');
    expect(server.log.filter((line) => line.includes('/auth/refresh'))).toHaveLength(1);
    expect(session.accessToken()).toBe('access-2');
  });

  it('renew() says signed_out and clears the session when the refresh token is refused', async () => {
    const session = createSession(memoryStorage());
    session.signIn(pair(1));
    const server = fakeServer({ access: 'access-1', refresh: 'someone-else' });
    const { renew } = createApiConnection({ session, baseUrl: 'http://test', fetch: server.fetch });

    expect(await renew()).toBe('signed_out');
    expect(session.user()).toBeNull();
  });

  it('signs out when the refresh token is refused', async () => {
    const storage = memoryStorage();
    const session = createSession(storage);
    session.signIn(pair(1));
    let notified = 0;
    session.subscribe(() => (notified += 1));
    const server = fakeServer({ access: 'stale-on-server', refresh: 'revoked' });
    const api = createApiClient({ session, baseUrl: 'http://test', fetch: server.fetch });

    const failure = await unwrap(api.GET('/api/v1/auth/me')).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).problem.code).toBe('unauthorized');
    expect(session.user()).toBeNull();
    expect(storage.data.has(REFRESH_TOKEN_KEY)).toBe(false);
    expect(notified).toBe(1);
  });

  it('does not refresh for a failed login', async () => {
    const session = createSession(memoryStorage());
    session.signIn(pair(1));
    const log: string[] = [];
    const fetch = async (request: Request) => {
      log.push(`${request.method} ${new URL(request.url).pathname}`);
      return json(401, { ...unauthorized, message: 'wrong username or password' });
    };
    const api = createApiClient({ session, baseUrl: 'http://test', fetch });

    const result = await api.POST('/api/v1/auth/login', { body: { username: 'a', password: 'b' } });

    expect(result.response.status).toBe(401);
    expect(log).toEqual(['POST /api/v1/auth/login']);
  });

  it('refreshes and retries once when the server revoked a still-unexpired access token', async () => {
    // The server revokes access tokens on a change of role or area, a password change or a
    // sign-out elsewhere: the token is refused before it expires.
    const session = createSession(memoryStorage());
    session.signIn(pair(1));
    const server = fakeServer({ access: 'access-1', refresh: 'refresh-1' });
    const api = createApiClient({ session, baseUrl: 'http://test', fetch: server.fetch });
    await unwrap(api.GET('/api/v1/auth/me'));

    server.revokeAccess(); // e.g. an admin moved this user to another area
    const me = await unwrap(api.GET('/api/v1/auth/me'));

    expect(me.username).toBe('ravi');
    expect(session.accessToken()).toBe('access-2');
    expect(server.log).toEqual([
      'GET /api/v1/auth/me Bearer access-1',
      'GET /api/v1/auth/me Bearer access-1',
      'POST /api/v1/auth/refresh -',
      'GET /api/v1/auth/me Bearer access-2',
    ]);
  });

  it('retries only once: a fresh token refused as well signs the tab out', async () => {
    const session = createSession(memoryStorage());
    session.signIn(pair(1));
    const log: string[] = [];
    let issued = 1;
    const fetch = async (request: Request) => {
      const path = new URL(request.url).pathname;
      log.push(`${request.method} ${path} ${request.headers.get('Authorization') ?? '-'}`);
      if (path === '/api/v1/auth/refresh') return json(200, pair(++issued));
      return json(401, unauthorized); // every access token refused
    };
    const api = createApiClient({ session, baseUrl: 'http://test', fetch });

    const failure = await unwrap(api.GET('/api/v1/auth/me')).catch((error: unknown) => error);

    expect((failure as ApiError).problem.code).toBe('unauthorized');
    expect(log).toEqual([
      'GET /api/v1/auth/me Bearer access-1',
      'POST /api/v1/auth/refresh -',
      'GET /api/v1/auth/me Bearer access-2',
    ]);
    expect(session.user()).toBeNull();
  });

  it('signs out on a 401 when there is no refresh token to spend', async () => {
    const session = createSession(null); // storage unavailable: the refresh token was never kept
    session.signIn(pair(1));
    const server = fakeServer({ access: 'stale-on-server', refresh: 'refresh-1' });
    const api = createApiClient({ session, baseUrl: 'http://test', fetch: server.fetch });

    const failure = await unwrap(api.GET('/api/v1/auth/me')).catch((error: unknown) => error);

    expect((failure as ApiError).problem.code).toBe('unauthorized');
    expect(server.log).toEqual(['GET /api/v1/auth/me Bearer access-1']);
    expect(session.user()).toBeNull();
  });

  it('passes a rate-limited refresh on to the caller and keeps the session', async () => {
    const storage = memoryStorage();
    const session = createSession(storage);
    session.signIn(pair(1));
    const fetch = async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path === '/api/v1/auth/refresh') {
        return new Response(
          JSON.stringify({
            type: 'urn:tracetrack:problem:rate_limited', title: 'Too Many Requests', status: 429,
            code: 'rate_limited', message: 'too many requests', request_id: 'r2',
          }),
          { status: 429, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '7' } },
        );
      }
      return json(401, unauthorized);
    };
    const api = createApiClient({ session, baseUrl: 'http://test', fetch });

    const failure = await unwrap(api.GET('/api/v1/auth/me')).catch((error: unknown) => error);

    const problem = (failure as ApiError).problem;
    expect(problem.code).toBe('rate_limited');
    expect(problem.retry_after_s).toBe(7);
    expect(problem.message).toBe('Too many attempts. Wait 7 seconds and try again.');
    expect(session.user()?.username).toBe('ravi');
    expect(storage.data.get(REFRESH_TOKEN_KEY)).toBe('refresh-1');
  });

  it('keeps the session when the refresh gets no answer', async () => {
    const storage = memoryStorage();
    const session = createSession(storage);
    session.signIn(pair(1));
    const fetch = async (request: Request) => {
      if (new URL(request.url).pathname === '/api/v1/auth/refresh') throw new TypeError('Failed to fetch');
      return json(401, unauthorized);
    };
    const api = createApiClient({ session, baseUrl: 'http://test', fetch });

    const failure = await unwrap(api.GET('/api/v1/auth/me')).catch((error: unknown) => error);

    expect((failure as ApiError).problem.code).toBe('network_error');
    expect(session.user()?.username).toBe('ravi');
    expect(storage.data.get(REFRESH_TOKEN_KEY)).toBe('refresh-1');
  });

  it('does not refresh when the refresh itself is refused', async () => {
    const session = createSession(memoryStorage());
    session.signIn(pair(1));
    const log: string[] = [];
    const fetch = async (request: Request) => {
      log.push(`${request.method} ${new URL(request.url).pathname}`);
      return json(401, unauthorized);
    };
    const api = createApiClient({ session, baseUrl: 'http://test', fetch });

    const result = await api.POST('/api/v1/auth/refresh', { body: { refresh_token: 'refresh-1' } });

    expect(result.response.status).toBe(401);
    expect(log).toEqual(['POST /api/v1/auth/refresh']);
  });

  it('turns a dropped connection into a network_error', async () => {
    const session = createSession(memoryStorage());
    const api = createApiClient({
      session,
      baseUrl: 'http://test',
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });

    const failure = await unwrap(api.GET('/health/live')).catch((error: unknown) => error);

    expect((failure as ApiError).problem.code).toBe('network_error');
  });
});
