// Pure rules of a return ticket: the new-ticket form's checks, what a ticket offers, and what
// a parent scan shows and plays.
import { t } from '../../i18n';
import type { ProblemSummary } from '../../lib/api/problem';
import type { CreateReturn, ReturnTicket, UpdateReturn } from '../../lib/api/types';
import { checkBody, type FieldErrors } from '../../lib/api/validation';
import { feedbackFor, type Feedback } from '../scanning';

export const RETURN_STATUSES = ['open', 'committed', 'cancelled'] as const;

export interface ReturnFormValues {
  area: string;
  notes: string;
}

export type ReturnField = keyof ReturnFormValues;

export function toCreateReturn(values: ReturnFormValues): CreateReturn {
  return { area: values.area || null, notes: values.notes.trim() || undefined };
}

/** The `CreateReturn` schema's rules (the notes' length and characters), before sending. */
export function validateReturn(values: ReturnFormValues): FieldErrors<ReturnField> {
  return checkBody('CreateReturn', toCreateReturn(values), ['area', 'notes']);
}

/** The notes as an edit sends them: trimmed, as the server stores them. */
export function toUpdateReturn(notes: string): UpdateReturn {
  return { notes: notes.trim() };
}

/** The `UpdateReturn` schema's rules for the notes, before sending. */
export function validateReturnNotes(notes: string): FieldErrors<'notes'> {
  return checkBody('UpdateReturn', toUpdateReturn(notes), ['notes']);
}

export function isReturnOpen(ticket: Pick<ReturnTicket, 'status'>): boolean {
  return ticket.status === 'open';
}

/** Finalise needs at least one bag; both only while open. */
export function returnActions(ticket: Pick<ReturnTicket, 'status' | 'bag_count'>): { finalize: boolean; cancel: boolean } {
  const open = isReturnOpen(ticket);
  return { finalize: open && ticket.bag_count >= 1, cancel: open };
}

export function returnedFeedback(qr: string, ticket: Pick<ReturnTicket, 'bag_count'>): Feedback {
  return { tone: 'success', colour: 'success', headline: t('returns.feedback.returned', { count: ticket.bag_count }), reason: t('returns.feedback.takenBack', { qr }) };
}

export function returnRefusedFeedback(code: string, problem: ProblemSummary): Feedback {
  switch (problem.code) {
    case 'return_closed':
      return { tone: 'refusal', colour: 'refusal', headline: t('returns.feedback.ticketClosed'), reason: t('returns.feedback.closedReason') };
    case 'duplicate':
      return { tone: 'notice', colour: 'notice', headline: t('returns.feedback.alreadyReturned'), reason: problem.message };
    case 'not_found':
      return { tone: 'invalid', colour: 'refusal', headline: t('scan.refused.not_found'), reason: t('returns.feedback.noParent', { code }) };
    default:
      return feedbackFor({ kind: 'refused', code, problem });
  }
}
