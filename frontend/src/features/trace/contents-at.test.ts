import { describe, expect, it } from 'vitest';

import { asOfFrom, asOfTyped, isAnswerFor, withAsOf } from './contents-at';

describe('contents at a time', () => {
  it('reads the instant asked about from the address bar, ignoring what is not a time', () => {
    expect(asOfFrom(new URLSearchParams('at=2026-11-28T04:00:00.000Z'))).toBe('2026-11-28T04:00:00.000Z');
    expect(asOfFrom(new URLSearchParams('at=yesterday'))).toBeNull();
    expect(asOfFrom(new URLSearchParams(''))).toBeNull();
  });

  it('sets and clears it, keeping the rest of the address', () => {
    const params = new URLSearchParams('x=1');
    expect(withAsOf(params, '2026-11-28T04:00:00.000Z').toString()).toBe('x=1&at=2026-11-28T04%3A00%3A00.000Z');
    expect(withAsOf(new URLSearchParams('x=1&at=2026-11-28T04:00:00.000Z'), null).toString()).toBe('x=1');
  });

  it('takes a typed time as the site clock’s', () => {
    expect(asOfTyped('2026-11-28T09:30', 'Asia/Kolkata')).toBe('2026-11-28T04:00:00.000Z');
    expect(asOfTyped('', 'Asia/Kolkata')).toBeNull();
  });

  it('knows an answer is for the instant asked, however the server writes it', () => {
    expect(isAnswerFor('2026-11-28T04:00:00Z', '2026-11-28T04:00:00.000Z')).toBe(true);
    expect(isAnswerFor('2026-11-28T09:30:00+05:30', '2026-11-28T04:00:00.000Z')).toBe(true);
    expect(isAnswerFor('2026-11-28T04:01:00Z', '2026-11-28T04:00:00.000Z')).toBe(false);
    expect(isAnswerFor(null, '2026-11-28T04:00:00.000Z')).toBe(false);
  });
});
