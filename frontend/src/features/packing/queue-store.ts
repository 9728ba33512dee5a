// Unsent scans kept in the browser's IndexedDB (through idb-keyval), so a reload, a closed
// tab, a sign-out or a page loaded offline does not lose them: the packing screen or station
// mode sends them when it next opens for the same user, each with its own Idempotency-Key
// (the server applies it once).
//
// What is kept: per user (a scan is sent as the person who made it), the scans in order with
// their keys, the parent each child was meant for and, once sent, their exact requests, and
// the parent on screen (the next scan that was not sent yet is read against it). No token is
// kept: sending needs a sign-in.
//
// Earlier versions kept the same record in localStorage (`tracetrack.scan_queue.<user>`);
// what one left there is moved here, ahead of anything newer, the first time it is read.
import { createStore, del, get, set } from 'idb-keyval';

import { isRecord } from '../../lib/api/problem';
import type { Bag } from '../../lib/api/types';
import { DEFAULT_QUEUE_CAPACITY, type QueuedScan } from './scan-queue';

/** A scan as sent; area and device are fixed when it is prepared, so a retry is identical. */
export type ScanRequest =
  | { kind: 'parent'; qr: string; area: string | null; device_id: string | null }
  | { kind: 'child'; parent_qr: string; child_qr: string; device_id: string | null };

export interface KeptQueue {
  parent: Bag | null;
  scans: QueuedScan<ScanRequest>[];
}

/** Where kept scans live: IndexedDB in the browser, a Map in tests. Values are structured-cloned. */
export interface QueueStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

/** The part of the Web Storage API the localStorage record of earlier versions needs. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  removeItem(key: string): void;
}

const VERSION = 2;
const LEGACY_VERSION = 1;
const EMPTY: KeptQueue = { parent: null, scans: [] };

export function keptQueueKey(owner: string): string {
  return `tracetrack.scan_queue.${owner}`;
}

const text = (value: unknown): value is string => typeof value === 'string';
const textOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';

function asRequest(value: unknown): ScanRequest | null | undefined {
  if (value === null || value === undefined) return null;
  if (!isRecord(value) || !textOrNull(value.device_id)) return undefined;
  if (value.kind === 'parent' && text(value.qr) && textOrNull(value.area)) {
    return { kind: 'parent', qr: value.qr, area: value.area, device_id: value.device_id };
  }
  if (value.kind === 'child' && text(value.parent_qr) && text(value.child_qr)) {
    return { kind: 'child', parent_qr: value.parent_qr, child_qr: value.child_qr, device_id: value.device_id };
  }
  return undefined;
}

function asScan(value: unknown): QueuedScan<ScanRequest> | null {
  if (!isRecord(value) || !text(value.code) || !text(value.idempotency_key)) return null;
  const request = asRequest(value.request);
  // A scan whose request cannot be read cannot be sent again as it was: drop it.
  if (request === undefined) return null;
  // A child sent already names its parent; one kept by an earlier version, before it was sent, names none.
  const target = textOrNull(value.target) ? value.target : request?.kind === 'child' ? request.parent_qr : null;
  return { code: value.code, target, idempotency_key: value.idempotency_key, request, attempts: 0 };
}

function asParent(value: unknown): Bag | null {
  return isRecord(value) && text(value.qr) && value.kind === 'parent' ? (value as unknown as Bag) : null;
}

/** A stored record (this version's object, or the localStorage JSON of the last) as scans. */
function asKept(stored: unknown, version: number): KeptQueue {
  if (!isRecord(stored) || stored.v !== version || !Array.isArray(stored.scans)) return EMPTY;
  const scans = stored.scans.map(asScan).filter((scan) => scan !== null).slice(0, DEFAULT_QUEUE_CAPACITY);
  return { parent: scans.length > 0 ? asParent(stored.parent) : null, scans };
}

/** What is written: plain data, no attempt counters, no token. */
function record(kept: KeptQueue) {
  return {
    v: VERSION,
    parent: kept.parent,
    scans: kept.scans.map(({ code, target, idempotency_key, request }) => ({
      code, target, idempotency_key, request: request === null ? null : { ...request },
    })),
  };
}

async function write(storage: QueueStorage, owner: string, kept: ReturnType<typeof record>): Promise<void> {
  try {
    if (kept.scans.length === 0) await storage.del(keptQueueKey(owner));
    else await storage.set(keptQueueKey(owner), kept);
  } catch {
    // Full or disabled storage: the scans still live in memory until the tab closes.
  }
}

/**
 * Writes one user's queue in the order it changed, without piling up writes: while one is
 * under way only the newest state waits. The snapshot is taken when `keep` is called (the
 * queue changes its scans in place afterwards).
 */
export class QueueKeeper {
  private next: ReturnType<typeof record> | null = null;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly storage: QueueStorage | null,
    private readonly owner: string,
  ) {}

  keep(kept: KeptQueue): Promise<void> {
    if (!this.storage) return Promise.resolve();
    this.next = record(kept);
    this.writing ??= this.flush();
    return this.writing;
  }

  /** Resolves once everything kept so far is written. */
  settled(): Promise<void> {
    return this.writing ?? Promise.resolve();
  }

  private async flush(): Promise<void> {
    const storage = this.storage;
    while (this.next && storage) {
      const kept = this.next;
      this.next = null;
      await write(storage, this.owner, kept);
    }
    this.writing = null;
  }
}

/**
 * The scans kept for this user, oldest first (nothing when there are none or they cannot be
 * read). A record an earlier version left in localStorage goes first and moves here.
 */
export async function loadKeptQueue(storage: QueueStorage | null, owner: string, legacy: KeyValueStorage | null = null): Promise<KeptQueue> {
  let current: KeptQueue;
  try {
    current = asKept(await storage?.get(keptQueueKey(owner)), VERSION);
  } catch {
    current = EMPTY;
  }
  const old = readLegacy(legacy, owner);
  if (old.scans.length === 0) return current;
  const merged: KeptQueue = {
    // The parent on screen belongs to the newest scans.
    parent: current.scans.length > 0 ? current.parent : old.parent,
    scans: [...old.scans, ...current.scans].slice(0, DEFAULT_QUEUE_CAPACITY),
  };
  if (storage) {
    await write(storage, owner, record(merged));
    try {
      legacy?.removeItem(keptQueueKey(owner));
    } catch {
      // Read again next time; the keys make a second send harmless.
    }
  }
  return merged;
}

function readLegacy(legacy: KeyValueStorage | null, owner: string): KeptQueue {
  try {
    const raw = legacy?.getItem(keptQueueKey(owner));
    return raw ? asKept(JSON.parse(raw), LEGACY_VERSION) : EMPTY;
  } catch {
    return EMPTY;
  }
}

export async function keptScanCount(storage: QueueStorage | null, owner: string, legacy: KeyValueStorage | null = null): Promise<number> {
  return (await loadKeptQueue(storage, owner, legacy)).scans.length;
}

let browserStore: QueueStorage | null | undefined;

/** IndexedDB database `tracetrack`, object store `scan-queue`; null where IndexedDB is missing. */
export function browserQueueStorage(): QueueStorage | null {
  if (browserStore !== undefined) return browserStore;
  try {
    if (typeof indexedDB === 'undefined') return (browserStore = null);
    const store = createStore('tracetrack', 'scan-queue');
    browserStore = {
      get: (key) => get(key, store),
      set: (key, value) => set(key, value, store),
      del: (key) => del(key, store),
    };
  } catch {
    browserStore = null;
  }
  return browserStore;
}

export function browserLocalStorage(): KeyValueStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}
