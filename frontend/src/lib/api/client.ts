// The typed API client: openapi-fetch over the generated schema, with a middleware that
// adds the bearer token and, when an answer is 401, spends the refresh token once
// (shared by every request that failed at the same moment) and retries the request once.
// When the refresh token is refused too, the session is cleared and the route guards show
// the sign-in screen.
import createClient, { type Client, type Middleware } from 'openapi-fetch';

import { ApiError, summarizeProblem } from './problem';
import type { paths } from './schema';
import { browserSessionStorage, createSession, type Session } from './session';

export type ApiClient = Client<paths>;
type FetchFn = (request: Request) => Promise<Response>;

const NO_REFRESH_PATHS: ReadonlySet<string> = new Set(['/api/v1/auth/login', '/api/v1/auth/refresh']);

export interface ApiClientOptions {
  session: Session;
  /** Origin of the API; '' in the browser (same origin as the SPA). */
  baseUrl?: string;
  fetch?: FetchFn;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  return createApiConnection(options).api;
}

/**
 * What renewing the access token came to, for callers outside the typed client (the live
 * stream, which reads with `fetch` itself): `renewed` (a new pair is in the session),
 * `signed_out` (the session is cleared) or `unavailable` (try again later). Rejects when no
 * answer arrived.
 */
export type RenewOutcome = 'renewed' | 'signed_out' | 'unavailable';

export interface ApiConnection {
  api: ApiClient;
  /** Spends the refresh token, shared with the client's own 401 handling (one refresh at a time). */
  renew: () => Promise<RenewOutcome>;
}

export function createApiConnection({ session, baseUrl = '', fetch }: ApiClientOptions): ApiConnection {
  // Called through a variable, never as a method: window.fetch refuses another `this`.
  const send: FetchFn = fetch ?? ((request) => globalThis.fetch(request));
  const bare = createClient<paths>({ baseUrl, fetch: send });
  const client = createClient<paths>({ baseUrl, fetch: send });
  const refresh = createRefresher(session, bare);
  client.use(bearerMiddleware(session, refresh, send));
  return { api: client, renew: () => refresh().then((outcome) => outcome.kind) };
}

/**
 * How spending the refresh token went:
 * - `renewed`: a new pair is in the session;
 * - `signed_out`: there is no refresh token, or the server refused it (spent, revoked,
 *   expired): the session is cleared, and the route guards send the tab to the sign-in screen;
 * - `unavailable`: the server answered something else (429, 5xx …): the refresh token is
 *   kept for a later try, and the caller gets that answer instead of its own 401, so it reads
 *   "too many attempts" or "the server is down" (both worth retrying), not "signed out".
 * No answer at all rejects (a network error for the caller), and the refresh token is kept.
 */
type RefreshOutcome =
  | { kind: 'renewed' }
  | { kind: 'signed_out' }
  | { kind: 'unavailable'; status: number; headers: [string, string][]; body: string };

/** Headers of a failed refresh worth passing on to the caller. */
const PASSED_ON_HEADERS = ['content-type', 'retry-after', 'x-request-id'];

/**
 * Spends the refresh token for a new pair. One refresh at a time: refresh tokens are single
 * use and the server revokes the whole family when one is presented twice.
 */
function createRefresher(session: Session, bare: ApiClient): () => Promise<RefreshOutcome> {
  let inFlight: Promise<RefreshOutcome> | null = null;

  async function refresh(): Promise<RefreshOutcome> {
    const refresh_token = session.refreshToken();
    if (!refresh_token) {
      // The access token was refused and nothing can renew it: this tab is signed out.
      session.clear();
      return { kind: 'signed_out' };
    }
    // Throws when no answer arrives: the caller's call fails as a network error.
    const { data, error, response } = await bare.POST('/api/v1/auth/refresh', { body: { refresh_token } });
    if (data) {
      session.signIn(data);
      return { kind: 'renewed' };
    }
    if (response.status === 401 || response.status === 422) {
      // Spent, revoked or expired: this tab is signed out.
      session.clear();
      return { kind: 'signed_out' };
    }
    const headers: [string, string][] = [];
    for (const name of PASSED_ON_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers.push([name, value]);
    }
    const body = typeof error === 'string' ? error : error === undefined ? '' : JSON.stringify(error);
    // (A 2xx without a pair is no answer this client understands: passed on as a 502.)
    return { kind: 'unavailable', status: response.status >= 400 ? response.status : 502, headers, body };
  }

  return () => {
    inFlight ??= refresh().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}

function bearerMiddleware(session: Session, refresh: () => Promise<RefreshOutcome>, send: FetchFn): Middleware {
  // Per request id: an unsent copy (the original's body is spent by then) and the token used.
  const pending = new Map<string, { copy: Request; token: string | null }>();

  return {
    onRequest({ request, schemaPath, id }) {
      const token = session.accessToken();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      if (!NO_REFRESH_PATHS.has(schemaPath)) pending.set(id, { copy: request.clone(), token });
      return request;
    },
    async onResponse({ response, id }) {
      const sent = pending.get(id);
      pending.delete(id);
      // A 401 on any call but sign-in and refresh: the access token was refused (expired, or
      // revoked by the server after a change of role, area or password, or a sign-out
      // elsewhere). Renew it once and send the call once more.
      if (response.status !== 401 || !sent) return undefined;
      // Another request may have refreshed while this one was on the wire.
      const current = session.accessToken();
      if (current === null || current === sent.token) {
        const outcome = await refresh();
        if (outcome.kind === 'signed_out') return undefined;
        if (outcome.kind === 'unavailable') {
          return new Response(outcome.body === '' ? null : outcome.body, {
            status: outcome.status,
            headers: outcome.headers,
          });
        }
      }
      const retry = sent.copy;
      retry.headers.set('Authorization', `Bearer ${session.accessToken() ?? ''}`);
      const second = await send(retry);
      // Refused again with a token just issued: nothing more to try; sign the tab out.
      if (second.status === 401) session.clear();
      return second;
    },
    onError({ id }) {
      pending.delete(id);
      return undefined;
    },
  };
}

/** What openapi-fetch resolves to; `data` is the 2xx body, `error` the parsed error body. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The 2xx body, or an ApiError with the problem in plain words. A call that never got an
 * answer (no network) throws an ApiError with code `network_error`.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch {
    throw new ApiError(summarizeProblem(undefined));
  }
  if (!result.response.ok) throw new ApiError(summarizeProblem(result.error, result.response));
  return result.data as T;
}

export const session = createSession(browserSessionStorage());
const connection = createApiConnection({ session });
export const api = connection.api;
/** Renews the access token the way `api` does on a 401 (see `RenewOutcome`). */
export const renewSession = connection.renew;
