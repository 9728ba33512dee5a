import { describe, expect, it } from 'vitest';

import { summarizeProblem } from '../../lib/api/problem';
import { EMPTY_PASSWORD_CHANGE, serverPasswordErrors, toChangePassword, validatePasswordChange } from './password-change';

const problem = (code: string, status: number, message: string, details?: unknown) =>
  summarizeProblem({ type: `urn:tracetrack:problem:${code}`, title: 'x', status, code, message, request_id: 'r', details });

describe('changing one’s own password', () => {
  it('asks for the current password and a new one that keeps the policy, typed twice', () => {
    expect(validatePasswordChange(EMPTY_PASSWORD_CHANGE)).toEqual({
      current_password: 'enter your current password',
      new_password: 'must be at least 8 characters',
    });
    expect(validatePasswordChange({ current_password: 'old', new_password: 'longenough', repeat_password: 'longenough' })).toEqual({
      new_password: 'must contain an upper-case letter, a digit, a symbol',
    });
    expect(validatePasswordChange({ current_password: 'old', new_password: 'Seed-Bag-2026', repeat_password: 'Seed-Bag-2025' })).toEqual({
      repeat_password: 'does not match the new password',
    });
    const sound = { current_password: 'old', new_password: 'Seed-Bag-2026', repeat_password: 'Seed-Bag-2026' };
    expect(validatePasswordChange(sound)).toEqual({});
    expect(toChangePassword(sound)).toEqual({ current_password: 'old', new_password: 'Seed-Bag-2026' });
  });

  it('puts a wrong current password and a weak new one on their fields', () => {
    const wrong = problem('validation_failed', 422, 'invalid request', {
      fields: [{ field: 'current_password', message: 'is not your current password' }],
    });
    expect(serverPasswordErrors(wrong)).toEqual({ current_password: 'is not your current password' });
    const weak = problem('validation_failed', 422, 'invalid request', {
      fields: [{ field: 'new_password', message: 'must contain a symbol' }],
    });
    expect(serverPasswordErrors(weak)).toEqual({ new_password: 'must contain a symbol' });
    expect(serverPasswordErrors(problem('rate_limited', 429, 'slow down'))).toEqual({});
  });
});
