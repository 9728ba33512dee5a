// The keyboard-wedge scanner rules of SPEC §10, free of React and the DOM so they can be
// tested with plain numbers for time:
// - a scan ends with Enter, or Tab (when something was typed);
// - a scanner that sends neither is submitted `idleSubmitMs` after its last keystroke,
//   once at least `minIdleLength` characters arrived (people type slower than that, so a
//   person typing is not cut off mid-code unless they pause);
// - the same code again within `repeatWindowMs` is a double read and is ignored.
// While a scan is being sent, later scans are not dropped: the screen queues them and
// sends them in order (see features/packing/scan-queue.ts).

export interface ScannerOptions {
  idleSubmitMs: number;
  minIdleLength: number;
  repeatWindowMs: number;
}

export const DEFAULT_SCANNER_OPTIONS: ScannerOptions = {
  idleSubmitMs: 100,
  minIdleLength: 4,
  repeatWindowMs: 1000,
};

/** Longest raw scan the API accepts; longer input is still sent so the refusal quotes it. */
export const MAX_SCAN_LENGTH = 255;

// Control characters, zero-width and other invisible format characters a scanner or a
// copy-paste may carry (the API's normalisation, SPEC §1). Whitespace, including tabs, line
// breaks and non-breaking spaces, counts as a space first, as on the server.
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** The API's normalisation (SPEC §1), used to compare codes and to show what was scanned. */
export function normaliseScan(raw: string): string {
  return raw
    .replace(/\s/g, ' ')
    .replace(INVISIBLE, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toUpperCase();
}

export type ScanDecision =
  | { kind: 'submit'; code: string }
  | { kind: 'ignore'; reason: 'empty' | 'repeat' };

export interface LastScan {
  code: string;
  at: number;
}

/** Whether `raw`, finished at `now`, is a scan to send. */
export function decideScan(
  raw: string,
  now: number,
  last: LastScan | null,
  options: ScannerOptions = DEFAULT_SCANNER_OPTIONS,
): ScanDecision {
  const code = normaliseScan(raw);
  if (!code) return { kind: 'ignore', reason: 'empty' };
  if (last && last.code === code && now - last.at < options.repeatWindowMs) {
    return { kind: 'ignore', reason: 'repeat' };
  }
  return { kind: 'submit', code };
}

/** What a key pressed in the scanner input means: end of a scan, or nothing special. */
export function keyAction(key: string, buffer: string): 'finish' | 'pass' {
  if (key === 'Enter') return 'finish';
  // Tab ends a scan; on an empty input it keeps its usual meaning (move focus).
  if (key === 'Tab' && buffer.length > 0) return 'finish';
  return 'pass';
}

/** Milliseconds to wait for more keystrokes before submitting by itself, or null to keep waiting. */
export function idleSubmitDelay(buffer: string, options: ScannerOptions = DEFAULT_SCANNER_OPTIONS): number | null {
  return normaliseScan(buffer).length >= options.minIdleLength ? options.idleSubmitMs : null;
}

/** A key that types one character (what a scanner sends), as opposed to a shortcut or a control key. */
export function isTypedCharacter(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
}

/**
 * Remembers the last code sent, so a double read is dropped. Time comes from outside
 * (`now`), so tests need no fake timers.
 */
export class ScanGate {
  private last: LastScan | null = null;

  constructor(private readonly options: ScannerOptions = DEFAULT_SCANNER_OPTIONS) {}

  offer(raw: string, now: number): ScanDecision {
    const decision = decideScan(raw, now, this.last, this.options);
    if (decision.kind === 'submit') this.last = { code: decision.code, at: now };
    return decision;
  }

  /** Forget the last code, e.g. when the operator starts over on purpose. */
  reset(): void {
    this.last = null;
  }
}

/**
 * How fast keystrokes come from a scanner gun: every character within `maxGapMs` of the one
 * before (guns type 5–20 ms apart; people rarely type four keys in a row under 60 ms apart),
 * at least `minLength` of them, ended by Enter or Tab within the same gap (or by silence).
 */
export interface BurstOptions {
  maxGapMs: number;
  minLength: number;
}

export const DEFAULT_BURST_OPTIONS: BurstOptions = { maxGapMs: 60, minLength: 4 };

/**
 * Recognises a scanner's burst wherever the keys land, so a scan typed into the wrong field
 * (a capacity, a hand-entry field) is taken back from it and sent as a scan. Keys held down
 * (auto-repeat) never count. Time comes from outside, so tests need no timers.
 */
export class KeyBurst {
  private text = '';
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: BurstOptions = DEFAULT_BURST_OPTIONS) {}

  /** A typed character; 'start' when it begins a new burst (the caller notes the field's text then). */
  typed(character: string, at: number, repeat = false): 'start' | 'continue' {
    const started = repeat || this.text === '' || at - this.lastAt > this.options.maxGapMs;
    this.text = repeat ? '' : started ? character : this.text + character;
    this.lastAt = repeat ? Number.NEGATIVE_INFINITY : at;
    return started ? 'start' : 'continue';
  }

  /** Enter or Tab at `at`: the scanned text when the keys before it were a scanner's burst. */
  finish(at: number): string | null {
    const burst = this.quiet(at) ? null : this.scanned();
    this.reset();
    return burst;
  }

  /** No key since the last one until `at` (a scanner without a terminator): the scan, if it was one. */
  idle(at: number): string | null {
    if (!this.quiet(at)) return null;
    const burst = this.scanned();
    this.reset();
    return burst;
  }

  reset(): void {
    this.text = '';
    this.lastAt = Number.NEGATIVE_INFINITY;
  }

  private quiet(at: number): boolean {
    return at - this.lastAt > this.options.maxGapMs;
  }

  private scanned(): string | null {
    return normaliseScan(this.text).length >= this.options.minLength ? this.text : null;
  }
}
