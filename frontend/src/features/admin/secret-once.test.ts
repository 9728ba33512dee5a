import { describe, expect, it, vi } from 'vitest';

import { copyText, SECRET_CLOSED, secretDialog, type SecretAction, type SecretDialogState } from './secret-once';

const issued: SecretAction = { type: 'issued', kind: 'api_key', subject: 'ERP sync', secret: 'tt_SECRET123' };
const run = (...actions: SecretAction[]) => actions.reduce<SecretDialogState>(secretDialog, SECRET_CLOSED);

describe('a secret shown once', () => {
  it('opens with the secret, not yet copied', () => {
    expect(run(issued)).toEqual({ open: true, kind: 'api_key', subject: 'ERP sync', secret: 'tt_SECRET123', copy: 'idle', confirmingClose: false });
  });

  it('closes at once once copied, and forgets the secret', () => {
    const closed = run(issued, { type: 'copied' }, { type: 'close' });
    expect(closed).toEqual({ open: false });
    expect(JSON.stringify(closed)).not.toContain('tt_SECRET123');
  });

  it('asks before closing when the secret was not copied', () => {
    const asking = run(issued, { type: 'close' });
    expect(asking).toMatchObject({ open: true, confirmingClose: true });
    expect(run(issued, { type: 'close' }, { type: 'keepOpen' })).toMatchObject({ open: true, confirmingClose: false });
    expect(run(issued, { type: 'close' }, { type: 'closeAnyway' })).toEqual({ open: false });
    // Copying while asked answers the question.
    expect(run(issued, { type: 'close' }, { type: 'copied' })).toMatchObject({ copy: 'copied', confirmingClose: false });
  });

  it('says when copying failed, and still asks before closing', () => {
    expect(run(issued, { type: 'copyFailed' }, { type: 'close' })).toMatchObject({ copy: 'failed', confirmingClose: true });
  });

  it('shows a secret issued later in place of the first', () => {
    const second: SecretAction = { type: 'issued', kind: 'webhook', subject: 'https://erp.example/h', secret: 'whsec_abc' };
    expect(run(issued, { type: 'copied' }, second)).toMatchObject({ kind: 'webhook', secret: 'whsec_abc', copy: 'idle' });
  });

  it('ignores everything but a new secret while closed', () => {
    expect(run({ type: 'copied' }, { type: 'close' })).toEqual({ open: false });
  });
});

describe('copying', () => {
  it('uses the clipboard where there is one', async () => {
    const writeText = vi.fn(async () => undefined);
    const fallback = vi.fn(() => true);
    expect(await copyText('s', { writeText }, fallback)).toBe(true);
    expect(writeText).toHaveBeenCalledWith('s');
    expect(fallback).not.toHaveBeenCalled();
  });

  it('falls back to the copy command without a clipboard (plain-HTTP LAN page) or when refused', async () => {
    expect(await copyText('s', undefined, () => true)).toBe(true);
    const refused = { writeText: vi.fn(async () => Promise.reject(new Error('denied'))) };
    expect(await copyText('s', refused, () => false)).toBe(false);
    expect(await copyText('s', undefined, () => { throw new Error('no'); })).toBe(false);
  });
});
