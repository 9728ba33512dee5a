import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { RenewOutcome } from './client';
import { backoffDelay, openEventStream, type StreamFetch, type StreamState } from './event-stream';
import type { SseMessage } from './sse';

/** One answer of the fake server: an open event stream the test writes to, or a status. */
interface FakeStream {
  push(text: string): void;
  end(): void;
}

interface Call {
  headers: Record<string, string>;
  signal: AbortSignal;
}

/** A fetch whose answers the test hands out one call at a time. */
function fakeServer() {
  const calls: Call[] = [];
  const answers: ((call: Call) => Response | Promise<Response>)[] = [];
  const streams: FakeStream[] = [];
  const fetch: StreamFetch = async (_url, init) => {
    const call = { headers: { ...(init.headers as Record<string, string>) }, signal: init.signal as AbortSignal };
    calls.push(call);
    const answer = answers.shift();
    if (!answer) throw new TypeError('Failed to fetch');
    return answer(call);
  };
  /** The next call answers 200 with a stream the test controls. */
  const openStream = (): FakeStream => {
    const encoder = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const stream: FakeStream = {
      push: (text) => controller.enqueue(encoder.encode(text)),
      end: () => controller.close(),
    };
    answers.push((call) => {
      call.signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
      return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
    });
    streams.push(stream);
    return stream;
  };
  const answerStatus = (status: number) => answers.push(() => new Response('{}', { status, headers: { 'Content-Type': 'application/problem+json' } }));
  const answerNothing = () => answers.push(() => Promise.reject(new TypeError('Failed to fetch')));
  return { fetch, calls, openStream, answerStatus, answerNothing };
}

function setUp(renewOutcome: RenewOutcome = 'renewed') {
  const server = fakeServer();
  let token: string | null = 'access-1';
  const states: StreamState[] = [];
  const messages: SseMessage[] = [];
  const renew = vi.fn(async (): Promise<RenewOutcome> => {
    if (renewOutcome === 'renewed') token = 'access-2';
    return renewOutcome;
  });
  const open = () =>
    openEventStream({
      url: '/api/v1/stream',
      fetch: server.fetch,
      accessToken: () => token,
      renew,
      onMessage: (message) => messages.push(message),
      onState: (state) => states.push(state),
      random: () => 0,
    });
  return { server, states, messages, renew, open, setToken: (next: string) => void (token = next) };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('backoff', () => {
  it('doubles from 1 s to at most 30 s, shortened by up to a fifth', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((attempt) => backoffDelay(attempt, 1000, 30_000))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(backoffDelay(0, 1000, 30_000, 0.5)).toBe(900);
  });
});

describe('event stream', () => {
  it('connects with the bearer token and hands over each message', async () => {
    const { server, states, messages, open } = setUp();
    const stream = server.openStream();
    const live = open();
    await settle();
    expect(server.calls[0]?.headers).toEqual({ Accept: 'text/event-stream', 'Cache-Control': 'no-cache', Authorization: 'Bearer access-1' });
    expect(states).toEqual(['connecting', 'open']);
    stream.push('event: activity\ndata: {"scans_last_minute":2}\n\n: keep-alive\n\nevent: change\nid: 5\n');
    stream.push('data: {"id":5}\n\n');
    await settle();
    expect(messages.map((message) => message.event)).toEqual(['activity', 'change']);
    live.close();
  });

  it('after a drop, pauses and reconnects with Last-Event-ID, waiting longer after each failure', async () => {
    const { server, states, open } = setUp();
    const first = server.openStream();
    const live = open();
    await settle();
    first.push('event: change\nid: 17\ndata: {}\n\n');
    await settle();
    // The connection drops; three attempts get no answer, the fourth connects.
    first.end();
    server.answerNothing();
    server.answerNothing();
    server.answerNothing();
    server.openStream();
    await settle();
    expect(states).toEqual(['connecting', 'open', 'paused']);
    expect(server.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(server.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4000);
    expect(server.calls).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(8000);
    expect(server.calls).toHaveLength(5);
    expect(server.calls[4]?.headers['Last-Event-ID']).toBe('17');
    expect(states).toEqual(['connecting', 'open', 'paused', 'open']);
    live.close();
  });

  it('starts the pauses from 1 s again once a connection delivered something', async () => {
    const { server, open } = setUp();
    server.answerNothing();
    const live = open();
    await settle();
    server.answerNothing();
    await vi.advanceTimersByTimeAsync(1000); // second attempt fails
    const stream = server.openStream();
    await vi.advanceTimersByTimeAsync(2000); // third connects
    expect(server.calls).toHaveLength(3);
    stream.push('event: activity\ndata: {}\n\n');
    await settle();
    stream.end();
    server.openStream();
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.calls).toHaveLength(4);
    live.close();
  });

  it('renews the token on a 401 and reconnects at once with the new one', async () => {
    const { server, states, renew, open } = setUp('renewed');
    server.answerStatus(401);
    server.openStream();
    const live = open();
    await settle();
    expect(renew).toHaveBeenCalledTimes(1);
    expect(server.calls.map((call) => call.headers.Authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect(states).toEqual(['connecting', 'open']);
    live.close();
  });

  it('does not renew when another call renewed the token meanwhile', async () => {
    const { server, renew, open, setToken } = setUp();
    server.answerStatus(401);
    server.openStream();
    const live = open();
    setToken('access-9');
    await settle();
    expect(renew).not.toHaveBeenCalled();
    expect(server.calls.map((call) => call.headers.Authorization)).toEqual(['Bearer access-1', 'Bearer access-9']);
    live.close();
  });

  it('stops when the session cannot be renewed', async () => {
    const { server, states, open } = setUp('signed_out');
    server.answerStatus(401);
    open();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(states).toEqual(['connecting', 'signed_out']);
    expect(server.calls).toHaveLength(1);
  });

  it('waits when the refresh is unavailable, and does not renew in a loop when a fresh token is refused', async () => {
    const unavailable = setUp('unavailable');
    unavailable.server.answerStatus(401);
    unavailable.open();
    await settle();
    expect(unavailable.states).toEqual(['connecting', 'paused']);

    const { server, renew, states, open } = setUp('renewed');
    server.answerStatus(401);
    server.answerStatus(401);
    server.answerStatus(401);
    const live = open();
    await settle();
    // Renewed once, refused again: a pause, not another refresh.
    expect(renew).toHaveBeenCalledTimes(1);
    expect(server.calls).toHaveLength(2);
    expect(states).toEqual(['connecting', 'paused']);
    live.close();
  });

  it('takes silence for a dead connection and reconnects', async () => {
    const { server, states, open } = setUp();
    const stream = server.openStream();
    const live = open();
    await settle();
    await vi.advanceTimersByTimeAsync(15_000);
    stream.push(': keep-alive\n\n');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(states).toEqual(['connecting', 'open']);
    server.openStream();
    // 20 s after the keep-alive: nothing since, so the connection is given up.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(states).toEqual(['connecting', 'open', 'paused']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(states).toEqual(['connecting', 'open', 'paused', 'open']);
    live.close();
  });

  it('waits after an answer that is not an event stream (an older server: 404)', async () => {
    const { server, states, open } = setUp();
    server.answerStatus(404);
    const live = open();
    await settle();
    expect(states).toEqual(['connecting', 'paused']);
    server.openStream();
    live.reconnectNow();
    await settle();
    expect(states).toEqual(['connecting', 'paused', 'open']);
    live.close();
  });

  it('close() ends the connection and every later attempt', async () => {
    const { server, states, open } = setUp();
    server.openStream();
    const live = open();
    await settle();
    live.close();
    server.openStream();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(server.calls).toHaveLength(1);
    expect(states).toEqual(['connecting', 'open']);
    expect(server.calls[0]?.signal.aborted).toBe(true);
  });
});
