import { describe, expect, it } from 'vitest';

import { summarizeProblem } from '../../lib/api/problem';
import { codeError, groupSecret, isOtpauthUri, normalizeCode, serverTotpErrors, validateTotpForm } from './totp';

const problem = (code: string, status: number, message: string, details?: unknown) =>
  summarizeProblem({ type: `urn:tracetrack:problem:${code}`, title: 'x', status, code, message, request_id: 'r', details });

describe('two-step sign-in on the account screen', () => {
  it('shows the secret in blocks of four, to type into a phone', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('jbswy3dpeh')).toBe('JBSW Y3DP EH');
    expect(groupSecret(' JBSW Y3DP ')).toBe('JBSW Y3DP');
    expect(groupSecret('')).toBe('');
  });

  it('takes a code as the app shows it and checks its shape before sending', () => {
    expect(normalizeCode(' 123 456 ')).toBe('123456');
    expect(codeError('123 456')).toBeUndefined();
    expect(codeError('   ')).toBe('enter the 6-digit code your app shows');
    expect(codeError('12345')).toBe('must be the 6 digits your app shows');
    expect(codeError('12345a')).toBe('must be the 6 digits your app shows');
    expect(codeError('1234567')).toBe('must be the 6 digits your app shows');
  });

  it('checks only the fields a form has', () => {
    expect(validateTotpForm({ password: '' })).toEqual({ password: 'enter your password' });
    expect(validateTotpForm({ code: '' })).toEqual({ code: 'enter the 6-digit code your app shows' });
    expect(validateTotpForm({ password: 'secret', code: '12' })).toEqual({ code: 'must be the 6 digits your app shows' });
    expect(validateTotpForm({ password: 'secret', code: '123456' })).toEqual({});
  });

  it('links only an otpauth address', () => {
    expect(isOtpauthUri('otpauth://totp/TraceTrack:ravi?secret=JBSW&issuer=TraceTrack')).toBe(true);
    expect(isOtpauthUri('javascript:alert(1)')).toBe(false);
    expect(isOtpauthUri('https://example.com')).toBe(false);
  });

  it('puts a wrong password or code on its field, and leaves the rest to the banner', () => {
    const wrongPassword = problem('validation_failed', 422, 'invalid request', {
      fields: [{ field: 'password', message: 'is not your password' }],
    });
    expect(serverTotpErrors(wrongPassword, ['password'])).toEqual({ password: 'is not your password' });
    const wrongCode = problem('validation_failed', 422, 'invalid request', {
      fields: [{ field: 'code', message: 'is wrong or was already used; wait for the next one' }],
    });
    expect(serverTotpErrors(wrongCode, ['password', 'code'])).toEqual({ code: 'is wrong or was already used; wait for the next one' });
    // A field the form does not have is no field error: the banner says it.
    expect(serverTotpErrors(wrongCode, ['password'])).toEqual({});
    expect(serverTotpErrors(problem('forbidden', 403, 'an admin’s second factor stays on'), ['password', 'code'])).toEqual({});
  });
});
