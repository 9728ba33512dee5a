import { describe, expect, it } from 'vitest';

import { defaultBackoffMs, ScanQueue, type ScanQueueState, type SendOutcome } from './scan-queue';

type Request = { kind: 'parent' | 'child'; code: string; parent: string | null };

/** A packing-like state: the first code opens a parent, each later code is its child. */
function harness(answers: SendOutcome[]) {
  let parent: string | null = null;
  const sent: Array<{ request: Request; key: string }> = [];
  const states: ScanQueueState[] = [];
  let keys = 0;
  let settle: () => void = () => undefined;
  const idle = new Promise<void>((resolve) => (settle = resolve));
  const queue = new ScanQueue<Request>({
    prepare: (code) => (parent ? { kind: 'child', code, parent } : { kind: 'parent', code, parent: null }),
    send: async (request, key) => {
      sent.push({ request, key });
      const answer = answers.shift() ?? 'done';
      if (answer === 'done' && request.kind === 'parent') parent = request.code;
      return answer;
    },
    onChange: (state) => {
      states.push(state);
      if (state.waiting === 0) settle();
    },
    backoffMs: () => 1,
    newKey: () => `key-${++keys}`,
  });
  return { queue, sent, states, idle };
}

describe('ScanQueue', () => {
  it('sends scans one at a time, in order, each prepared when its turn comes', async () => {
    const { queue, sent, idle } = harness([]);
    queue.enqueue('SB00017');
    queue.enqueue('111111');
    queue.enqueue('222222');
    await idle;
    expect(sent.map(({ request }) => `${request.kind}:${request.code}:${request.parent ?? '-'}`)).toEqual([
      'parent:SB00017:-',
      'child:111111:SB00017',
      'child:222222:SB00017',
    ]);
    expect(new Set(sent.map(({ key }) => key)).size).toBe(3);
  });

  it('retries a lost scan with the same request and Idempotency-Key, then goes on', async () => {
    const { queue, sent, states, idle } = harness(['done', 'retry', 'retry', 'done', 'done']);
    queue.enqueue('SB00017');
    queue.enqueue('111111');
    queue.enqueue('222222');
    await idle;
    const child = sent.filter(({ request }) => request.code === '111111');
    expect(child).toHaveLength(3);
    expect(new Set(child.map(({ key }) => key))).toEqual(new Set(['key-2']));
    expect(sent.at(-1)?.request).toEqual({ kind: 'child', code: '222222', parent: 'SB00017' });
    expect(states.some((state) => state.offline)).toBe(true);
    expect(queue.state).toEqual({ waiting: 0, scans: [], offline: false });
  });

  it('refuses scans beyond its capacity', () => {
    const queue = new ScanQueue<string>({
      prepare: (code) => code,
      send: () => new Promise<SendOutcome>(() => undefined),
      capacity: 2,
    });
    expect(queue.enqueue('A1')?.code).toBe('A1');
    expect(queue.enqueue('A2')?.code).toBe('A2');
    expect(queue.enqueue('A3')).toBeNull();
    expect(queue.state.waiting).toBe(2);
  });

  it('treats a thrown send as a retry', async () => {
    let calls = 0;
    let settle: () => void = () => undefined;
    const idle = new Promise<void>((resolve) => (settle = resolve));
    const queue = new ScanQueue<string>({
      prepare: (code) => code,
      send: async () => {
        calls += 1;
        if (calls === 1) throw new TypeError('Failed to fetch');
        return 'done';
      },
      onChange: (state) => state.waiting === 0 && settle(),
      backoffMs: () => 1,
    });
    queue.enqueue('A1');
    await idle;
    expect(calls).toBe(2);
  });

  it('backs off up to ten seconds', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(defaultBackoffMs)).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
  });
});

describe('ScanQueue state', () => {
  it('lists the waiting scans in order, each with the parent it was meant for', () => {
    const queue = new ScanQueue<string>({ prepare: (code) => code, send: () => new Promise<SendOutcome>(() => undefined) });
    queue.enqueue('100001', 'SB00017');
    queue.enqueue('SB00018');
    expect(queue.state.scans).toEqual([
      { code: '100001', target: 'SB00017' },
      { code: 'SB00018', target: null },
    ]);
  });
});
