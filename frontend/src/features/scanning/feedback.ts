// What an operator sees and hears after each scan: a colour, a tone, a big headline that is
// different for every kind of refusal, and the reason in one line ("already in SB00017").
import { t } from '../../i18n';
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
  headline: () => string;
  reason: (code: string, problem: ProblemSummary) => string;
  tone: ToneName;
}

const serverReason = (_code: string, problem: ProblemSummary) => problem.message;

// One entry per code a scan can be refused with; anything else falls back to REFUSED.
// Worded when shown, so the words are those of the language on screen then.
const REFUSALS: Partial<Record<FailureCode, RefusalWording>> = {
  child_linked_elsewhere: {
    headline: () => t('scan.refused.child_linked_elsewhere'),
    reason: (_code, problem) => {
      const parent = otherParent(problem);
      return parent ? t('scan.reason.alreadyIn', { parent }) : problem.message;
    },
    tone: 'refusal',
  },
  parent_full: { headline: () => t('scan.refused.parent_full'), reason: () => t('scan.reason.scanNewParent'), tone: 'refusal' },
  parent_completed: { headline: () => t('scan.refused.parent_completed'), reason: () => t('scan.reason.scanNewParentOrUndo'), tone: 'refusal' },
  bill_completed: { headline: () => t('scan.refused.bill_completed'), reason: () => t('scan.reason.onCompletedBill'), tone: 'refusal' },
  self_link: { headline: () => t('scan.refused.self_link'), reason: () => t('scan.reason.parentItself'), tone: 'invalid' },
  wrong_kind: { headline: () => t('scan.refused.wrong_kind'), reason: serverReason, tone: 'invalid' },
  invalid_qr: { headline: () => t('scan.refused.invalid_qr'), reason: serverReason, tone: 'invalid' },
  validation_failed: { headline: () => t('scan.refused.validation_failed'), reason: serverReason, tone: 'invalid' },
  parent_empty: { headline: () => t('scan.refused.parent_empty'), reason: () => t('errors.parent_empty'), tone: 'refusal' },
  undo_expired: { headline: () => t('scan.refused.undo_expired'), reason: () => t('errors.undo_expired'), tone: 'refusal' },
  not_found: { headline: () => t('scan.refused.not_found'), reason: serverReason, tone: 'invalid' },
  // Nothing about the other area: not whose, not what it holds.
  other_area: { headline: () => t('scan.refused.other_area'), reason: () => t('scan.reason.otherArea'), tone: 'refusal' },
  forbidden: { headline: () => t('scan.refused.forbidden'), reason: () => t('scan.reason.roleCannot'), tone: 'refusal' },
  unauthorized: { headline: () => t('scan.refused.unauthorized'), reason: () => t('scan.reason.signInAgain'), tone: 'refusal' },
  idempotency_conflict: { headline: () => t('scan.refused.idempotency_conflict'), reason: () => t('scan.reason.scanAgain'), tone: 'refusal' },
  rate_limited: { headline: () => t('scan.refused.rate_limited'), reason: () => t('scan.reason.waitAndScan'), tone: 'warning' },
  unavailable: { headline: () => t('scan.refused.unavailable'), reason: () => t('scan.reason.scanInAMoment'), tone: 'warning' },
  network_error: { headline: () => t('scan.refused.network_error'), reason: () => t('scan.reason.checkWifi'), tone: 'warning' },
};

export function feedbackFor(outcome: ScanOutcome): Feedback {
  switch (outcome.kind) {
    case 'parent_opened': {
      const progress = `${outcome.child_count}/${outcome.max_children}`;
      return {
        tone: 'success',
        colour: 'success',
        headline: outcome.created ? t('scan.newParent', { parent: outcome.parent_qr }) : t('scan.parent', { parent: outcome.parent_qr }),
        reason: t('scan.reason.scanItsChildren', { progress }),
      };
    }
    case 'parent_switched':
      return {
        tone: 'notice',
        colour: 'notice',
        headline: t('scan.switchedTo', { parent: outcome.parent_qr }),
        reason: t('scan.reason.leftOpen', {
          progress: `${outcome.child_count}/${outcome.max_children}`,
          previous: outcome.previous_qr,
          previousProgress: `${outcome.previous_count}/${outcome.previous_max}`,
        }),
      };
    case 'child_linked':
      return {
        tone: 'success',
        colour: 'success',
        headline: t('scan.ok', { progress: `${outcome.child_count}/${outcome.max_children}` }),
        reason: t('scan.reason.packedInto', { child: outcome.child_qr, parent: outcome.parent_qr }),
      };
    case 'already_linked':
      return {
        tone: 'notice',
        colour: 'notice',
        headline: t('scan.alreadyInThisParent'),
        reason: t('scan.reason.alreadyInNothingChanged', { child: outcome.child_qr, parent: outcome.parent_qr }),
      };
    case 'parent_finished':
      return {
        tone: 'success',
        colour: 'success',
        headline: t('scan.complete', { parent: outcome.parent_qr }),
        reason: t('scan.reason.packedScanNext', { progress: `${outcome.child_count}/${outcome.max_children}` }),
      };
    case 'undone':
      return {
        tone: 'notice',
        colour: 'notice',
        headline: t('scan.undone'),
        reason: t('scan.reason.takenOutOf', { child: outcome.child_qr, parent: outcome.parent_qr }),
      };
    case 'queued':
      return {
        tone: 'warning',
        colour: 'warning',
        headline: t('scan.savedNotSent'),
        reason: t('scan.reason.willBeSent', { count: outcome.waiting }),
      };
    case 'queue_full':
      return {
        tone: 'refusal',
        colour: 'refusal',
        headline: t('scan.notSavedTooMany'),
        reason: t('scan.reason.queueFull', { count: outcome.waiting, code: outcome.code }),
      };
    case 'refused_here':
      return localRefusalFeedback(outcome.code, outcome.refusal);
    case 'not_now':
      return notNowFeedback(outcome.code);
    case 'child_removed':
      return {
        tone: 'notice',
        colour: 'notice',
        headline: t('scan.removed', { progress: `${outcome.child_count}/${outcome.max_children}` }),
        reason: t('scan.reason.takenOutOf', { child: outcome.child_qr, parent: outcome.parent_qr }),
      };
    case 'refused': {
      const wording = REFUSALS[outcome.problem.code];
      if (!wording) return { tone: 'refusal', colour: 'refusal', headline: t('scan.refused.other'), reason: outcome.problem.message };
      return {
        tone: wording.tone,
        colour: wording.tone === 'warning' ? 'warning' : 'refusal',
        headline: wording.headline(),
        reason: wording.reason(outcome.code, outcome.problem),
      };
    }
  }
}

function localRefusalFeedback(code: string, refusal: LocalRefusal): Feedback {
  switch (refusal.reason) {
    case 'no_parent':
      return { tone: 'invalid', colour: 'refusal', headline: t('scan.scanParentFirst'), reason: t('scan.reason.noParent', { code }) };
    case 'parent_full':
      return {
        tone: 'refusal',
        colour: 'refusal',
        headline: t('scan.refused.parent_full'),
        reason: t('scan.reason.parentFullHere', { parent: refusal.parent_qr, progress: `${refusal.max_children}/${refusal.max_children}`, code }),
      };
    case 'parent_closed':
      return {
        tone: 'refusal',
        colour: 'refusal',
        headline: t('scan.refused.parent_completed'),
        reason: t('scan.reason.parentClosedHere', { parent: refusal.parent_qr, progress: `${refusal.child_count}/${refusal.max_children}`, code }),
      };
    case 'parent_not_opened':
      return { tone: 'refusal', colour: 'refusal', headline: t('scan.notPacked'), reason: t('scan.reason.parentNotOpened', { parent: refusal.parent_qr, code }) };
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
  return { tone: 'invalid', colour: 'refusal', headline: t('scan.answerFirst'), reason: t('scan.reason.notUsed', { code }) };
}
