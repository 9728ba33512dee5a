import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { isTotpCode, passwordProblem, UNSTATED } from './server-rules';

type Schema = { properties?: Record<string, Record<string, unknown>> };
const document = JSON.parse(readFileSync(new URL('../../../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  components: { schemas: Record<string, Schema> };
};

describe('password policy', () => {
  it('names the classes that are missing (the length is the schema’s, validation.test.ts)', () => {
    expect(passwordProblem('Seed-Bag-2026')).toBeUndefined();
    expect(passwordProblem('alllowercase')).toBe('must contain an upper-case letter, a digit, a symbol');
    expect(passwordProblem('NoSymbols123')).toBe('must contain a symbol');
  });
});

describe('the server rules the document does not state', () => {
  it('checks an authenticator code', () => {
    expect(isTotpCode('123 456')).toBe(true);
    expect(isTotpCode('12345a')).toBe(false);
    expect(UNSTATED.LoginRequest.totp('12')).toBe('The code is the 6 digits your app shows.');
    expect(UNSTATED.TotpCode.code('12')).toBe('must be the 6 digits your app shows');
  });
});

describe('UNSTATED', () => {
  // The constraint keywords openapi.json states on each field that has a hand-written rule.
  // When the API starts stating another, this fails: delete from server-rules.ts what the
  // generated schema now checks (zod.gen.ts, `npm run gen:api`), then record the keyword here.
  // A password's length is stated (the schema checks it); the hand rule adds the character
  // classes (upper, lower, digit, symbol), which the document does not state.
  const PASSWORD_LENGTH = ['minLength', 'maxLength'];
  const STATED_ALREADY: Record<string, string[]> = {
    'ChangePassword.new_password': PASSWORD_LENGTH,
    'CreateUser.password': PASSWORD_LENGTH,
    'UpdateUser.password': PASSWORD_LENGTH,
  };
  const CONSTRAINTS = ['pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'enum', 'const', 'format'];

  it('holds only rules that openapi.json does not state', () => {
    const fields = Object.entries(UNSTATED).flatMap(([schema, rules]) => Object.keys(rules).map((field) => [schema, field] as const));
    expect(fields.length).toBeGreaterThan(5);
    const stated = fields.flatMap(([schema, field]) => {
      const property = document.components.schemas[schema]?.properties?.[field];
      expect(property, `${schema}.${field} is in openapi.json`).toBeDefined();
      const keywords = CONSTRAINTS.filter((keyword) => property?.[keyword] !== undefined);
      const known = STATED_ALREADY[`${schema}.${field}`] ?? [];
      return keywords.filter((keyword) => !known.includes(keyword)).map((keyword) => `${schema}.${field}: ${keyword}`);
    });
    expect(stated).toEqual([]);
  });
});
