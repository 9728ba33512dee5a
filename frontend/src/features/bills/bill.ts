// Pure rules of the bill screen (SPEC §4, §10): progress, which actions a bill offers,
// weights in plain words, what a parent scan shows and plays, and the create form's checks.
import { isRecord, type ProblemSummary } from '../../lib/api/problem';
import type { Bill, BillLoadResult } from '../../lib/api/types';
import type { Feedback } from '../scanning/feedback';
import { feedbackFor } from '../scanning/feedback';

export interface BillProgress {
  linked: number;
  capacity: number;
  ratio: number;
  full: boolean;
}

export function billProgress(bill: Pick<Bill, 'linked_count' | 'capacity'>): BillProgress {
  const capacity = Math.max(0, bill.capacity);
  const linked = Math.max(0, bill.linked_count);
  return { linked, capacity, ratio: capacity === 0 ? 0 : Math.min(1, linked / capacity), full: capacity > 0 && linked >= capacity };
}

export type BillAction = 'complete' | 'save' | 'reopen';

/** "Complete" when full, "Save and continue later" otherwise, "Reopen" once completed. */
export function billActions(bill: Pick<Bill, 'linked_count' | 'capacity' | 'status'>): BillAction[] {
  if (bill.status === 'completed') return ['reopen'];
  return billProgress(bill).full ? ['complete'] : ['save'];
}

/** Parents can be scanned in or removed only while the bill is open. */
export function isBillOpen(bill: Pick<Bill, 'status'>): boolean {
  return bill.status !== 'completed';
}

export function formatKg(kg: number): string {
  const rounded = Math.round(kg * 10) / 10;
  return `${rounded.toLocaleString(undefined, { maximumFractionDigits: 1 })} kg`;
}

/** `+1.5 kg over`, `2 kg under`, `on target`. */
export function weightDifferenceText(difference_kg: number): string {
  const rounded = Math.round(difference_kg * 10) / 10;
  if (rounded === 0) return 'on target';
  return rounded > 0 ? `+${formatKg(rounded)} over` : `${formatKg(-rounded)} under`;
}

export function loadedFeedback(result: BillLoadResult): Feedback {
  const { bill, parent } = result;
  const count = `${bill.linked_count}/${bill.capacity}`;
  if (result.already_linked) {
    return { tone: 'notice', colour: 'notice', headline: 'ALREADY ON THIS BILL', reason: `${parent.qr} is already loaded; nothing changed` };
  }
  return { tone: 'success', colour: 'success', headline: `LOADED ${count}`, reason: `${parent.qr} loaded with ${parent.child_count ?? 0} children` };
}

function otherBill(problem: ProblemSummary): string | null {
  if (isRecord(problem.details) && typeof problem.details.bill_id === 'string') return problem.details.bill_id;
  return null;
}

/** Refusals in the bill's words; anything else as on the packing screen. */
export function refusedFeedback(code: string, problem: ProblemSummary): Feedback {
  switch (problem.code) {
    case 'parent_on_other_bill': {
      const bill = otherBill(problem);
      return { tone: 'refusal', colour: 'refusal', headline: 'ON ANOTHER BILL', reason: bill ? `${code} is on bill ${bill}` : problem.message };
    }
    case 'bill_at_capacity':
      return { tone: 'refusal', colour: 'refusal', headline: 'BILL FULL', reason: 'the bill has all its parents' };
    case 'bill_completed':
      return { tone: 'refusal', colour: 'refusal', headline: 'BILL COMPLETED', reason: 'reopen the bill to change it' };
    case 'not_found':
      return { tone: 'invalid', colour: 'refusal', headline: 'NOT FOUND', reason: `no parent ${code} — pack it first` };
    default:
      return feedbackFor({ kind: 'refused', code, problem });
  }
}

/** What the manual entry field says under itself: nothing when loaded, else why not. */
export function manualEntryError(feedback: Feedback): string | undefined {
  return feedback.colour === 'success' || feedback.colour === 'notice' ? undefined : feedback.reason;
}

export interface BillFormValues {
  bill_id: string;
  capacity: string;
  description: string;
  destination: string;
  vehicle_number: string;
}

export type BillFieldErrors = Partial<Record<keyof BillFormValues, string>>;

const BILL_ID = /^[A-Za-z0-9_/-]{3,50}$/;

/** The API's rules (CreateBill): 3–50 letters, digits, `-`, `_`, `/`; capacity 1–500. */
export function validateBill(values: BillFormValues): BillFieldErrors {
  const errors: BillFieldErrors = {};
  const id = values.bill_id.trim();
  if (!id) errors.bill_id = 'Enter the bill id.';
  else if (!BILL_ID.test(id)) errors.bill_id = '3–50 letters, digits, “-”, “_” or “/”.';
  const capacity = Number(values.capacity);
  if (!values.capacity.trim()) errors.capacity = 'Enter how many parent bags the bill takes.';
  else if (!Number.isInteger(capacity) || capacity < 1 || capacity > 500) errors.capacity = 'A whole number from 1 to 500.';
  return errors;
}

/** The server's `details.fields` on the form's fields; `duplicate` belongs to the bill id. */
export function serverBillErrors(problem: ProblemSummary): BillFieldErrors {
  const errors: BillFieldErrors = {};
  for (const key of ['bill_id', 'capacity', 'description', 'destination', 'vehicle_number'] as const) {
    const message = problem.fields[key];
    if (message) errors[key] = message;
  }
  if (problem.code === 'duplicate' && !errors.bill_id) errors.bill_id = problem.message;
  return errors;
}

/** A new capacity: a whole number from the parents already loaded (at least 1) to 500. */
export function capacityProblem(value: string, linked_count: number): string | null {
  const capacity = Number(value);
  if (!value.trim() || !Number.isInteger(capacity) || capacity < 1 || capacity > 500) return 'A whole number from 1 to 500.';
  if (capacity < linked_count) return `Not below the ${linked_count} parents already loaded.`;
  return null;
}
