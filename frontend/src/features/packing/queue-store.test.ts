import { describe, expect, it } from 'vitest';

import type { Bag } from '../../lib/api/types';
import {
  keptQueueKey, keptScanCount, loadKeptQueue, QueueKeeper, type KeptQueue, type KeyValueStorage, type QueueStorage, type ScanRequest,
} from './queue-store';
import { ScanQueue, type QueuedScan, type SendOutcome } from './scan-queue';

/** IndexedDB as the queue sees it: structured clones in a Map, answered asynchronously. */
function memoryStorage(): QueueStorage & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => structuredClone(data.get(key)),
    set: async (key, value) => void data.set(key, structuredClone(value)),
    del: async (key) => void data.delete(key),
  };
}

function legacyStorage(entries: Record<string, string> = {}): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(entries));
  return { data, getItem: (key) => data.get(key) ?? null, removeItem: (key) => void data.delete(key) };
}

const parent: Bag = { qr: 'SB00017', kind: 'parent', status: 'in_progress', area: 'lucknow', created_at: '2026-11-28T09:00:00Z', child_count: 3, max_children: 30 };
const childRequest: ScanRequest = { kind: 'child', parent_qr: 'SB00017', child_qr: '100004', device_id: 'station-1' };

const kept: KeptQueue = {
  parent,
  scans: [
    { code: '100004', target: 'SB00017', idempotency_key: 'key-1', request: childRequest, attempts: 3 },
    { code: '100005', target: 'SB00017', idempotency_key: 'key-2', request: null, attempts: 0 },
  ],
};

async function keep(storage: QueueStorage | null, owner: string, queue: KeptQueue) {
  const keeper = new QueueKeeper(storage, owner);
  await keeper.keep(queue);
}

describe('kept scans', () => {
  it('survive a reload: same order, keys, targets, prepared requests and parent; attempts start again', async () => {
    const storage = memoryStorage();
    await keep(storage, 'ravi', kept);
    const loaded = await loadKeptQueue(storage, 'ravi');
    expect(loaded.parent?.qr).toBe('SB00017');
    expect(loaded.scans).toEqual([
      { code: '100004', target: 'SB00017', idempotency_key: 'key-1', request: childRequest, attempts: 0 },
      { code: '100005', target: 'SB00017', idempotency_key: 'key-2', request: null, attempts: 0 },
    ]);
    expect(await keptScanCount(storage, 'ravi')).toBe(2);
  });

  it('belong to one user and hold no token', async () => {
    const storage = memoryStorage();
    await keep(storage, 'ravi', kept);
    expect((await loadKeptQueue(storage, 'asha')).scans).toEqual([]);
    expect([...storage.data.keys()]).toEqual([keptQueueKey('ravi')]);
    expect(JSON.stringify(storage.data.get(keptQueueKey('ravi')))).not.toMatch(/token|Bearer/i);
  });

  it('are forgotten once none are left', async () => {
    const storage = memoryStorage();
    const keeper = new QueueKeeper(storage, 'ravi');
    void keeper.keep(kept);
    void keeper.keep({ parent, scans: [] });
    await keeper.settled();
    expect(storage.data.size).toBe(0);
  });

  it('are written in the order they changed, the newest last', async () => {
    const storage = memoryStorage();
    const keeper = new QueueKeeper(storage, 'ravi');
    void keeper.keep({ parent, scans: [] });
    void keeper.keep(kept);
    const scans = [...kept.scans];
    void keeper.keep({ parent, scans: scans.slice(1) });
    // The queue changes its scans in place after a keep: what was kept is the snapshot.
    scans.length = 0;
    await keeper.settled();
    expect((await loadKeptQueue(storage, 'ravi')).scans.map((scan) => scan.code)).toEqual(['100005']);
  });

  it('ignore what cannot be read, scan by scan', async () => {
    const storage = memoryStorage();
    storage.data.set(keptQueueKey('ravi'), 'not a record');
    expect(await loadKeptQueue(storage, 'ravi')).toEqual({ parent: null, scans: [] });
    storage.data.set(keptQueueKey('ravi'), { v: 99, scans: [] });
    expect((await loadKeptQueue(storage, 'ravi')).scans).toEqual([]);
    storage.data.set(keptQueueKey('ravi'), {
      v: 2,
      parent: { qr: 42 },
      scans: [{ code: 'A1' }, { code: '100006', idempotency_key: 'k', request: { kind: 'teleport' } }, { code: '100007', target: null, idempotency_key: 'k7', request: null }],
    });
    expect(await loadKeptQueue(storage, 'ravi')).toEqual({
      parent: null, scans: [{ code: '100007', target: null, idempotency_key: 'k7', request: null, attempts: 0 }],
    });
  });

  it('move from the localStorage of earlier versions, ahead of newer ones, once', async () => {
    const storage = memoryStorage();
    await keep(storage, 'ravi', { parent, scans: [kept.scans[1] as QueuedScan<ScanRequest>] });
    const legacy = legacyStorage({
      [keptQueueKey('ravi')]: JSON.stringify({
        v: 1, parent, scans: [{ code: '100001', idempotency_key: 'old-1', request: { ...childRequest, child_qr: '100001' } }],
      }),
      [keptQueueKey('asha')]: JSON.stringify({ v: 1, parent: null, scans: [{ code: 'SB1', idempotency_key: 'a', request: null }] }),
    });
    const loaded = await loadKeptQueue(storage, 'ravi', legacy);
    expect(loaded.scans.map((scan) => [scan.code, scan.idempotency_key, scan.target])).toEqual([
      ['100001', 'old-1', 'SB00017'],
      ['100005', 'key-2', 'SB00017'],
    ]);
    expect(legacy.data.has(keptQueueKey('ravi'))).toBe(false);
    expect(legacy.data.has(keptQueueKey('asha'))).toBe(true);
    expect((await loadKeptQueue(storage, 'ravi', legacy)).scans).toHaveLength(2);
  });

  it('tolerate storage that fails', async () => {
    const broken: QueueStorage = {
      get: () => Promise.reject(new Error('denied')),
      set: () => Promise.reject(new Error('quota')),
      del: () => Promise.reject(new Error('denied')),
    };
    await expect(keep(broken, 'ravi', kept)).resolves.toBeUndefined();
    expect((await loadKeptQueue(broken, 'ravi')).scans).toEqual([]);
    expect((await loadKeptQueue(null, 'ravi')).scans).toEqual([]);
  });
});

describe('a queue that persists', () => {
  /** A queue over `storage` whose sends answer from `answers` ('hang' never answers: the tab closes). */
  function queueOver(storage: QueueStorage, answers: Array<SendOutcome | 'hang'>) {
    const sent: Array<{ request: ScanRequest; key: string }> = [];
    let keys = 0;
    let settle: () => void = () => undefined;
    const idle = new Promise<void>((resolve) => (settle = resolve));
    const keeper = new QueueKeeper(storage, 'ravi');
    const queue = new ScanQueue<ScanRequest>({
      prepare: (code) => ({ kind: 'child', parent_qr: 'SB00017', child_qr: code, device_id: null }),
      send: (request, key) => {
        sent.push({ request, key });
        const answer = answers.shift() ?? 'done';
        return answer === 'hang' ? new Promise<SendOutcome>(() => undefined) : Promise.resolve(answer);
      },
      onChange: (state) => state.waiting === 0 && settle(),
      persist: (scans) => void keeper.keep({ parent, scans: [...scans] }),
      backoffMs: () => 1,
      newKey: () => `key-${++keys}`,
    });
    return { queue, sent, idle, keeper };
  }

  it('keeps a scan, prepared, before it is first sent', async () => {
    const storage = memoryStorage();
    const { queue, sent, keeper } = queueOver(storage, ['hang']);
    queue.enqueue('100004', 'SB00017');
    queue.enqueue('100005', 'SB00017');
    await Promise.resolve();
    await keeper.settled();
    expect(sent).toHaveLength(1);
    const stored = (await loadKeptQueue(storage, 'ravi')).scans;
    expect(stored.map((scan) => [scan.code, scan.idempotency_key, scan.request?.kind ?? null])).toEqual([
      ['100004', 'key-1', 'child'],
      ['100005', 'key-2', null],
    ]);
  });

  it('sends kept scans again after a reload with the same keys and requests, then forgets them', async () => {
    const storage = memoryStorage();
    const first = queueOver(storage, ['hang']);
    first.queue.enqueue('100004');
    first.queue.enqueue('100005');
    await Promise.resolve();
    first.queue.stop(); // the tab closes with both unanswered
    await first.keeper.settled();
    expect(await keptScanCount(storage, 'ravi')).toBe(2);

    const second = queueOver(storage, ['retry', 'done', 'done']);
    second.queue.start((await loadKeptQueue(storage, 'ravi')).scans);
    await second.idle;
    await second.keeper.settled();
    expect(second.sent.map(({ request, key }) => `${request.kind === 'child' ? request.child_qr : ''}:${key}`)).toEqual([
      '100004:key-1', '100004:key-1', '100005:key-2',
    ]);
    expect(second.sent[0]?.request).toEqual(first.sent[0]?.request);
    expect(storage.data.size).toBe(0);
  });

  it('does not forget kept scans when the screen closes', async () => {
    const storage = memoryStorage();
    const { queue, keeper } = queueOver(storage, ['hang']);
    queue.enqueue('100004');
    queue.stop();
    await keeper.settled();
    expect(await keptScanCount(storage, 'ravi')).toBe(1);
  });

  it('lets an earlier run go when started again (React mounts a screen twice)', async () => {
    const { queue, sent, idle } = queueOver(memoryStorage(), ['retry', 'done']);
    const scan: QueuedScan<ScanRequest> = { code: '100004', target: 'SB00017', idempotency_key: 'key-9', request: childRequest, attempts: 0 };
    queue.start([scan]); // sent; its answer ('retry') arrives after the restart and is let go
    queue.stop();
    queue.start([{ ...scan }]);
    await idle;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(sent.map(({ key }) => key)).toEqual(['key-9', 'key-9']);
    expect(queue.state).toEqual({ waiting: 0, scans: [], offline: false });
  });
});
