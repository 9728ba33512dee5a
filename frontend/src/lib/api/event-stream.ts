// A Server-Sent Events stream read with `fetch` (an EventSource cannot send the bearer token),
// kept open: a 401 renews the access token the way the API client does and reconnects at once;
// a dropped connection, a refusal or silence (nothing, not even a keep-alive, for `idleMs`)
// reconnects after a pause that doubles from `minDelayMs` to `maxDelayMs`, sending the last
// event id seen as `Last-Event-ID` so the server can send what was missed.
import type { RenewOutcome } from './client';
import { SseParser, type SseMessage } from './sse';

/**
 * - `connecting`: the first connection is being made;
 * - `open`: connected, messages arrive as they happen;
 * - `paused`: no connection now; another attempt follows (the screen falls back to polling);
 * - `signed_out`: the session could not be renewed; nothing more is tried.
 */
export type StreamState = 'connecting' | 'open' | 'paused' | 'signed_out';

export type StreamFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface EventStreamOptions {
  url: string;
  accessToken: () => string | null;
  /** Spends the refresh token (shared with the API client: a refresh token is single use). */
  renew: () => Promise<RenewOutcome>;
  onMessage: (message: SseMessage) => void;
  onState: (state: StreamState) => void;
  fetch?: StreamFetch;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Silence longer than this (keep-alives count as sound) is taken as a dead connection. */
  idleMs?: number;
  /** 0 ≤ random() < 1; each pause is shortened by up to a fifth so clients do not reconnect in step. */
  random?: () => number;
}

export interface EventStream {
  close(): void;
  /** Skips the pause before the next attempt (e.g. the browser says it is online again). */
  reconnectNow(): void;
}

/** The pause before attempt `attempt` (0: after the first failure): 1 s, 2 s, 4 s … 30 s. */
export function backoffDelay(attempt: number, minDelayMs: number, maxDelayMs: number, random = 0): number {
  const base = Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (1 - 0.2 * random));
}

type Outcome = 'again' | 'wait' | 'stop';

export function openEventStream(options: EventStreamOptions): EventStream {
  const {
    url, accessToken, renew, onMessage, onState,
    minDelayMs = 1_000, maxDelayMs = 30_000, idleMs = 20_000, random = Math.random,
  } = options;
  const send: StreamFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let closed = false;
  let lastEventId = '';
  let state: StreamState | null = null;
  let current: AbortController | null = null;
  let wake: (() => void) | null = null;

  const setState = (next: StreamState) => {
    if (closed || state === next) return;
    state = next;
    onState(next);
  };

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  /**
   * One connection, read to its end. Tells the loop what to do next. `mayRenew`: false right
   * after a renewal, so a fresh token refused again waits instead of spending another refresh.
   */
  async function connect(mayRenew: boolean): Promise<{ outcome: Outcome; delivered: boolean }> {
    const controller = new AbortController();
    current = controller;
    const token = accessToken();
    const headers: Record<string, string> = { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (lastEventId !== '') headers['Last-Event-ID'] = lastEventId;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(), idleMs);
    };
    let delivered = false;
    try {
      watch();
      const response = await send(url, { headers, signal: controller.signal, cache: 'no-store', credentials: 'same-origin' });
      if (response.status === 401) {
        await response.body?.cancel().catch(() => undefined);
        clearTimeout(idle);
        if (!mayRenew) return { outcome: 'wait', delivered };
        // Renewed meanwhile by another call: try the new token at once.
        if (accessToken() !== token && accessToken() !== null) return { outcome: 'again', delivered };
        const renewed = await renew();
        if (renewed === 'renewed') return { outcome: 'again', delivered };
        return { outcome: renewed === 'signed_out' ? 'stop' : 'wait', delivered };
      }
      const type = response.headers.get('Content-Type') ?? '';
      if (!response.ok || !response.body || !type.startsWith('text/event-stream')) {
        await response.body?.cancel().catch(() => undefined);
        return { outcome: 'wait', delivered };
      }
      setState('open');
      const parser = new SseParser(lastEventId);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        watch();
        const { value, done } = await reader.read();
        if (done || closed) break;
        for (const message of parser.feed(value)) {
          lastEventId = message.lastEventId;
          delivered = true;
          onMessage(message);
          if (closed) break;
        }
      }
      return { outcome: 'wait', delivered };
    } catch {
      // No answer, a dropped connection, silence (aborted by the watch), or close().
      return { outcome: 'wait', delivered };
    } finally {
      clearTimeout(idle);
      if (current === controller) current = null;
    }
  }

  async function run() {
    setState('connecting');
    let attempt = 0;
    let renewed = false;
    while (!closed) {
      const { outcome, delivered } = await connect(!renewed);
      if (closed) return;
      if (delivered) attempt = 0;
      if (outcome === 'stop') {
        setState('signed_out');
        return;
      }
      // A new token: try it at once (once; refused again, the next try waits).
      renewed = outcome === 'again';
      if (renewed) continue;
      setState('paused');
      await pause(backoffDelay(attempt, minDelayMs, maxDelayMs, random()));
      attempt += 1;
    }
  }

  void run();

  return {
    close() {
      closed = true;
      current?.abort();
      wake?.();
    },
    reconnectNow() {
      wake?.();
    },
  };
}
