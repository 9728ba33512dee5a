// Unsent scans kept in the browser's localStorage, so a reload, a closed tab or a sign-out
// does not lose them: the packing screen or station mode sends them when it next opens for
// the same user, each with its own Idempotency-Key (the server applies it once).
//
// What is kept: per user (a scan is sent as the person who made it), the scans in order with
// their keys and, once sent, their exact requests, and the parent on screen (the next scan
// that was not sent yet is read against it). No token is kept: sending needs a sign-in.
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

/** The part of the Web Storage API kept scans need (localStorage, or a fake in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const VERSION = 1;
const EMPTY: KeptQueue = { parent: null, scans: [] };

export function keptQueueKey(owner: string): string {
  return `tracetrack.scan_queue.${owner}`;
}

const text = (value: unknown): value is string => typeof value === 'string';
const textOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';

function asRequest(value: unknown): ScanRequest | null | undefined {
  if (value === null) return null;
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
  return { code: value.code, idempotency_key: value.idempotency_key, request, attempts: 0 };
}

function asParent(value: unknown): Bag | null {
  return isRecord(value) && text(value.qr) && value.kind === 'parent' ? (value as unknown as Bag) : null;
}

/** Keeps the scans (or forgets them once none are left). Storage that fails is ignored. */
export function keepQueue(storage: KeyValueStorage | null, owner: string, kept: KeptQueue): void {
  try {
    if (kept.scans.length === 0) {
      storage?.removeItem(keptQueueKey(owner));
      return;
    }
    const scans = kept.scans.map(({ code, idempotency_key, request }) => ({ code, idempotency_key, request }));
    storage?.setItem(keptQueueKey(owner), JSON.stringify({ v: VERSION, parent: kept.parent, scans }));
  } catch {
    // Full or disabled storage: the scans still live in memory until the tab closes.
  }
}

/** The scans kept for this user, oldest first; nothing when there are none or they cannot be read. */
export function loadKeptQueue(storage: KeyValueStorage | null, owner: string): KeptQueue {
  let raw: string | null;
  try {
    raw = storage?.getItem(keptQueueKey(owner)) ?? null;
  } catch {
    return EMPTY;
  }
  if (!raw) return EMPTY;
  let stored: unknown;
  try {
    stored = JSON.parse(raw);
  } catch {
    return EMPTY;
  }
  if (!isRecord(stored) || stored.v !== VERSION || !Array.isArray(stored.scans)) return EMPTY;
  const scans = stored.scans.map(asScan).filter((scan) => scan !== null).slice(0, DEFAULT_QUEUE_CAPACITY);
  return { parent: scans.length > 0 ? asParent(stored.parent) : null, scans };
}

export function keptScanCount(storage: KeyValueStorage | null, owner: string): number {
  return loadKeptQueue(storage, owner).scans.length;
}

export function browserLocalStorage(): KeyValueStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}
