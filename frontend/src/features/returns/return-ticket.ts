// Pure rules of a return ticket: what it offers, and what a parent scan shows and plays.
import type { ProblemSummary } from '../../lib/api/problem';
import type { ReturnTicket } from '../../lib/api/types';
import { feedbackFor, type Feedback } from '../scanning/feedback';

export const RETURN_STATUSES = ['open', 'committed', 'cancelled'] as const;

export const RETURN_STATUS_LABELS: Record<string, string> = { open: 'open', committed: 'finalised', cancelled: 'cancelled' };

export function isReturnOpen(ticket: Pick<ReturnTicket, 'status'>): boolean {
  return ticket.status === 'open';
}

/** Finalise needs at least one bag; both only while open. */
export function returnActions(ticket: Pick<ReturnTicket, 'status' | 'bag_count'>): { finalize: boolean; cancel: boolean } {
  const open = isReturnOpen(ticket);
  return { finalize: open && ticket.bag_count >= 1, cancel: open };
}

export function returnedFeedback(qr: string, ticket: Pick<ReturnTicket, 'bag_count'>): Feedback {
  return { tone: 'success', colour: 'success', headline: `RETURNED ${ticket.bag_count}`, reason: `${qr} taken back on this ticket` };
}

export function returnRefusedFeedback(code: string, problem: ProblemSummary): Feedback {
  switch (problem.code) {
    case 'return_closed':
      return { tone: 'refusal', colour: 'refusal', headline: 'TICKET CLOSED', reason: 'this ticket is finalised or cancelled' };
    case 'duplicate':
      return { tone: 'notice', colour: 'notice', headline: 'ALREADY RETURNED', reason: problem.message };
    case 'not_found':
      return { tone: 'invalid', colour: 'refusal', headline: 'NOT FOUND', reason: `no parent ${code}` };
    default:
      return feedbackFor({ kind: 'refused', code, problem });
  }
}
