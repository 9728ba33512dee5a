import { describe, expect, it } from 'vitest';

import { summarizeProblem } from '../../lib/api/problem';
import { loginFailure, totpInvalidMessage, totpAnswer, validateLogin } from './login-form';

const problem = (code: string, status: number, message: string, details?: unknown) =>
  summarizeProblem({ type: `urn:tracetrack:problem:${code}`, title: 'x', status, code, message, request_id: 'r', details });

describe('the sign-in form', () => {
  it('asks for username and password, and for the code only once the server wants one', () => {
    expect(validateLogin({ username: ' ', password: '', totp: null })).toEqual({
      username: 'Enter your username.',
      password: 'Enter your password.',
    });
    expect(validateLogin({ username: 'ravi', password: 'pw', totp: null })).toEqual({});
    expect(validateLogin({ username: 'ravi', password: 'pw', totp: '' })).toEqual({ totp: 'Enter the code from your authenticator app.' });
    expect(validateLogin({ username: 'ravi', password: 'pw', totp: '12 34' })).toEqual({ totp: 'The code is the 6 digits your app shows.' });
    expect(validateLogin({ username: 'ravi', password: 'pw', totp: '123 456' })).toEqual({});
  });

  it('reads the second factor out of a refused sign-in', () => {
    expect(totpAnswer(problem('unauthorized', 401, 'enter the code', { totp: 'required' }))).toBe('required');
    expect(totpAnswer(problem('unauthorized', 401, 'wrong code', { totp: 'invalid' }))).toBe('invalid');
    expect(totpAnswer(problem('unauthorized', 401, 'wrong username or password'))).toBeNull();
    expect(totpAnswer(problem('unauthorized', 401, 'x', { totp: 'something else' }))).toBeNull();
    expect(totpAnswer(problem('validation_failed', 422, 'x', { totp: 'required' }))).toBeNull();
  });

  it('keeps the password and asks for the code when the password was right', () => {
    expect(loginFailure(problem('unauthorized', 401, 'enter the code', { totp: 'required' }))).toEqual({
      askCode: true, errors: {}, problem: null,
    });
    expect(loginFailure(problem('unauthorized', 401, 'wrong code', { totp: 'invalid' }))).toEqual({
      askCode: true, errors: { totp: totpInvalidMessage() }, problem: null,
    });
    expect(totpInvalidMessage()).toBe('That code is wrong or was already used — wait for the next one.');
  });

  it('otherwise shows the problem as before: a banner, field messages, the password step', () => {
    const wrong = problem('unauthorized', 401, 'wrong username or password');
    expect(loginFailure(wrong)).toEqual({ askCode: false, errors: {}, problem: wrong });
    const locked = problem('account_locked', 423, 'locked');
    expect(loginFailure(locked)).toEqual({ askCode: false, errors: {}, problem: locked });
    const malformed = problem('validation_failed', 422, 'invalid request', { fields: [{ field: 'username', message: 'is required' }] });
    expect(loginFailure(malformed).errors).toEqual({ username: 'is required' });
  });
});
