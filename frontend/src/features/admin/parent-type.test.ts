import { describe, expect, it } from 'vitest';

import { summarizeProblem } from '../../lib/api/problem';
import {
  capacityText, EMPTY_PARENT_TYPE_FORM, serverParentTypeErrors, toCreateParentType, validateParentType,
  type ParentTypeFormValues,
} from './parent-type';

const wheat: ParentTypeFormValues = {
  code: ' Wheat ', name: ' Wheat ', qr_pattern: 'WH\\d{6}', max_children: '20', expected_weight_kg: '20', child_weight_kg: '1',
};

const problem = (code: string, status: number, message: string, details?: unknown) =>
  summarizeProblem({ type: `urn:tracetrack:problem:${code}`, title: 'x', status, code, message, request_id: 'r', details });

describe('parent type form', () => {
  it('accepts a sound type and sends it in the API’s shape', () => {
    expect(validateParentType(wheat)).toEqual({});
    expect(toCreateParentType({ ...wheat, expected_weight_kg: '20,5' })).toEqual({
      code: 'wheat', name: 'Wheat', qr_pattern: 'WH\\d{6}', max_children: 20, expected_weight_kg: 20.5, child_weight_kg: 1,
    });
  });

  it('puts every broken rule on its field, in the server’s words', () => {
    expect(validateParentType({ ...EMPTY_PARENT_TYPE_FORM, child_weight_kg: '0' })).toEqual({
      code: 'must be 2–40 lower-case letters, digits or _',
      name: 'must be 1–80 characters',
      qr_pattern: 'must be 1–200 characters',
      max_children: 'must be between 1 and 1,000',
      expected_weight_kg: 'must be a positive number of kilograms',
      child_weight_kg: 'must be a positive number of kilograms',
    });
    expect(validateParentType({ ...wheat, code: '1wheat', max_children: '2.5' })).toEqual({
      code: 'must be 2–40 lower-case letters, digits or _',
      max_children: 'must be between 1 and 1,000',
    });
    expect(validateParentType({ ...wheat, max_children: '1001', expected_weight_kg: 'heavy' })).toEqual({
      max_children: 'must be between 1 and 1,000',
      expected_weight_kg: 'must be a positive number of kilograms',
    });
  });

  it('takes the weight and count ranges from the API’s schema; no child weight is the server’s 1 kg', () => {
    expect(validateParentType({ ...wheat, child_weight_kg: '1000000', max_children: '1000' })).toEqual({
      child_weight_kg: 'must be a positive number of kilograms',
    });
    expect(validateParentType({ ...wheat, child_weight_kg: ' ' })).toEqual({});
    expect(toCreateParentType({ ...wheat, child_weight_kg: '' })).not.toHaveProperty('child_weight_kg');
  });

  it('maps the server’s field details and a taken code', () => {
    const invalid = problem('validation_failed', 422, 'invalid parent type', {
      fields: [{ field: 'qr_pattern', message: 'is not a valid regular expression: unclosed group' }],
    });
    expect(serverParentTypeErrors(invalid)).toEqual({ qr_pattern: 'is not a valid regular expression: unclosed group' });
    expect(serverParentTypeErrors(problem('duplicate', 409, 'parent type wheat exists'))).toEqual({ code: 'this code is taken' });
    expect(serverParentTypeErrors(problem('internal', 500, 'boom'))).toEqual({});
  });

  it('says capacity and weight in one line', () => {
    expect(capacityText({ max_children: 30, child_weight_kg: 1, expected_weight_kg: 30 })).toBe('30 × 1 kg, expected 30 kg');
  });
});
