import { describe, expect, it } from 'vitest';

import type { User } from '../../lib/api/types';
import {
  EMPTY_USER_FORM, serverFieldErrors, toCreateUser, toUpdateUser, validateNewUser, validateUserChanges,
} from './validation';

const ravi: User = {
  id: '0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01', username: 'ravi', display_name: 'Ravi Kumar', role: 'dispatcher',
  area: 'lucknow', locked: false, totp_enabled: false, language: 'en', created_at: '2026-11-28T09:00:00Z', updated_at: '2026-11-28T09:00:00Z',
};

describe('validateNewUser', () => {
  it('puts each problem on its field', () => {
    expect(validateNewUser({ ...EMPTY_USER_FORM, username: 'x', password: 'weak', role: 'dispatcher', area: '' })).toEqual({
      username: "must be 3–40 letters, digits, '.', '_' or '-'",
      password: 'must be at least 8 characters',
      area: 'a dispatcher needs a dispatch area',
    });
  });

  it('needs no area for billers and admins', () => {
    expect(validateNewUser({ ...EMPTY_USER_FORM, username: 'asha', password: 'Seed-Bag-2026', role: 'biller' })).toEqual({});
  });

  it('checks the username and display name as the server does, in the order of the form', () => {
    const errors = validateNewUser({ ...EMPTY_USER_FORM, username: 'ravi kumar', display_name: 'R'.repeat(81), password: 'Seed-Bag-2026', area: 'lucknow' });
    expect(errors).toEqual({ username: "must be 3–40 letters, digits, '.', '_' or '-'", display_name: 'must be at most 80 characters' });
    expect(Object.keys(errors)).toEqual(['username', 'display_name']);
  });
});

describe('toCreateUser', () => {
  it('sends the area only for dispatchers and drops an empty display name', () => {
    expect(toCreateUser({ username: ' ravi ', display_name: ' ', password: 'P', role: 'dispatcher', area: 'lucknow' })).toEqual({
      username: 'ravi', password: 'P', role: 'dispatcher', area: 'lucknow',
    });
    expect(toCreateUser({ username: 'asha', display_name: 'Asha', password: 'P', role: 'biller', area: 'lucknow' })).toEqual({
      username: 'asha', display_name: 'Asha', password: 'P', role: 'biller',
    });
  });
});

describe('toUpdateUser', () => {
  it('sends only what changed, clearing the area when the role has none', () => {
    const values = { username: 'ravi', display_name: 'Ravi Kumar', password: '', role: 'biller' as const, area: 'lucknow' };
    expect(toUpdateUser(ravi, values)).toEqual({ role: 'biller', area: null });
    expect(toUpdateUser(ravi, { ...values, role: 'dispatcher', area: 'indore' })).toEqual({ area: 'indore' });
    expect(toUpdateUser(ravi, { ...values, role: 'dispatcher', password: 'Seed-Bag-2027!' })).toEqual({ password: 'Seed-Bag-2027!' });
  });

  it('lets an empty password keep the current one', () => {
    expect(validateUserChanges({ username: 'ravi', display_name: '', password: '', role: 'biller', area: '' })).toEqual({});
  });

  it('checks a new password, the display name and a dispatcher’s area on edit', () => {
    expect(validateUserChanges({ username: 'ravi', display_name: 'Ravi\tKumar', password: 'weakpass', role: 'dispatcher', area: '' })).toEqual({
      display_name: 'contains characters that are not allowed here',
      password: 'must contain an upper-case letter, a digit, a symbol',
      area: 'a dispatcher needs a dispatch area',
    });
  });
});

describe('serverFieldErrors', () => {
  it('maps details.fields and a taken username', () => {
    expect(serverFieldErrors('validation_failed', { area: 'there is no dispatch area "x"', other: 'y' }, 'm')).toEqual({
      area: 'there is no dispatch area "x"',
    });
    expect(serverFieldErrors('duplicate', {}, 'a record with this username already exists')).toEqual({
      username: 'this username is taken',
    });
  });
});
