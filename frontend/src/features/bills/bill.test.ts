import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { ProblemSummary } from '../../lib/api/problem';
import { limits } from '../../lib/api/validation';
import type { Bag, Bill } from '../../lib/api/types';
import {
  billActions, billProgress, capacityProblem, completionWarnings, formatKg, loadedFeedback, manualEntryError, needsCompletionQuestion,
  refusedFeedback, serverBillErrors, toCreateBill, validateBill, weighbridgeDifferenceText, weighbridgeValue, weightDifferenceText,
} from './bill';

const bill = (over: Partial<Bill> = {}): Bill => ({
  bill_id: 'B-1', status: 'processing', capacity: 2, linked_count: 1, returned_count: 0, child_count: 3,
  actual_weight_kg: 3, expected_weight_kg: 4, weight_difference_kg: -1, description: '', destination: '',
  vehicle_number: '', created_at: '2026-11-28T10:00:00Z', ...over,
});

const parent: Bag = { qr: 'SB00017', kind: 'parent', status: 'completed', child_count: 30, max_children: 30, created_at: '2026-11-28T10:00:00Z' };
const half: Bag = { ...parent, qr: 'SB00018', status: 'in_progress', child_count: 20 };
const empty: Bag = { ...parent, qr: 'SB00019', status: 'pending', child_count: 0 };

const problem = (over: Partial<ProblemSummary>): ProblemSummary => ({
  code: 'internal', status: 409, message: 'server says', fields: {}, details: null, request_id: null, retry_after_s: null, ...over,
});

describe('billProgress', () => {
  it('counts linked of capacity', () => {
    expect(billProgress(bill())).toEqual({ linked: 1, capacity: 2, ratio: 0.5, full: false });
    expect(billProgress(bill({ linked_count: 2 })).full).toBe(true);
  });
  it('never goes past 100 %', () => {
    expect(billProgress(bill({ linked_count: 3 })).ratio).toBe(1);
  });
});

describe('billActions', () => {
  it('offers save while not full, complete when full, reopen when completed', () => {
    expect(billActions(bill())).toEqual(['save']);
    expect(billActions(bill({ linked_count: 2 }))).toEqual(['complete']);
    expect(billActions(bill({ linked_count: 2, status: 'completed' }))).toEqual(['reopen']);
  });
});

describe('weights', () => {
  it('formats kilograms and the difference', () => {
    expect(formatKg(12.345)).toBe('12.3 kg');
    expect(weightDifferenceText(-1)).toBe('1 kg under');
    expect(weightDifferenceText(1.5)).toBe('+1.5 kg over');
    expect(weightDifferenceText(0.01)).toBe('on target');
  });
});

describe('scan feedback', () => {
  it('says loaded with the count, or already on this bill', () => {
    expect(loadedFeedback({ bill: bill(), parent, already_linked: false })).toMatchObject({ colour: 'success', headline: 'LOADED 1/2' });
    expect(loadedFeedback({ bill: bill(), parent, already_linked: true })).toMatchObject({ colour: 'notice', headline: 'ALREADY ON THIS BILL' });
  });
  it('has a headline and one-line reason for each bill refusal', () => {
    expect(refusedFeedback('SB1', problem({ code: 'parent_on_other_bill', details: { bill_id: 'B-9' } }))).toMatchObject({
      tone: 'refusal', headline: 'ON ANOTHER BILL', reason: 'SB1 is on bill B-9',
    });
    expect(refusedFeedback('SB1', problem({ code: 'parent_on_other_bill' })).reason).toBe('server says');
    expect(refusedFeedback('SB1', problem({ code: 'bill_at_capacity' })).headline).toBe('BILL FULL');
    expect(refusedFeedback('SB1', problem({ code: 'bill_completed' })).headline).toBe('BILL COMPLETED');
    expect(refusedFeedback('SB1', problem({ code: 'not_found' }))).toMatchObject({ headline: 'NOT FOUND', reason: 'no parent SB1 — pack it first, or type it by hand' });
    expect(refusedFeedback('SB1', problem({ code: 'network_error' })).colour).toBe('warning');
  });
});

describe('manual entry', () => {
  it('clears the field once loaded and keeps the reason on it when refused', () => {
    expect(manualEntryError(loadedFeedback({ bill: bill(), parent, already_linked: false }))).toBeUndefined();
    expect(manualEntryError(loadedFeedback({ bill: bill(), parent, already_linked: true }))).toBeUndefined();
    expect(manualEntryError(loadedFeedback({ bill: bill(), parent: empty, already_linked: false }))).toBeUndefined();
    expect(manualEntryError(refusedFeedback('SB1', problem({ code: 'bill_at_capacity' })))).toBe('the bill has all its parents');
    expect(manualEntryError(refusedFeedback('SB1', problem({ code: 'network_error' })))).toBeDefined();
  });
});

describe('bill form', () => {
  const values = { bill_id: 'BILL-2026/001', capacity: '10', description: '', destination: '', vehicle_number: '' };
  it('accepts what the API accepts', () => {
    expect(validateBill(values)).toEqual({});
  });
  it('checks the id and the capacity', () => {
    expect(validateBill({ ...values, bill_id: 'B' }).bill_id).toBeDefined();
    expect(validateBill({ ...values, bill_id: 'B 12' }).bill_id).toBeDefined();
    expect(validateBill({ ...values, capacity: '0' }).capacity).toBeDefined();
    expect(validateBill({ ...values, capacity: '501' }).capacity).toBeDefined();
    expect(validateBill({ ...values, capacity: '2.5' }).capacity).toBeDefined();
    expect(validateBill({ ...values, capacity: '' }).capacity).toBeDefined();
  });
  it('puts the server field errors and duplicate on the right field', () => {
    expect(serverBillErrors(problem({ code: 'validation_failed', fields: { capacity: 'too big' } }))).toEqual({ capacity: 'too big' });
    expect(serverBillErrors(problem({ code: 'duplicate', message: 'bill exists' }))).toEqual({ bill_id: 'bill exists' });
  });
});

describe('capacityProblem', () => {
  it('never goes below the parents loaded', () => {
    expect(capacityProblem('3', 2)).toBeNull();
    expect(capacityProblem('2', 2)).toBeNull();
    expect(capacityProblem('1', 2)).toBe('Not below the 2 parents already loaded.');
    expect(capacityProblem('0', 0)).toBe('A whole number from 1 to 500.');
    expect(capacityProblem('x', 0)).toBe('A whole number from 1 to 500.');
  });
});

describe('incomplete parents and weight', () => {
  it('loading a parent that is not full is amber, with its own sound and the shortfall', () => {
    expect(loadedFeedback({ bill: bill(), parent: half, already_linked: false })).toEqual({
      tone: 'caution', colour: 'warning', headline: 'LOADED 1/2 — NOT FULL', reason: 'SB00018 has 20/30 children: 10 short',
    });
    expect(loadedFeedback({ bill: bill(), parent: empty, already_linked: false }).reason).toBe('SB00019 has 0/30 children: 30 short');
  });

  it('asks before completing with parents not full or weight under', () => {
    const warnings = completionWarnings({ ...bill({ weight_difference_kg: -40 }), parents: [parent, half, empty] });
    expect(warnings.incomplete.map((shortfall) => [shortfall.qr, shortfall.short])).toEqual([['SB00018', 10], ['SB00019', 30]]);
    expect(warnings.under_kg).toBe(40);
    expect(needsCompletionQuestion(warnings)).toBe(true);
    expect(needsCompletionQuestion(completionWarnings({ ...bill({ weight_difference_kg: 0 }), parents: [parent] }))).toBe(false);
    expect(needsCompletionQuestion(completionWarnings({ ...bill({ weight_difference_kg: 2 }), parents: [parent] }))).toBe(false);
  });

  it('asks too when the weighbridge weighs less than the child counts say', () => {
    const warnings = completionWarnings({ ...bill({ weight_difference_kg: 0, actual_weight_kg: 60, weighbridge_weight_kg: 55 }), parents: [parent] });
    expect(warnings.weighbridge_under_kg).toBe(5);
  });

  it('reads the weighbridge weight, and says how far it is from the child counts', () => {
    expect(weighbridgeValue('')).toEqual({ kg: null });
    expect(weighbridgeValue(' 7150,5 ')).toEqual({ kg: 7150.5 });
    expect(weighbridgeValue('-3')).toHaveProperty('problem');
    expect(weighbridgeValue('1e3')).toHaveProperty('problem');
    expect(weighbridgeValue('1000000')).toHaveProperty('problem');
    expect(weighbridgeDifferenceText({ actual_weight_kg: 60, weighbridge_weight_kg: 72 })).toBe('+12 kg over');
    expect(weighbridgeDifferenceText({ actual_weight_kg: 60, weighbridge_weight_kg: null })).toBeNull();
  });
});

describe('the create form’s checks come from openapi.json', () => {
  // The OpenAPI document, read as the generator reads it: the numbers below are its own.
  const document = JSON.parse(readFileSync(new URL('../../../../openapi/openapi.json', import.meta.url), 'utf8')) as {
    components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
  };
  const stated = (schema: string, field: string) => document.components.schemas[schema]?.properties[field] ?? {};
  const form = { bill_id: 'BILL-2026/001', capacity: '10', description: '', destination: '', vehicle_number: '' };

  it('takes a text field’s maximum length from the document, not from a copy', () => {
    // Nothing in the SPA says 200: the number is read from the document here and by the generator there.
    const max = stated('CreateBill', 'destination').maxLength;
    expect(typeof max).toBe('number');
    expect(limits.CreateBill.destination.maxLength).toBe(max);
    expect(validateBill({ ...form, destination: 'x'.repeat(Number(max)) })).toEqual({});
    expect(validateBill({ ...form, destination: 'x'.repeat(Number(max) + 1) })).toEqual({ destination: `must be at most ${String(max)} characters` });
  });

  it('takes a number’s range from the document, words and all', () => {
    const { minimum, maximum } = stated('CreateBill', 'capacity');
    expect(limits.CreateBill.capacity).toEqual({ minimum, maximum });
    const rule = `A whole number from ${String(minimum)} to ${String(maximum)}.`;
    expect(validateBill({ ...form, capacity: String(maximum) })).toEqual({});
    expect(validateBill({ ...form, capacity: String(Number(maximum) + 1) })).toEqual({ capacity: rule });
    expect(validateBill({ ...form, capacity: String(Number(minimum) - 1) })).toEqual({ capacity: rule });
    expect(validateBill({ ...form, capacity: '2.5' })).toEqual({ capacity: rule });
  });

  it('counts lengths in characters as the server does, and keeps the document’s pattern', () => {
    const max = Number(stated('CreateBill', 'vehicle_number').maxLength);
    expect(validateBill({ ...form, vehicle_number: '😀'.repeat(max) })).toEqual({});
    expect(validateBill({ ...form, vehicle_number: 'RJ14\u0007' })).toEqual({ vehicle_number: 'contains characters that are not allowed here' });
  });

  it('sends what it checked', () => {
    expect(toCreateBill({ ...form, destination: ' Jaipur C&F ' })).toEqual({
      bill_id: 'BILL-2026/001', capacity: 10, description: undefined, destination: 'Jaipur C&F', vehicle_number: undefined,
    });
  });
});
