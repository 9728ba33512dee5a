import { describe, expect, it } from 'vitest';

import type { Bag } from '../../lib/api/types';
import { keepQueue, keptQueueKey, keptScanCount, loadKeptQueue, type KeptQueue, type KeyValueStorage, type ScanRequest } from './queue-store';
import { ScanQueue, type QueuedScan, type SendOutcome } from './scan-queue';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

const parent: Bag = { qr: 'SB00017', kind: 'parent', status: 'in_progress', area: 'lucknow', created_at: '2026-11-28T09:00:00Z', child_count: 3, max_children: 30 };
const childRequest: ScanRequest = { kind: 'child', parent_qr: 'SB00017', child_qr: '100004', device_id: 'station-1' };

const kept: KeptQueue = {
  parent,
  scans: [
    { code: '100004', idempotency_key: 'key-1', request: childRequest, attempts: 3 },
    { code: '100005', idempotency_key: 'key-2', request: null, attempts: 0 },
  ],
};

describe('kept scans', () => {
  it('survive a reload: same order, keys, prepared requests and parent; attempts start again', () => {
    const storage = memoryStorage();
    keepQueue(storage, 'ravi', kept);
    const loaded = loadKeptQueue(storage, 'ravi');
    expect(loaded.parent?.qr).toBe('SB00017');
    expect(loaded.scans).toEqual([
      { code: '100004', idempotency_key: 'key-1', request: childRequest, attempts: 0 },
      { code: '100005', idempotency_key: 'key-2', request: null, attempts: 0 },
    ]);
    expect(keptScanCount(storage, 'ravi')).toBe(2);
  });

  it('belong to one user and hold no token', () => {
    const storage = memoryStorage();
    keepQueue(storage, 'ravi', kept);
    expect(loadKeptQueue(storage, 'asha').scans).toEqual([]);
    expect([...storage.data.keys()]).toEqual([keptQueueKey('ravi')]);
    expect(storage.data.get(keptQueueKey('ravi'))).not.toMatch(/token|Bearer/i);
  });

  it('are forgotten once none are left', () => {
    const storage = memoryStorage();
    keepQueue(storage, 'ravi', kept);
    keepQueue(storage, 'ravi', { parent, scans: [] });
    expect(storage.data.size).toBe(0);
  });

  it('ignore what cannot be read, scan by scan', () => {
    const storage = memoryStorage();
    storage.setItem(keptQueueKey('ravi'), '{not json');
    expect(loadKeptQueue(storage, 'ravi')).toEqual({ parent: null, scans: [] });
    storage.setItem(keptQueueKey('ravi'), JSON.stringify({ v: 99, scans: [] }));
    expect(loadKeptQueue(storage, 'ravi').scans).toEqual([]);
    storage.setItem(
      keptQueueKey('ravi'),
      JSON.stringify({
        v: 1,
        parent: { qr: 42 },
        scans: [{ code: 'A1' }, { code: '100006', idempotency_key: 'k', request: { kind: 'teleport' } }, { code: '100007', idempotency_key: 'k7', request: null }],
      }),
    );
    expect(loadKeptQueue(storage, 'ravi')).toEqual({ parent: null, scans: [{ code: '100007', idempotency_key: 'k7', request: null, attempts: 0 }] });
  });

  it('tolerate storage that throws', () => {
    const broken: KeyValueStorage = {
      getItem: () => { throw new Error('denied'); },
      setItem: () => { throw new Error('quota'); },
      removeItem: () => { throw new Error('denied'); },
    };
    expect(() => keepQueue(broken, 'ravi', kept)).not.toThrow();
    expect(loadKeptQueue(broken, 'ravi').scans).toEqual([]);
    expect(loadKeptQueue(null, 'ravi').scans).toEqual([]);
  });
});

describe('a queue that persists', () => {
  /** A queue over `storage` whose sends answer from `answers` ('hang' never answers: the tab closes). */
  function queueOver(storage: KeyValueStorage, answers: Array<SendOutcome | 'hang'>) {
    const sent: Array<{ request: ScanRequest; key: string }> = [];
    let keys = 0;
    let settle: () => void = () => undefined;
    const idle = new Promise<void>((resolve) => (settle = resolve));
    const queue = new ScanQueue<ScanRequest>({
      prepare: (code) => ({ kind: 'child', parent_qr: 'SB00017', child_qr: code, device_id: null }),
      send: (request, key) => {
        sent.push({ request, key });
        const answer = answers.shift() ?? 'done';
        return answer === 'hang' ? new Promise<SendOutcome>(() => undefined) : Promise.resolve(answer);
      },
      onChange: (state) => state.waiting === 0 && settle(),
      persist: (scans) => keepQueue(storage, 'ravi', { parent, scans: [...scans] }),
      backoffMs: () => 1,
      newKey: () => `key-${++keys}`,
    });
    return { queue, sent, idle };
  }

  it('keeps a scan, prepared, before it is first sent', async () => {
    const storage = memoryStorage();
    const { queue, sent } = queueOver(storage, ['hang']);
    queue.enqueue('100004');
    queue.enqueue('100005');
    await Promise.resolve();
    expect(sent).toHaveLength(1);
    const stored = loadKeptQueue(storage, 'ravi').scans;
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
    expect(keptScanCount(storage, 'ravi')).toBe(2);

    const second = queueOver(storage, ['retry', 'done', 'done']);
    second.queue.start(loadKeptQueue(storage, 'ravi').scans);
    await second.idle;
    expect(second.sent.map(({ request, key }) => `${request.kind === 'child' ? request.child_qr : ''}:${key}`)).toEqual([
      '100004:key-1', '100004:key-1', '100005:key-2',
    ]);
    expect(second.sent[0]?.request).toEqual(first.sent[0]?.request);
    expect(storage.data.size).toBe(0);
  });

  it('does not forget kept scans when the screen closes', () => {
    const storage = memoryStorage();
    const { queue } = queueOver(storage, ['hang']);
    queue.enqueue('100004');
    queue.stop();
    expect(keptScanCount(storage, 'ravi')).toBe(1);
  });

  it('lets an earlier run go when started again (React mounts a screen twice)', async () => {
    const { queue, sent, idle } = queueOver(memoryStorage(), ['retry', 'done']);
    const scan: QueuedScan<ScanRequest> = { code: '100004', idempotency_key: 'key-9', request: childRequest, attempts: 0 };
    queue.start([scan]); // sent; its answer ('retry') arrives after the restart and is let go
    queue.stop();
    queue.start([{ ...scan }]);
    await idle;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(sent.map(({ key }) => key)).toEqual(['key-9', 'key-9']);
    expect(queue.state).toEqual({ waiting: 0, offline: false });
  });
});
