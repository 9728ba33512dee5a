// The packing screen's state (SPEC §3, §10): the parent being packed, what it holds, and the
// last scans. Pure, so the rules "after the last child, back to scan a parent" and "undo
// reopens" are tested without a browser.
import { t } from '../../i18n';
import { isTransient, type ProblemSummary } from '../../lib/api/problem';
import type { Bag, ChildScanResult, ParentScanResult, UnlinkResult } from '../../lib/api/types';
import type { LocalRefusal, ParentLabelTest } from '../scanning';
import type { WaitingScan } from './scan-queue';

/**
 * Whether a scan whose send failed stays queued (and kept in localStorage) rather than being
 * shown as refused: no answer or the server briefly down (sent again with the same key), or
 * the session ended (a 401 the client could not renew — e.g. the server revoked the tokens
 * after a password change or a sign-out everywhere): the scan was not applied, the tab goes
 * to the sign-in screen, and the scan is sent after the user signs in again.
 */
export function keepsUnsentScan(problem: ProblemSummary): boolean {
  return isTransient(problem) || problem.code === 'unauthorized';
}

export type LogOutcome = 'parent' | 'linked' | 'already' | 'refused' | 'undone' | 'finished';

export interface ScanLogEntry {
  id: number;
  code: string;
  outcome: LogOutcome;
  text: string;
  at: number;
}

export interface PackingState {
  /** The parent on screen; a completed one stays shown until the next parent is scanned. */
  parent: Bag | null;
  /** Its children, most recently linked first. */
  children: Bag[];
  /** This session's scans, newest first. */
  log: ScanLogEntry[];
  nextId: number;
}

export type PackingAction =
  | { type: 'parent_scanned'; result: ParentScanResult; at: number }
  | { type: 'child_scanned'; result: ChildScanResult; at: number }
  | { type: 'undone'; result: UnlinkResult; at: number }
  | { type: 'child_removed'; result: UnlinkResult; at: number }
  | { type: 'finished'; parent: Bag; at: number }
  | { type: 'refused'; code: string; reason: string; at: number }
  | { type: 'change_parent' };

export const LOG_LENGTH = 12;

export const INITIAL_PACKING_STATE: PackingState = { parent: null, children: [], log: [], nextId: 1 };

/** What the next scan is: a parent (none open, or the open one is completed) or a child. */
export function scanMode(state: PackingState): 'parent' | 'child' {
  return state.parent && state.parent.status !== 'completed' ? 'child' : 'parent';
}

export interface Progress {
  count: number;
  max: number;
  /** 0–1, for the progress bar. */
  ratio: number;
}

export function progressOf(parent: Bag): Progress {
  const count = parent.child_count ?? 0;
  const max = parent.max_children ?? 0;
  return { count, max, ratio: max > 0 ? Math.min(1, count / max) : 0 };
}

function logged(state: PackingState, entry: Omit<ScanLogEntry, 'id'>): Pick<PackingState, 'log' | 'nextId'> {
  return { log: [{ ...entry, id: state.nextId }, ...state.log].slice(0, LOG_LENGTH), nextId: state.nextId + 1 };
}

function countText(parent: Bag): string {
  const { count, max } = progressOf(parent);
  return `${count}/${max}`;
}

export function packingReducer(state: PackingState, action: PackingAction): PackingState {
  switch (action.type) {
    case 'parent_scanned': {
      const { parent, children, created } = action.result;
      const progress = countText(parent);
      const text = created
        ? t('scanLog.newParent', { progress })
        : parent.status === 'completed'
          ? t('scanLog.parentAlreadyComplete', { progress })
          : t('scanLog.parentOpened', { progress });
      return { ...state, parent, children, ...logged(state, { code: parent.qr, outcome: 'parent', text, at: action.at }) };
    }
    case 'child_scanned': {
      const { child, parent, already_linked } = action.result;
      const children = already_linked ? state.children : [child, ...state.children.filter((bag) => bag.qr !== child.qr)];
      const next = { ...state, parent, children };
      if (already_linked) {
        return { ...next, ...logged(state, { code: child.qr, outcome: 'already', text: t('scanLog.alreadyInThisParent'), at: action.at }) };
      }
      const afterLink = logged(state, { code: child.qr, outcome: 'linked', text: t('scanLog.packed', { progress: countText(parent) }), at: action.at });
      if (parent.status !== 'completed') return { ...next, ...afterLink };
      const withLink = { ...next, ...afterLink };
      return { ...withLink, ...logged(withLink, { code: parent.qr, outcome: 'finished', text: t('scanLog.complete', { progress: countText(parent) }), at: action.at }) };
    }
    case 'undone': {
      const { child, parent } = action.result;
      return {
        ...state,
        parent,
        children: state.children.filter((bag) => bag.qr !== child.qr),
        ...logged(state, { code: child.qr, outcome: 'undone', text: t('scanLog.takenOutOf', { parent: parent.qr }), at: action.at }),
      };
    }
    case 'child_removed': {
      const { child, parent } = action.result;
      return {
        ...state,
        parent: state.parent?.qr === parent.qr ? parent : state.parent,
        children: state.children.filter((bag) => bag.qr !== child.qr),
        ...logged(state, { code: child.qr, outcome: 'undone', text: t('scanLog.removedFrom', { parent: parent.qr, progress: countText(parent) }), at: action.at }),
      };
    }
    case 'finished':
      return {
        ...state,
        parent: action.parent,
        ...logged(state, { code: action.parent.qr, outcome: 'finished', text: t('scanLog.closedAt', { progress: countText(action.parent) }), at: action.at }),
      };
    case 'refused':
      return { ...state, ...logged(state, { code: action.code, outcome: 'refused', text: action.reason, at: action.at }) };
    case 'change_parent':
      return { ...state, parent: null, children: [] };
  }
}

/**
 * The parent a child scan goes into, or why it goes nowhere (nothing is sent then): no parent
 * open, or the open one full or closed.
 */
export function childDestination(parent: Bag | null): { parent_qr: string } | { refusal: LocalRefusal } {
  if (!parent) return { refusal: { reason: 'no_parent' } };
  const { count, max } = progressOf(parent);
  if (parent.status !== 'completed' && count < max) return { parent_qr: parent.qr };
  return count >= max
    ? { refusal: { reason: 'parent_full', parent_qr: parent.qr, max_children: max } }
    : { refusal: { reason: 'parent_closed', parent_qr: parent.qr, child_count: count, max_children: max } };
}

/**
 * The packing state as it will be once the scans not sent yet are answered as expected: the
 * parent they lead to, with its count, and how many of its children are not sent yet. The
 * screen counts those in, marked as not sent, and refuses at once what would overfill.
 */
export interface Projection {
  /** The parent on screen with the waiting children counted in (null when none is open). */
  parent: Bag | null;
  /** A parent label among the waiting scans, not opened yet: children after it go there (its count is unknown). */
  pending_parent: string | null;
  /** Children among the waiting scans counted into `parent` (or waiting for `pending_parent`). */
  unsent: number;
}

export function projectQueue(state: Pick<PackingState, 'parent' | 'children'>, waiting: readonly WaitingScan[], isParentLabel: ParentLabelTest): Projection {
  let parent = state.parent;
  let pending_parent: string | null = null;
  let children = new Set(state.children.map((bag) => bag.qr));
  let unsent = 0;
  for (const { code } of waiting) {
    const label = isParentLabel(code);
    const open = pending_parent !== null || (parent !== null && parent.status !== 'completed');
    if (label === true || (label === null && !open)) {
      if ((pending_parent ?? parent?.qr) === code) continue;
      // A parent the screen has not opened yet: its count is unknown until the server answers.
      pending_parent = code;
      children = new Set();
      unsent = 0;
      continue;
    }
    if (!open || children.has(code)) continue;
    children.add(code);
    unsent += 1;
    if (pending_parent === null && parent) {
      const count = (parent.child_count ?? 0) + 1;
      parent = { ...parent, child_count: count, status: count >= (parent.max_children ?? 0) ? 'completed' : 'in_progress' };
    }
  }
  return { parent: pending_parent === null ? parent : null, pending_parent, unsent };
}

/** Where the next child goes once everything waiting is sent: a parent, or a refusal made here. */
export function projectedDestination(projection: Projection): { parent_qr: string } | { refusal: LocalRefusal } {
  return projection.pending_parent !== null ? { parent_qr: projection.pending_parent } : childDestination(projection.parent);
}
