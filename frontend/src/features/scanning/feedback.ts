// What an operator sees and hears after each scan: a colour, a tone, a big headline that is
// different for every kind of refusal, and the reason in one line ("already in SB00017").
import { isRecord, type FailureCode, type ProblemSummary } from '../../lib/api/problem';

export type ScanOutcome =
  | { kind: 'parent_opened'; parent_qr: string; created: boolean; child_count: number; max_children: number }
  | { kind: 'child_linked'; child_qr: string; parent_qr: string; child_count: number; max_children: number }
  | { kind: 'already_linked'; child_qr: string; parent_qr: string }
  | { kind: 'parent_finished'; parent_qr: string; child_count: number; max_children: number }
  | { kind: 'undone'; child_qr: string; parent_qr: string }
  | { kind: 'queued'; code: string; waiting: number }
  | { kind: 'queue_full'; code: string; waiting: number }
  | { kind: 'refused'; code: string; problem: ProblemSummary };

/** success: short high beep; notice: two quick high beeps; refusal: low double tone; warning: one mid tone. */
export type ToneName = 'success' | 'notice' | 'refusal' | 'invalid' | 'warning';
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
  parent_full: { headline: 'PARENT FULL', reason: () => 'parent is full', tone: 'refusal' },
  parent_completed: { headline: 'PARENT CLOSED', reason: () => 'parent is already completed', tone: 'refusal' },
  bill_completed: { headline: 'BILL COMPLETED', reason: () => 'parent is on a completed bill', tone: 'refusal' },
  self_link: { headline: 'SAME BAG', reason: () => 'that is the parent itself', tone: 'invalid' },
  wrong_kind: { headline: 'WRONG KIND OF BAG', reason: serverReason, tone: 'invalid' },
  invalid_qr: { headline: 'NOT A VALID QR', reason: serverReason, tone: 'invalid' },
  validation_failed: { headline: 'NOT ACCEPTED', reason: serverReason, tone: 'invalid' },
  not_found: { headline: 'NOT FOUND', reason: serverReason, tone: 'invalid' },
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
