// A bill's texts — destination, vehicle number, description — changed on the bill screen
// (PATCH /bills/{id}): the body sent (only what changed, trimmed as the server keeps it),
// checked against the generated `UpdateBill` schema, and the server's refusals on their fields.
// Pure, for tests.
import type { ProblemSummary } from '../../lib/api/problem';
import type { components } from '../../lib/api/schema';
import type { Bill } from '../../lib/api/types';
import { checkBody } from '../../lib/api/validation';

export type BillTextsUpdate = Pick<components['schemas']['UpdateBill'], 'description' | 'destination' | 'vehicle_number'>;

export interface BillTexts {
  destination: string;
  vehicle_number: string;
  description: string;
}

export type BillTextErrors = Partial<Record<keyof BillTexts, string>>;

/** The form's fields, in the order a person meets them. */
export const BILL_TEXT_FIELDS = ['destination', 'vehicle_number', 'description'] as const satisfies readonly (keyof BillTexts)[];

export function billTextsOf(bill: Pick<Bill, keyof BillTexts>): BillTexts {
  return { destination: bill.destination, vehicle_number: bill.vehicle_number, description: bill.description };
}

/** What changed, trimmed (an emptied field is sent as "" and clears it); `{}` when nothing did. */
export function billTextsUpdate(saved: BillTexts, typed: BillTexts): BillTextsUpdate {
  const update: BillTextsUpdate = {};
  for (const field of BILL_TEXT_FIELDS) {
    const text = typed[field].trim();
    if (text !== saved[field].trim()) update[field] = text;
  }
  return update;
}

/** The schema's rules on what is sent (lengths, no control characters), one problem per field. */
export function validateBillTexts(update: BillTextsUpdate): BillTextErrors {
  return checkBody('UpdateBill', update, BILL_TEXT_FIELDS);
}

/** The server's `details.fields` on the form's fields. */
export function serverBillTextErrors(problem: ProblemSummary): BillTextErrors {
  const errors: BillTextErrors = {};
  for (const field of BILL_TEXT_FIELDS) {
    const message = problem.fields[field];
    if (message) errors[field] = message;
  }
  return errors;
}
