import { describe, expect, it } from 'vitest';

import type { ProblemSummary } from '../../lib/api/problem';
import { limits } from '../../lib/api/validation';
import { billTextsOf, billTextsUpdate, serverBillTextErrors, validateBillTexts } from './bill-texts';

const saved = { destination: 'Jaipur C&F', vehicle_number: 'RJ14 GB 1234', description: '' };

describe('bill texts', () => {
  it('reads the texts of a bill', () => {
    const bill = { ...saved, bill_id: 'B-1', capacity: 2 };
    expect(billTextsOf(bill)).toEqual(saved);
  });

  it('sends only what changed, trimmed; an emptied field clears it', () => {
    expect(billTextsUpdate(saved, { ...saved, vehicle_number: '  RJ14 GB 9999 ' })).toEqual({ vehicle_number: 'RJ14 GB 9999' });
    expect(billTextsUpdate(saved, { ...saved, destination: '', description: 'rice, 40 bags' })).toEqual({ destination: '', description: 'rice, 40 bags' });
    expect(billTextsUpdate(saved, { ...saved, destination: ' Jaipur C&F ' })).toEqual({});
  });

  it('checks the lengths and characters the API states, with its numbers', () => {
    const tooLong = 'x'.repeat(limits.UpdateBill.vehicle_number.maxLength + 1);
    expect(validateBillTexts({ vehicle_number: tooLong })).toEqual({ vehicle_number: `must be at most ${limits.UpdateBill.vehicle_number.maxLength} characters` });
    expect(validateBillTexts({ destination: 'Jaipur\u0007' })).toEqual({ destination: 'contains characters that are not allowed here' });
    expect(validateBillTexts({ destination: 'Jaipur', description: '' })).toEqual({});
  });

  it('puts the server’s field messages on their fields', () => {
    const problem: ProblemSummary = {
      code: 'validation_failed', status: 422, message: 'invalid', details: null, request_id: null, retry_after_s: null,
      fields: { vehicle_number: 'is too long (at most 40 characters)', capacity: 'ignored here' },
    };
    expect(serverBillTextErrors(problem)).toEqual({ vehicle_number: 'is too long (at most 40 characters)' });
  });
});
