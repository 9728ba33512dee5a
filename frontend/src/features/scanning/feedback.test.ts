import { describe, expect, it } from 'vitest';

import type { FailureCode, ProblemSummary } from '../../lib/api/problem';
import { feedbackFor } from './feedback';

function problem(code: FailureCode, message: string, details?: unknown): ProblemSummary {
  return { code, status: 409, message, fields: {}, details, request_id: 'r', retry_after_s: null };
}

describe('feedbackFor', () => {
  it('is green with a high beep for a packed child, showing the count', () => {
    expect(
      feedbackFor({ kind: 'child_linked', child_qr: '123456', parent_qr: 'SB00017', child_count: 17, max_children: 30 }),
    ).toEqual({ tone: 'success', colour: 'success', headline: 'OK 17/30', reason: '123456 packed into SB00017' });
  });

  it('names the other parent for a child packed elsewhere', () => {
    const fromDetails = feedbackFor({
      kind: 'refused', code: '123456',
      problem: problem('child_linked_elsewhere', '123456 is already in SB00017', { parent_qr: 'SB00017' }),
    });
    expect(fromDetails).toMatchObject({ tone: 'refusal', colour: 'refusal', headline: 'ALREADY PACKED', reason: 'already in SB00017' });

    const fromMessage = feedbackFor({
      kind: 'refused', code: '123456', problem: problem('child_linked_elsewhere', '123456 is already in SB00099'),
    });
    expect(fromMessage.reason).toBe('already in SB00099');
  });

  it('says "parent is full" for a full parent', () => {
    const feedback = feedbackFor({ kind: 'refused', code: '1', problem: problem('parent_full', 'parent SB00017 is full (30/30)') });
    expect(feedback).toMatchObject({ headline: 'PARENT FULL', reason: 'parent is full', tone: 'refusal' });
  });

  it('gives every scan refusal its own headline', () => {
    const codes: FailureCode[] = [
      'child_linked_elsewhere', 'parent_full', 'parent_completed', 'bill_completed', 'self_link', 'wrong_kind',
      'invalid_qr', 'validation_failed', 'not_found', 'forbidden', 'unauthorized', 'idempotency_conflict',
      'rate_limited', 'unavailable', 'network_error',
    ];
    const headlines = codes.map((code) => feedbackFor({ kind: 'refused', code: 'X', problem: problem(code, 'm') }).headline);
    expect(new Set(headlines).size).toBe(codes.length);
  });

  it('sounds different for a wrong code than for a refused link', () => {
    const invalid = feedbackFor({ kind: 'refused', code: 'X', problem: problem('invalid_qr', 'not a QR: "X"') });
    const full = feedbackFor({ kind: 'refused', code: 'X', problem: problem('parent_full', 'full') });
    expect(invalid.tone).toBe('invalid');
    expect(full.tone).toBe('refusal');
    expect(invalid.reason).toBe('not a QR: "X"');
  });

  it('is amber, not red, when a scan is kept to send later', () => {
    expect(feedbackFor({ kind: 'queued', code: 'X', waiting: 3 })).toMatchObject({
      colour: 'warning', tone: 'warning', reason: 'no connection — 3 scans will be sent when it is back',
    });
  });

  it('refuses, in red, a scan the full queue could not keep', () => {
    expect(feedbackFor({ kind: 'queue_full', code: '123456', waiting: 50 })).toMatchObject({
      colour: 'refusal', reason: '50 scans are waiting for the connection; scan 123456 again once they are sent',
    });
  });
});
