import { describe, expect, it } from 'vitest';

import { fieldMessages, isTransient, summarizeProblem } from './problem';

const problem = (code: string, status: number, message: string, details?: unknown) => ({
  type: `urn:tracetrack:problem:${code}`, title: 'x', status, code, message, request_id: 'req-1',
  ...(details === undefined ? {} : { details }),
});

describe('summarizeProblem', () => {
  it('keeps the server message for data problems and maps details.fields', () => {
    const summary = summarizeProblem(
      problem('validation_failed', 422, 'invalid user', {
        fields: [
          { field: 'username', message: 'must be 3–40 characters' },
          { field: 'password', message: 'needs a digit' },
          { field: 'password', message: 'needs a symbol' },
        ],
      }),
    );
    expect(summary.code).toBe('validation_failed');
    expect(summary.message).toBe('invalid user');
    expect(summary.fields).toEqual({ username: 'must be 3–40 characters', password: 'needs a digit; needs a symbol' });
    expect(summary.request_id).toBe('req-1');
  });

  it('uses plain words for transport problems, with Retry-After', () => {
    const response = new Response(null, { status: 423, headers: { 'Retry-After': '840' } });
    const summary = summarizeProblem(problem('account_locked', 423, 'locked'), response);
    expect(summary.message).toBe(
      'This account is locked after too many failed sign-ins. Try again in 14 minutes, or ask an admin to unlock it.',
    );
    expect(summary.retry_after_s).toBe(840);
  });

  it('recognises no answer at all as a network error', () => {
    const summary = summarizeProblem(new TypeError('Failed to fetch'));
    expect(summary.code).toBe('network_error');
    expect(isTransient(summary)).toBe(true);
  });

  it('copes with a non-JSON error page', () => {
    const summary = summarizeProblem('<html>Bad gateway</html>', new Response('x', { status: 502 }));
    expect(summary.code).toBe('unavailable');
    expect(isTransient(summary)).toBe(true);
  });

  it('does not retry refusals', () => {
    expect(isTransient(summarizeProblem(problem('parent_full', 409, 'parent SB00017 is full (30/30)')))).toBe(false);
  });

  it('prefers RFC 9457 detail over message, and takes either alone', () => {
    const both = { ...problem('parent_full', 409, 'parent is full'), detail: 'parent SB00017 is full (30/30)' };
    expect(summarizeProblem(both).message).toBe('parent SB00017 is full (30/30)');
    const { message: _dropped, ...detailOnly } = both;
    expect(summarizeProblem(detailOnly).code).toBe('parent_full');
    expect(summarizeProblem(detailOnly).message).toBe('parent SB00017 is full (30/30)');
    expect(summarizeProblem(problem('parent_full', 409, 'parent is full')).message).toBe('parent is full');
  });

  it('says how long to wait on a 429 with Retry-After', () => {
    const seconds = new Response(null, { status: 429, headers: { 'Retry-After': '5' } });
    const summary = summarizeProblem(problem('rate_limited', 429, 'too many requests'), seconds);
    expect(summary.code).toBe('rate_limited');
    expect(summary.retry_after_s).toBe(5);
    expect(summary.message).toBe('Too many attempts. Wait 5 seconds and try again.');
    expect(isTransient(summary)).toBe(true);

    const minutes = new Response(null, { status: 429, headers: { 'Retry-After': '90' } });
    expect(summarizeProblem(problem('rate_limited', 429, 'x'), minutes).message).toBe(
      'Too many attempts. Wait 2 minutes and try again.',
    );

    const date = new Date(Date.now() + 30_000).toUTCString();
    const dated = summarizeProblem(problem('rate_limited', 429, 'x'), new Response(null, { status: 429, headers: { 'Retry-After': date } }));
    expect(dated.retry_after_s).toBeGreaterThan(25);
    expect(dated.retry_after_s).toBeLessThanOrEqual(30);
  });

  it('reads a bare 429 (no problem+json) as rate limited', () => {
    const response = new Response('slow down', { status: 429, headers: { 'Retry-After': '1' } });
    const summary = summarizeProblem('slow down', response);
    expect(summary.code).toBe('rate_limited');
    expect(summary.message).toBe('Too many attempts. Wait 1 second and try again.');
  });

  it('ignores malformed details', () => {
    expect(fieldMessages({ fields: [{ field: 1 }, 'x', { field: 'a', message: 'b' }] })).toEqual({ a: 'b' });
    expect(fieldMessages(null)).toEqual({});
  });
});
