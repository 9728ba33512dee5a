// Pure rules of the bill screen (SPEC §4, §10): progress, which actions a bill offers,
// weights in plain words, what a parent scan shows and plays, and the create form's checks.
import { t } from '../../i18n';
import { formatKg } from '../../i18n/format';
import { isRecord, type ProblemSummary } from '../../lib/api/problem';
import type { Bag, Bill, BillLoadResult, CreateBill } from '../../lib/api/types';
import { checkBody, limits, range } from '../../lib/api/validation';
import { feedbackFor, type Feedback } from '../scanning';

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

export { formatKg };

/** `+1.5 kg over`, `2 kg under`, `on target`. */
export function weightDifferenceText(difference_kg: number): string {
  const rounded = Math.round(difference_kg * 10) / 10;
  if (rounded === 0) return t('bills.onTarget');
  return rounded > 0 ? t('bills.over', { weight: formatKg(rounded) }) : t('bills.under', { weight: formatKg(-rounded) });
}

/** A parent holding fewer children than its type takes (empty, half-packed, or closed early). */
export interface Shortfall {
  qr: string;
  count: number;
  max: number;
  short: number;
}

export function parentShortfall(parent: Pick<Bag, 'qr' | 'child_count' | 'max_children'>): Shortfall | null {
  const count = parent.child_count ?? 0;
  const max = parent.max_children ?? 0;
  return count < max ? { qr: parent.qr, count, max, short: max - count } : null;
}

/** `SB00017 0/30 (30 short)` */
export function shortfallText({ qr, count, max, short }: Shortfall): string {
  return t('bills.shortfall', { qr, progress: `${count}/${max}`, short });
}

export function loadedFeedback(result: BillLoadResult): Feedback {
  const { bill, parent } = result;
  const count = `${bill.linked_count}/${bill.capacity}`;
  if (result.already_linked) {
    return { tone: 'notice', colour: 'notice', headline: t('bills.feedback.alreadyOnBill'), reason: t('bills.feedback.alreadyLoaded', { parent: parent.qr }) };
  }
  const shortfall = parentShortfall(parent);
  if (shortfall) {
    // Loaded, but not full: amber and its own sound, so a half-packed parent is noticed.
    return {
      tone: 'caution',
      colour: 'warning',
      headline: t('bills.feedback.loadedNotFull', { progress: count }),
      reason: t('bills.feedback.hasChildrenShort', { parent: parent.qr, progress: `${shortfall.count}/${shortfall.max}`, short: shortfall.short }),
    };
  }
  return {
    tone: 'success',
    colour: 'success',
    headline: t('bills.feedback.loaded', { progress: count }),
    reason: t('bills.feedback.loadedWith', { parent: parent.qr, count: parent.child_count ?? 0 }),
  };
}

/** What to ask about before completing: parents not full, and weight below what is expected. */
export interface CompletionWarnings {
  incomplete: Shortfall[];
  /** kg under the expected weight (by child counts), or null when not under. */
  under_kg: number | null;
  /** kg the weighbridge is under the weight by child counts, or null. */
  weighbridge_under_kg: number | null;
}

export function completionWarnings(bill: Pick<Bill, 'weight_difference_kg' | 'actual_weight_kg' | 'weighbridge_weight_kg'> & { parents: Bag[] }): CompletionWarnings {
  const incomplete = bill.parents.map(parentShortfall).filter((shortfall) => shortfall !== null);
  const under = Math.round(-bill.weight_difference_kg * 10) / 10;
  const weighbridge = bill.weighbridge_weight_kg;
  const bridgeUnder = weighbridge === null || weighbridge === undefined ? 0 : Math.round((bill.actual_weight_kg - weighbridge) * 10) / 10;
  return { incomplete, under_kg: under > 0 ? under : null, weighbridge_under_kg: bridgeUnder > 0 ? bridgeUnder : null };
}

export function needsCompletionQuestion(warnings: CompletionWarnings): boolean {
  return warnings.incomplete.length > 0 || warnings.under_kg !== null || warnings.weighbridge_under_kg !== null;
}

/** The weighbridge weight less the weight from child counts, in words; null without a weighbridge weight. */
export function weighbridgeDifferenceText(bill: Pick<Bill, 'actual_weight_kg' | 'weighbridge_weight_kg'>): string | null {
  const weighbridge = bill.weighbridge_weight_kg;
  if (weighbridge === null || weighbridge === undefined) return null;
  return weightDifferenceText(weighbridge - bill.actual_weight_kg);
}

/** The weighbridge field: empty clears it; else kilograms (a decimal point or comma) in the API's range (`UpdateBill`). */
export function weighbridgeValue(value: string): { kg: number | null } | { problem: string } {
  const problem = t('bills.weighbridgeProblem', range(limits.UpdateBill.weighbridge_weight_kg));
  const text = value.trim().replace(',', '.');
  if (text === '') return { kg: null };
  // Plain decimals only, as a person types them ("1e3" and "-3" are not weights).
  if (!/^\d+(\.\d+)?$/.test(text)) return { problem };
  const kg = Number(text);
  const errors = checkBody('UpdateBill', { weighbridge_weight_kg: kg }, ['weighbridge_weight_kg'], { words: { weighbridge_weight_kg: problem } });
  return errors.weighbridge_weight_kg ? { problem } : { kg };
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
      return {
        tone: 'refusal', colour: 'refusal', headline: t('bills.feedback.onAnotherBill'), reason: bill ? t('bills.feedback.isOnBill', { code, bill }) : problem.message,
      };
    }
    case 'bill_at_capacity':
      return { tone: 'refusal', colour: 'refusal', headline: t('bills.feedback.billFull'), reason: t('bills.feedback.hasAllParents') };
    case 'bill_completed':
      return { tone: 'refusal', colour: 'refusal', headline: t('bills.feedback.billCompleted'), reason: t('bills.feedback.reopenToChange') };
    case 'not_found':
      return { tone: 'invalid', colour: 'refusal', headline: t('scan.refused.not_found'), reason: t('bills.feedback.noParent', { code }) };
    default:
      return feedbackFor({ kind: 'refused', code, problem });
  }
}

/** What the manual entry field says under itself: nothing when loaded, else why not. */
export function manualEntryError(feedback: Feedback): string | undefined {
  // Loaded (a parent not full too: its amber "caution" is a warning, not a refusal).
  const loaded = feedback.tone === 'success' || feedback.tone === 'notice' || feedback.tone === 'caution';
  return loaded ? undefined : feedback.reason;
}

export interface BillFormValues {
  bill_id: string;
  capacity: string;
  description: string;
  destination: string;
  vehicle_number: string;
}

export type BillFieldErrors = Partial<Record<keyof BillFormValues, string>>;

/** The create form's fields, in the order a person meets them. */
const BILL_FIELDS: readonly (keyof BillFormValues)[] = ['bill_id', 'capacity', 'destination', 'vehicle_number', 'description'];

/** A whole number as typed: undefined when empty, NaN when not a number. */
function countOf(text: string): number | undefined {
  return text.trim() ? Number(text.trim()) : undefined;
}

/** The request body of the create form; empty optional texts are left out. */
export function toCreateBill(values: BillFormValues): CreateBill {
  const optional = (text: string) => (text.trim() ? text.trim() : undefined);
  // Until validateBill passes, the capacity may still be missing or NaN (the schema names it).
  return {
    bill_id: values.bill_id.trim(),
    capacity: countOf(values.capacity) as number,
    description: optional(values.description),
    destination: optional(values.destination),
    vehicle_number: optional(values.vehicle_number),
  };
}

/** The `CreateBill` schema's rules (the capacity's range, the texts' lengths and characters) and the bill id's shape (not in the schema). */
export function validateBill(values: BillFormValues): BillFieldErrors {
  const first: BillFieldErrors = {};
  if (!values.bill_id.trim()) first.bill_id = t('bills.form.enterId');
  if (!values.capacity.trim()) first.capacity = t('bills.form.enterCapacity');
  const capacity = t('bills.form.capacityRule', range(limits.CreateBill.capacity));
  return checkBody('CreateBill', toCreateBill(values), BILL_FIELDS, { first, words: { capacity } });
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

/** A new capacity: a whole number in the API's range (`UpdateBill`), never below the parents already loaded (the server's rule, on the bill's own data). */
export function capacityProblem(value: string, linked_count: number): string | null {
  const rule = t('bills.form.capacityRule', range(limits.UpdateBill.capacity));
  const capacity = countOf(value);
  if (capacity === undefined) return rule;
  const errors = checkBody('UpdateBill', { capacity }, ['capacity'], { words: { capacity: rule } });
  if (errors.capacity) return errors.capacity;
  if (capacity < linked_count) return t('bills.form.notBelowLoaded', { count: linked_count });
  return null;
}
