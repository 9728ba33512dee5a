// Scans waiting to be sent, in the order they were scanned, one request at a time.
//
// - A scan is turned into a request only when its turn comes (`prepare`), so it is read
//   against the state the earlier scans left: after a parent's last child, the next code
//   is a parent again, even when both were scanned while the Wi-Fi was down.
// - Once sent, a scan's request and Idempotency-Key are fixed: when the answer is lost or
//   the server is briefly down, the very same request is sent again (with growing pauses,
//   and at once when the browser says it is back online), and the server applies it once.
// - The queue is small (50). It is kept in memory and, through `persist`, in the browser's
//   storage (./queue-store.ts), so a reload or a closed tab does not lose it: `start` takes
//   the kept scans back and sends them, each prepared request and key unchanged.
import { newIdempotencyKey } from '../../lib/api/idempotency';

export type SendOutcome = 'done' | 'retry';

export interface QueuedScan<R> {
  readonly code: string;
  /** The parent a child scan was meant for when it was scanned (null: none known). */
  readonly target: string | null;
  readonly idempotency_key: string;
  request: R | null;
  attempts: number;
}

export interface ScanQueueOptions<R> {
  /** Builds the request for a scan when its turn comes. */
  prepare: (code: string, target: string | null) => R;
  /** Sends it: 'done' when answered (accepted or refused), 'retry' when it should be sent again. */
  send: (request: R, idempotency_key: string, scan: QueuedScan<R>) => Promise<SendOutcome>;
  /** Called whenever the number of waiting scans or the offline flag changes. */
  onChange?: (state: ScanQueueState) => void;
  /**
   * Called with the waiting scans whenever one is added, prepared (before it is first sent)
   * or answered; not when the queue stops, so what is kept survives the screen closing.
   */
  persist?: (scans: readonly QueuedScan<R>[]) => void;
  capacity?: number;
  /** Pause before retry number `attempt` (1, 2, …). */
  backoffMs?: (attempt: number) => number;
  newKey?: () => string;
}

export interface ScanQueueState {
  /** Scans not yet answered, including the one being sent. */
  waiting: number;
  /** Those scans, oldest first. */
  scans: readonly WaitingScan[];
  /** The last send needed a retry and no answer has come since. */
  offline: boolean;
}

/** A scan not answered yet, as the screen lists and counts it. */
export interface WaitingScan {
  code: string;
  target: string | null;
}

export const DEFAULT_QUEUE_CAPACITY = 50;

export function defaultBackoffMs(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt - 1));
}

export class ScanQueue<R> {
  private readonly items: QueuedScan<R>[] = [];
  /** Bumped by start and stop: a send that was under way for an earlier run is let go. */
  private run = 0;
  private drainingRun: number | null = null;
  private offline = false;
  private wake: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly options: ScanQueueOptions<R>) {}

  get state(): ScanQueueState {
    return {
      waiting: this.items.length,
      scans: this.items.map(({ code, target }) => ({ code, target })),
      offline: this.offline,
    };
  }

  /** Adds a scan; null when the queue is full (the scan is not kept). */
  enqueue(code: string, target: string | null = null): QueuedScan<R> | null {
    if (this.stopped || this.items.length >= (this.options.capacity ?? DEFAULT_QUEUE_CAPACITY)) return null;
    const scan: QueuedScan<R> = {
      code, target, idempotency_key: (this.options.newKey ?? newIdempotencyKey)(), request: null, attempts: 0,
    };
    this.items.push(scan);
    this.changed();
    this.persist();
    void this.drain();
    return scan;
  }

  /** Stop waiting and send now (the browser's `online` event, a "retry now" button). */
  retryNow(): void {
    this.wake?.();
  }

  /**
   * Accepts scans (again after `stop`: React may unmount and mount the same screen), and
   * sends `kept` first: scans a reload, a closed tab or a closed screen left unsent.
   */
  start(kept: readonly QueuedScan<R>[] = []): void {
    this.wake?.();
    this.stopped = false;
    this.run += 1;
    this.offline = false;
    this.items.splice(0, this.items.length, ...kept.slice(0, this.options.capacity ?? DEFAULT_QUEUE_CAPACITY));
    this.changed();
    if (this.items.length > 0) void this.drain();
  }

  /** Stops sending and forgets the scans in memory (the screen is closing); what was persisted stays. */
  stop(): void {
    this.stopped = true;
    this.run += 1;
    this.items.length = 0;
    this.wake?.();
  }

  private changed(): void {
    this.options.onChange?.(this.state);
  }

  private persist(): void {
    this.options.persist?.(this.items);
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        // A pause of an earlier run must not unset the current run's wake-up.
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async drain(): Promise<void> {
    const run = this.run;
    if (this.drainingRun === run) return;
    this.drainingRun = run;
    try {
      for (let head = this.items[0]; head && !this.stopped && this.run === run; head = this.items[0]) {
        if (head.request === null) {
          head.request = this.options.prepare(head.code, head.target);
          // Kept before it is sent: after a reload it goes again exactly as it went now.
          this.persist();
        }
        head.attempts += 1;
        let outcome: SendOutcome;
        try {
          outcome = await this.options.send(head.request, head.idempotency_key, head);
        } catch {
          outcome = 'retry';
        }
        if (this.stopped || this.run !== run) break;
        if (outcome === 'done') {
          this.items.shift();
          this.offline = false;
          this.changed();
          this.persist();
        } else {
          this.offline = true;
          this.changed();
          await this.pause((this.options.backoffMs ?? defaultBackoffMs)(head.attempts));
        }
      }
    } finally {
      if (this.drainingRun === run) this.drainingRun = null;
    }
  }
}
