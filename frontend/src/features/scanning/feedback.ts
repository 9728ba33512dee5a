// What an operator sees and hears after each scan: a colour, a tone, a big headline that is
// different for every kind of refusal, and the reason in one line ("already in SB00017").
import { isRecord, type FailureCode, type ProblemSummary } from '../../lib/api/problem';

export type ScanOutcome =
  | { kind: 'parent_opened'; parent_qr: string; created: boolean; child_count: number; max_children: number }
  /** A parent label scanned while another parent was open: that one is left as it was. */
  | {
      kind: 'parent_switched'; parent_qr: string; created: boolean; child_count: number; max_children: number;
      previous_qr: string; previous_count: number; previous_max: number;
    }
  | { kind: 'child_linked'; child_qr: string; parent_qr: string; child_count: number; max_children: number }
  | { kind: 'already_linked'; child_qr: string; parent_qr: string }
  | { kind: 'parent_finished'; parent_qr: string; child_count: number; max_children: number }
  | { kind: 'undone'; child_qr: string; parent_qr: string }
  | { kind: 'queued'; code: string; waiting: number }
  | { kind: 'queue_full'; code: string; waiting: number }
  | { kind: 'refused'; code: string; problem: ProblemSummary }
  /** Refused on this device, nothing sent: see `LocalRefusal`. */
  | { kind: 'refused_here'; code: string; refusal: LocalRefusal }
  /** A scan while a question is open on the screen: not used. */
  | { kind: 'not_now'; code: string }
  /** One particular child taken out of its parent. */
  | { kind: 'child_removed'; child_qr: string; parent_qr: string; child_count: number; max_children: number };

/**
 * What the packing screen refuses without asking the server, because the scan cannot be
 * meant as it would be read: a child with no parent open, a child for a parent that is full
 * or closed (counting scans not sent yet), a child for a parent that was never opened.
 */
export type LocalRefusal =
  | { reason: 'no_parent' }
  | { reason: 'parent_full'; parent_qr: string; max_children: number }
  | { reason: 'parent_closed'; parent_qr: string; child_count: number; max_children: number }
  | { reason: 'parent_not_opened'; parent_qr: string };

/**
 * success: short high beep; notice: two quick high beeps; refusal: low double tone; invalid:
 * lower triple tone; warning (kept for later): one mid tone; caution (done, but check it):
 * a rising pair.
 */
export type ToneName = 'success' | 'notice' | 'refusal' | 'invalid' | 'warning' | 'caution';
export type FeedbackColour = 'success' | 'notice' | 'refusal' | 'warning';

export interface Feedback {
  tone: ToneName;
  colour: FeedbackColour;
  headline: string;
  reason: string;
}

/** The parent a refused child is already in, from `details.parent_qr` or the message. */
function otherParent(problem: ProblemSummary): string | null {
  if (isRecord(problem.details) && typeof problem.details.parent_qr === 'string') return problem.details.parent_qr;
  return /already in (\S+)$/.exec(problem.message)?.[1] ?? null;
}

interface RefusalWording {
  headline: string;
  reason: (code: string, problem: ProblemSummary) => string;
  tone: ToneName;
}

const serverReason = (_code: string, problem: ProblemSummary) => problem.message;

// One entry per code a scan can be refused with; anything else falls back to REFUSED.
const REFUSALS: Partial<Record<FailureCode, RefusalWording>> = {
  child_linked_elsewhere: {
    headline: 'ALREADY PACKED',
    reason: (_code, problem) => {
      const parent = otherParent(problem);
      return parent ? `already in ${parent}` : problem.message;
    },
    tone: 'refusal',
  },
  parent_full: { headline: 'PARENT FULL', reason: () => 'scan a new parent', tone: 'refusal' },
  parent_completed: { headline: 'PARENT CLOSED', reason: () => 'scan a new parent (or undo to reopen this one)', tone: 'refusal' },
  bill_completed: { headline: 'BILL COMPLETED', reason: () => 'parent is on a completed bill', tone: 'refusal' },
  self_link: { headline: 'SAME BAG', reason: () => 'that is the parent itself', tone: 'invalid' },
  wrong_kind: { headline: 'WRONG KIND OF BAG', reason: serverReason, tone: 'invalid' },
  invalid_qr: { headline: 'NOT A VALID QR', reason: serverReason, tone: 'invalid' },
  validation_failed: { headline: 'NOT ACCEPTED', reason: serverReason, tone: 'invalid' },
  not_found: { headline: 'NOT FOUND', reason: serverReason, tone: 'invalid' },
  // Nothing about the other area: not whose, not what it holds.
  other_area: { headline: 'BELONGS TO ANOTHER AREA', reason: () => 'this bag belongs to another area', tone: 'refusal' },
  forbidden: { headline: 'NOT ALLOWED', reason: () => 'your role cannot do this', tone: 'refusal' },
  unauthorized: { headline: 'SIGNED OUT', reason: () => 'sign in again to keep scanning', tone: 'refusal' },
  idempotency_conflict: { headline: 'SENT TWICE', reason: () => 'scan it again', tone: 'refusal' },
  rate_limited: { headline: 'TOO FAST', reason: () => 'wait a moment and scan again', tone: 'warning' },
  unavailable: { headline: 'SERVER BUSY', reason: () => 'scan again in a moment', tone: 'warning' },
  network_error: { headline: 'NO CONNECTION', reason: () => 'check the Wi-Fi and scan again', tone: 'warning' },
};

export function feedbackFor(outcome: ScanOutcome): Feedback {
  switch (outcome.kind) {
    case 'parent_opened':
      return {
        tone: 'success',
        colour: 'success',
        headline: outcome.created ? `NEW PARENT ${outcome.parent_qr}` : `PARENT ${outcome.parent_qr}`,
        reason: `${outcome.child_count}/${outcome.max_children} — scan its children`,
      };
    case 'parent_switched':
      return {
        tone: 'notice',
        colour: 'notice',
        headline: `SWITCHED TO ${outcome.parent_qr}`,
        reason: `${outcome.child_count}/${outcome.max_children} — ${outcome.previous_qr} left open at ${outcome.previous_count}/${outcome.previous_max}`,
      };
    case 'child_linked':
      return {
        tone: 'success',
        colour: 'success',
        headline: `OK ${outcome.child_count}/${outcome.max_children}`,
        reason: `${outcome.child_qr} packed into ${outcome.parent_qr}`,
      };
    case 'already_linked':
      return {
        tone: 'notice',
        colour: 'notice',
        headline: 'ALREADY IN THIS PARENT',
        reason: `${outcome.child_qr} is already in ${outcome.parent_qr}; nothing changed`,
      };
    case 'parent_finished':
      return {
        tone: 'success',
        colour: 'success',
        headline: `${outcome.parent_qr} COMPLETE`,
        reason: `${outcome.child_count}/${outcome.max_children} packed — scan the next parent`,
      };
    case 'undone':
      return {
        tone: 'notice',
        colour: 'notice',
        headline: 'UNDONE',
        reason: `${outcome.child_qr} taken out of ${outcome.parent_qr}`,
      };
    case 'queued':
      return {
        tone: 'warning',
        colour: 'warning',
        headline: 'SAVED, NOT SENT YET',
        reason: `no connection — ${outcome.waiting} scan${outcome.waiting === 1 ? '' : 's'} will be sent when it is back`,
      };
    case 'queue_full':
      return {
        tone: 'refusal',
        colour: 'refusal',
        headline: 'NOT SAVED — TOO MANY WAITING',
        reason: `${outcome.waiting} scans are waiting for the connection; scan ${outcome.code} again once they are sent`,
      };
    case 'refused_here':
      return localRefusalFeedback(outcome.code, outcome.refusal);
    case 'not_now':
      return notNowFeedback(outcome.code);
    case 'child_removed':
      return {
        tone: 'notice',
        colour: 'notice',
        headline: `REMOVED ${outcome.child_count}/${outcome.max_children}`,
        reason: `${outcome.child_qr} taken out of ${outcome.parent_qr}`,
      };
    case 'refused': {
      const wording = REFUSALS[outcome.problem.code];
      if (!wording) return { tone: 'refusal', colour: 'refusal', headline: 'REFUSED', reason: outcome.problem.message };
      return {
        tone: wording.tone,
        colour: wording.tone === 'warning' ? 'warning' : 'refusal',
        headline: wording.headline,
        reason: wording.reason(outcome.code, outcome.problem),
      };
    }
  }
}

function localRefusalFeedback(code: string, refusal: LocalRefusal): Feedback {
  switch (refusal.reason) {
    case 'no_parent':
      return { tone: 'invalid', colour: 'refusal', headline: 'SCAN A PARENT FIRST', reason: `${code} not packed — scan the parent bag, then its children` };
    case 'parent_full':
      return {
        tone: 'refusal',
        colour: 'refusal',
        headline: 'PARENT FULL',
        reason: `scan a new parent — ${refusal.parent_qr} has ${refusal.max_children}/${refusal.max_children}; ${code} not packed`,
      };
    case 'parent_closed':
      return {
        tone: 'refusal',
        colour: 'refusal',
        headline: 'PARENT CLOSED',
        reason: `scan a new parent — ${refusal.parent_qr} was closed at ${refusal.child_count}/${refusal.max_children}; ${code} not packed`,
      };
    case 'parent_not_opened':
      return { tone: 'refusal', colour: 'refusal', headline: 'NOT PACKED', reason: `${refusal.parent_qr} did not open — scan it, then ${code} again` };
  }
}

export type FeedbackIcon = 'check' | 'info' | 'cross' | 'stop' | 'clock' | 'alert';

/** A shape per kind of answer, so it reads without telling colours apart. */
export function feedbackIcon(feedback: Pick<Feedback, 'tone'>): FeedbackIcon {
  const icons: Record<ToneName, FeedbackIcon> = {
    success: 'check',
    notice: 'info',
    refusal: 'cross',
    invalid: 'stop',
    warning: 'clock',
    caution: 'alert',
  };
  return icons[feedback.tone];
}

/** A scan that arrived while the screen asked a question: every scan gets an answer. */
export function notNowFeedback(code: string): Feedback {
  return { tone: 'invalid', colour: 'refusal', headline: 'ANSWER THE QUESTION FIRST', reason: `${code} not used — answer on screen, then scan it again` };
}
