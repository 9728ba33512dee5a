import { describe, expect, it } from 'vitest';

import type { ProblemSummary } from '../../lib/api/problem';
import { isReturnOpen, returnActions, returnedFeedback, returnRefusedFeedback, toCreateReturn, toUpdateReturn, validateReturn, validateReturnNotes } from './return-ticket';

const problem = (over: Partial<ProblemSummary>): ProblemSummary => ({
  code: 'internal', status: 409, message: 'server says', fields: {}, details: null, request_id: null, retry_after_s: null, ...over,
});

describe('return ticket actions', () => {
  it('finalises only an open ticket with at least one bag', () => {
    expect(returnActions({ status: 'open', bag_count: 0 })).toEqual({ finalize: false, cancel: true });
    expect(returnActions({ status: 'open', bag_count: 1 })).toEqual({ finalize: true, cancel: true });
    expect(returnActions({ status: 'committed', bag_count: 3 })).toEqual({ finalize: false, cancel: false });
    expect(isReturnOpen({ status: 'cancelled' })).toBe(false);
  });
});

describe('return scan feedback', () => {
  it('counts returned bags', () => {
    expect(returnedFeedback('SB1', { bag_count: 2 })).toMatchObject({ colour: 'success', headline: 'RETURNED 2' });
  });
  it('words the refusals', () => {
    expect(returnRefusedFeedback('SB1', problem({ code: 'return_closed' })).headline).toBe('TICKET CLOSED');
    expect(returnRefusedFeedback('SB1', problem({ code: 'not_found' })).reason).toBe('no parent SB1');
    expect(returnRefusedFeedback('SB1', problem({ code: 'wrong_kind' })).headline).toBe('WRONG KIND OF BAG');
  });
});

describe('a new return ticket', () => {
  it('checks the notes by the API’s schema (at most 1000 characters, no control characters but line breaks and tabs)', () => {
    expect(validateReturn({ area: '', notes: 'x'.repeat(1000) })).toEqual({});
    expect(validateReturn({ area: 'lucknow', notes: 'x'.repeat(1001) })).toEqual({ notes: 'must be at most 1,000 characters' });
    expect(validateReturn({ area: '', notes: 'torn\tbag' })).toEqual({});
    expect(validateReturn({ area: '', notes: 'bell\u0007' })).toEqual({ notes: 'contains characters that are not allowed here' });
    expect(toCreateReturn({ area: '', notes: '  ' })).toEqual({ area: null, notes: undefined });
  });
});

describe('editing a ticket’s notes', () => {
  it('sends them trimmed and checks them by the UpdateReturn schema', () => {
    expect(toUpdateReturn('  Dealer Sharma\n1 torn  ')).toEqual({ notes: 'Dealer Sharma\n1 torn' });
    expect(validateReturnNotes('x'.repeat(1000))).toEqual({});
    expect(validateReturnNotes('x'.repeat(1001))).toEqual({ notes: 'must be at most 1,000 characters' });
    expect(validateReturnNotes('bell\u0007')).toEqual({ notes: 'contains characters that are not allowed here' });
  });
});
