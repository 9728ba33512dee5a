import { describe, expect, it } from 'vitest';

import { passwordError } from './password-policy';

describe('password policy', () => {
  it('names what is missing', () => {
    expect(passwordError('Seed-Bag-2026')).toBeUndefined();
    expect(passwordError('short1!')).toBe('must be at least 8 characters');
    expect(passwordError('alllowercase')).toBe('must contain an upper-case letter, a digit, a symbol');
    expect(passwordError('NoSymbols123')).toBe('must contain a symbol');
    expect(passwordError(`Aa1!${'x'.repeat(125)}`)).toBe('must be at most 128 characters');
  });
});
