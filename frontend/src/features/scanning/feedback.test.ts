import { afterEach, describe, expect, it } from 'vitest';

import { applyLanguage } from '../../i18n/language';
import type { FailureCode, ProblemSummary } from '../../lib/api/problem';
import { feedbackFor, feedbackIcon } from './feedback';

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

  it('says what to do for a full parent', () => {
    const feedback = feedbackFor({ kind: 'refused', code: '1', problem: problem('parent_full', 'parent SB00017 is full (30/30)') });
    expect(feedback).toMatchObject({ headline: 'PARENT FULL', reason: 'scan a new parent', tone: 'refusal' });
  });

  it('words the refusals made on this device as what to do next', () => {
    expect(feedbackFor({ kind: 'refused_here', code: '100031', refusal: { reason: 'no_parent' } })).toMatchObject({
      headline: 'SCAN A PARENT FIRST', colour: 'refusal',
    });
    expect(
      feedbackFor({ kind: 'refused_here', code: '100031', refusal: { reason: 'parent_full', parent_qr: 'SB1', max_children: 30 } }),
    ).toMatchObject({ headline: 'PARENT FULL', reason: 'scan a new parent — SB1 has 30/30; 100031 not packed' });
    expect(
      feedbackFor({
        kind: 'refused_here', code: '7', refusal: { reason: 'parent_closed', parent_qr: 'SB1', child_count: 20, max_children: 30 },
      }).headline,
    ).toBe('PARENT CLOSED');
  });

  it('says which parent is now open when a parent label is scanned while packing another', () => {
    expect(
      feedbackFor({
        kind: 'parent_switched', parent_qr: 'SB2', created: false, child_count: 3, max_children: 30,
        previous_qr: 'SB1', previous_count: 4, previous_max: 30,
      }),
    ).toMatchObject({ headline: 'SWITCHED TO SB2', reason: '3/30 — SB1 left open at 4/30' });
  });

  it('says only that a bag of another area is of another area', () => {
    const feedback = feedbackFor({ kind: 'refused', code: 'SB1', problem: { ...problem('other_area', 'bag SB1 is in jaipur'), status: 403 } });
    expect(feedback).toEqual({ tone: 'refusal', colour: 'refusal', headline: 'BELONGS TO ANOTHER AREA', reason: 'this bag belongs to another area' });
  });

  it('gives each kind of answer its own shape', () => {
    const tones = ['success', 'notice', 'refusal', 'invalid', 'warning', 'caution'] as const;
    expect(new Set(tones.map((tone) => feedbackIcon({ tone }))).size).toBe(tones.length);
  });

  it('gives every scan refusal its own headline', () => {
    const codes: FailureCode[] = [
      'child_linked_elsewhere', 'parent_full', 'parent_completed', 'bill_completed', 'self_link', 'wrong_kind',
      'invalid_qr', 'validation_failed', 'not_found', 'forbidden', 'unauthorized', 'idempotency_conflict',
      'rate_limited', 'unavailable', 'network_error', 'other_area',
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

describe('feedback in Hindi', () => {
  afterEach(async () => {
    await applyLanguage('en');
  });

  it('words the scan answers operators read at a glance in Hindi', async () => {
    await applyLanguage('hi');
    expect(feedbackFor({ kind: 'refused_here', code: '100031', refusal: { reason: 'no_parent' } }).headline).toBe('पहले पैरेंट बैग स्कैन करें');
    const switched = feedbackFor({
      kind: 'parent_switched', parent_qr: 'SB00018', created: false, child_count: 0, max_children: 30,
      previous_qr: 'SB00017', previous_count: 12, previous_max: 30,
    });
    expect(switched.headline).toBe('SB00018 पर बदला');
    expect(switched.reason).toBe('0/30 — SB00017 12/30 पर खुला छोड़ा');
    expect(feedbackFor({ kind: 'queued', code: 'X', waiting: 3 }).reason).toBe('नेटवर्क नहीं — 3 स्कैन नेटवर्क आने पर भेजे जाएँगे');
  });
});
