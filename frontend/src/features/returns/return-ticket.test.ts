import { describe, expect, it } from 'vitest';

import type { ProblemSummary } from '../../lib/api/problem';
import { isReturnOpen, returnActions, returnedFeedback, returnRefusedFeedback } from './return-ticket';

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
