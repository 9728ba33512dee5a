// The typed API client: openapi-fetch over the generated schema, with a middleware that
// adds the bearer token and, when an answer is 401, spends the refresh token once
// (shared by every request that failed at the same moment) and retries the request.
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

export function createApiClient({ session, baseUrl = '', fetch }: ApiClientOptions): ApiClient {
  // Called through a variable, never as a method: window.fetch refuses another `this`.
  const send: FetchFn = fetch ?? ((request) => globalThis.fetch(request));
  const bare = createClient<paths>({ baseUrl, fetch: send });
  const client = createClient<paths>({ baseUrl, fetch: send });
  client.use(bearerMiddleware(session, createRefresher(session, bare), send));
  return client;
}

/**
 * Spends the refresh token for a new pair. One refresh at a time: refresh tokens are single
 * use and the server revokes the whole family when one is presented twice.
 */
function createRefresher(session: Session, bare: ApiClient): () => Promise<boolean> {
  let inFlight: Promise<boolean> | null = null;

  async function refresh(): Promise<boolean> {
    const refresh_token = session.refreshToken();
    if (!refresh_token) return false;
    try {
      const { data, response } = await bare.POST('/api/v1/auth/refresh', { body: { refresh_token } });
      if (data) {
        session.signIn(data);
        return true;
      }
      // Spent, revoked or expired: this tab is signed out.
      if (response.status === 401 || response.status === 422) session.clear();
      return false;
    } catch {
      return false; // no network: keep the refresh token for the next try
    }
  }

  return () => {
    inFlight ??= refresh().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}

function bearerMiddleware(session: Session, refresh: () => Promise<boolean>, send: FetchFn): Middleware {
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
      if (response.status !== 401 || !sent) return undefined;
      // Another request may have refreshed while this one was on the wire.
      const current = session.accessToken();
      const renewed = current !== null && current !== sent.token ? true : await refresh();
      if (!renewed) return undefined;
      const retry = sent.copy;
      retry.headers.set('Authorization', `Bearer ${session.accessToken() ?? ''}`);
      const second = await send(retry);
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
export const api = createApiClient({ session });
