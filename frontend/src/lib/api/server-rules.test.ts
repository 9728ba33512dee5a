import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  billIdProblem, dispatcherAreaProblem, displayNameProblem, isTotpCode, parentTypeCodeProblem, parentTypeNameProblem,
  passwordProblem, qrPatternProblem, UNSTATED, usernameProblem,
} from './server-rules';

type Schema = { properties?: Record<string, Record<string, unknown>> };
const document = JSON.parse(readFileSync(new URL('../../../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  components: { schemas: Record<string, Schema> };
};

describe('password policy', () => {
  it('names what is missing', () => {
    expect(passwordProblem('Seed-Bag-2026')).toBeUndefined();
    expect(passwordProblem('short1!')).toBe('must be at least 8 characters');
    expect(passwordProblem('alllowercase')).toBe('must contain an upper-case letter, a digit, a symbol');
    expect(passwordProblem('NoSymbols123')).toBe('must contain a symbol');
    expect(passwordProblem(`Aa1!${'x'.repeat(125)}`)).toBe('must be at most 128 characters');
  });
});

describe('the server rules the document does not state', () => {
  it('takes usernames of 3–40 letters, digits, dot, underscore, dash', () => {
    expect(usernameProblem(' ravi.k_2-x ')).toBeUndefined();
    expect(usernameProblem('ab')).toBe("must be 3–40 letters, digits, '.', '_' or '-'");
    expect(usernameProblem('a'.repeat(41))).toBeDefined();
    expect(usernameProblem('ravi kumar')).toBeDefined();
    expect(usernameProblem('रवि')).toBeDefined();
  });

  it('counts a display name in characters and refuses control characters', () => {
    expect(displayNameProblem('र'.repeat(80))).toBeUndefined();
    expect(displayNameProblem('😀'.repeat(80))).toBeUndefined();
    expect(displayNameProblem('x'.repeat(81))).toBe('must be at most 80 characters');
    expect(displayNameProblem('Ravi\u0000')).toBe('contains characters that are not allowed here');
  });

  it('wants an area for dispatchers only', () => {
    expect(dispatcherAreaProblem('dispatcher', '')).toBe('a dispatcher needs a dispatch area');
    expect(dispatcherAreaProblem('dispatcher', 'lucknow')).toBeUndefined();
    expect(dispatcherAreaProblem('biller', '')).toBeUndefined();
  });

  it('checks a parent type’s code, name and pattern length', () => {
    expect(parentTypeCodeProblem(' Wheat_2 ')).toBeUndefined();
    expect(parentTypeCodeProblem('1wheat')).toBe('must be 2–40 lower-case letters, digits or _');
    expect(parentTypeCodeProblem('w')).toBeDefined();
    expect(parentTypeNameProblem('  ')).toBe('must be 1–80 characters');
    expect(parentTypeNameProblem('गेहूँ')).toBeUndefined();
    // The server counts the pattern in bytes: 100 Devanagari letters are 300.
    expect(qrPatternProblem('W'.repeat(200))).toBeUndefined();
    expect(qrPatternProblem('र'.repeat(100))).toBe('must be 1–200 characters');
    expect(qrPatternProblem('')).toBeDefined();
  });

  it('checks a bill id and an authenticator code', () => {
    expect(billIdProblem(' BILL-2026/001 ')).toBeUndefined();
    expect(billIdProblem('B 12')).toBe('3–50 letters, digits, “-”, “_” or “/”.');
    expect(isTotpCode('123 456')).toBe(true);
    expect(isTotpCode('12345a')).toBe(false);
    expect(UNSTATED.LoginRequest.totp('12')).toBe('The code is the 6 digits your app shows.');
    expect(UNSTATED.TotpCode.code('12')).toBe('must be the 6 digits your app shows');
  });
});

describe('UNSTATED', () => {
  // The constraint keywords openapi.json states on each field that has a hand-written rule,
  // today none. When the API starts stating one, this fails: delete from server-rules.ts what
  // the generated schema now checks (zod.gen.ts, `npm run gen:api`), then record the keyword here.
  const STATED_ALREADY: Record<string, string[]> = {};
  const CONSTRAINTS = ['pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'enum', 'const', 'format'];

  it('holds only rules that openapi.json does not state', () => {
    const fields = Object.entries(UNSTATED).flatMap(([schema, rules]) => Object.keys(rules).map((field) => [schema, field] as const));
    expect(fields.length).toBeGreaterThan(10);
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
