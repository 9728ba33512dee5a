// The live stream's messages (`GET /api/v1/stream`) as the dashboard reads them, and what it
// keeps of them: the scans of the last minute, the last changes, and when to ask for the
// figures again. Pure, for tests. The OpenAPI document describes the messages in words only
// (the answer is one `text/event-stream` string), so their shapes are checked here as they arrive.
import { t } from '../../i18n';
import type { SseMessage } from '../../lib/api/sse';
import type { EventKind } from '../../lib/api/types';

/** `event: activity`, on connect and every 5 s: child scans of the last minute, total and per area. */
export interface LiveActivity {
  at: string;
  scans_last_minute: number;
  areas: { area: string | null; scans_last_minute: number }[];
}

/** `event: change`: a history event other than the scans counted in the activity. */
export interface LiveChange {
  id: number;
  kind: string;
  at: string;
  area: string | null;
  bag_qr: string | null;
  parent_qr: string | null;
  bill_id: string | null;
  return_code: string | null;
  actor: string | null;
}

/**
 * `reset`: more was missed than the stream can replay (far behind, or fell behind while
 * connected): what the screen shows is read again.
 */
export type LiveMessage = { type: 'activity'; activity: LiveActivity } | { type: 'change'; change: LiveChange } | { type: 'reset' };

/** The changes the feed shows at most. */
export const FEED_LENGTH = 10;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const count = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null);

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

/** A message of the stream as the dashboard uses it; null for anything else (ignored). */
export function readLiveMessage(message: SseMessage): LiveMessage | null {
  if (message.event === 'reset') return { type: 'reset' };
  const body = parseJson(message.data);
  if (!isRecord(body)) return null;
  if (message.event === 'activity') {
    const total = count(body.scans_last_minute);
    if (total === null) return null;
    const areas = Array.isArray(body.areas) ? body.areas : [];
    return {
      type: 'activity',
      activity: {
        at: text(body.at) ?? '',
        scans_last_minute: total,
        areas: areas.flatMap((entry) => {
          const scans = isRecord(entry) ? count(entry.scans_last_minute) : null;
          return isRecord(entry) && scans !== null ? [{ area: text(entry.area), scans_last_minute: scans }] : [];
        }),
      },
    };
  }
  if (message.event === 'change') {
    const id = count(body.id) ?? count(Number(message.lastEventId));
    const kind = text(body.kind);
    if (id === null || kind === null) return null;
    return {
      type: 'change',
      change: {
        id, kind, at: text(body.at) ?? '',
        area: text(body.area), bag_qr: text(body.bag_qr), parent_qr: text(body.parent_qr),
        bill_id: text(body.bill_id), return_code: text(body.return_code), actor: text(body.actor),
      },
    };
  }
  return null;
}

/** The feed with `change` on top, each change once (a reconnect may send one again), at most `FEED_LENGTH`. */
export function addChange(feed: readonly LiveChange[], change: LiveChange): LiveChange[] {
  if (feed.some((shown) => shown.id === change.id)) return [...feed];
  return [change, ...feed].sort((a, b) => b.id - a.id).slice(0, FEED_LENGTH);
}

/** The history kinds with words (`events.kind.*`); the schema's `EventKind` holds the list to it. */
const KINDS = [
  'parent_created', 'child_created', 'child_linked', 'child_unlinked', 'parent_completed', 'parent_reopened',
  'bag_deleted', 'bill_created', 'bill_updated', 'bill_parent_added', 'bill_parent_removed', 'bill_completed',
  'bill_reopened', 'bill_deleted', 'return_created', 'return_parent_added', 'return_finalized', 'return_cancelled',
  'bags_imported', 'bills_imported',
] as const satisfies readonly EventKind[];

/** A change's kind in the language on screen; a kind newer than this screen in its own words. */
export function changeKindLabel(kind: string): string {
  const known = KINDS.find((candidate) => candidate === kind);
  return known ? t(`events.kind.${known}`) : kind.replace(/_/g, ' ');
}

/** The codes a change is about, in the order a person reads them: bill, return, parent, bag. */
export function changeSubject(change: LiveChange): string {
  const codes = [change.bill_id, change.return_code, change.parent_qr, change.bag_qr];
  return [...new Set(codes.filter((code): code is string => code !== null))].join(' · ');
}

/**
 * Calls `run` at most once per `intervalMs`: at once when the last call is that long ago, else
 * once when the interval is over, however many requests came in between. With `settleMs`, once
 * more that long after the last request: the server keeps its figures for a few seconds (GET
 * /stats is cached for 5 s), so the first answer after a change may not hold it yet.
 */
export function throttle(run: () => void, intervalMs: number, { settleMs = 0, now = Date.now }: { settleMs?: number; now?: () => number } = {}) {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let settle: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    timer = null;
    last = now();
    run();
  };
  return {
    request() {
      if (settleMs > 0) {
        if (settle !== null) clearTimeout(settle);
        settle = setTimeout(() => {
          settle = null;
          if (timer === null) fire();
        }, settleMs);
      }
      if (timer !== null) return;
      const wait = last + intervalMs - now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      if (settle !== null) clearTimeout(settle);
      timer = null;
      settle = null;
    },
  };
}

/**
 * Whether an activity message means the figures moved since the one before: scans now, or
 * fewer than a moment ago. The first after connecting says nothing new (the figures were just read).
 */
export function activityMoved(previous: LiveActivity | null, next: LiveActivity): boolean {
  if (previous === null) return false;
  return next.scans_last_minute > 0 || previous.scans_last_minute !== next.scans_last_minute;
}
