import { readFileSync } from 'node:fs';

import { afterEach, describe, expect, it } from 'vitest';

import { applyLanguage } from '../../i18n/language';
import { checkBody, lengths, limits, range } from './validation';
import * as generated from './zod.gen';

type Property = Record<string, unknown>;
const document = JSON.parse(readFileSync(new URL('../../../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  components: { schemas: Record<string, { properties?: Record<string, Property> }> };
};
const stated = (schema: string, field: string): Property => {
  const property = document.components.schemas[schema]?.properties?.[field];
  if (!property) throw new Error(`${schema}.${field} is not in openapi.json`);
  return property;
};

afterEach(async () => {
  await applyLanguage('en');
});

describe('the schemas generated from openapi.json', () => {
  it('rejects one past every stated bound and accepts the bound, for every request body', () => {
    const checked: string[] = [];
    for (const [name, limitsOf] of Object.entries(limits)) {
      const schema = generated[name as keyof typeof limits];
      for (const [field, bounds] of Object.entries(limitsOf) as [string, Record<string, number>][]) {
        const issuesOn = (value: unknown) => {
          const result = schema.safeParse({ [field]: value });
          return result.success ? [] : result.error.issues.filter((issue) => issue.path[0] === field);
        };
        if (bounds.maxLength !== undefined) {
          // A string of as many letters: only its length is in question here, not a pattern (a URL's).
          const lengthIssues = (value: string) => issuesOn(value).filter((issue) => issue.code !== 'invalid_format');
          expect(lengthIssues('a'.repeat(bounds.maxLength)), `${name}.${field}`).toEqual([]);
          expect(lengthIssues('a'.repeat(bounds.maxLength + 1))[0]?.code, `${name}.${field}`).toBe('too_big');
        }
        if (bounds.maximum !== undefined) {
          expect(issuesOn(bounds.maximum), `${name}.${field}`).toEqual([]);
          expect(issuesOn(bounds.maximum + 1)[0]?.code, `${name}.${field}`).toBe('too_big');
        }
        if (bounds.minimum !== undefined) {
          expect(issuesOn(bounds.minimum), `${name}.${field}`).toEqual([]);
          expect(issuesOn(bounds.minimum - 1)[0]?.code, `${name}.${field}`).toBe('too_small');
        }
        if (bounds.exclusiveMaximum !== undefined) expect(issuesOn(bounds.exclusiveMaximum)[0]?.code, `${name}.${field}`).toBe('too_big');
        if (bounds.exclusiveMinimum !== undefined) expect(issuesOn(bounds.exclusiveMinimum)[0]?.code, `${name}.${field}`).toBe('too_small');
        // Each of these bounds is the document's own.
        for (const [keyword, value] of Object.entries(bounds)) expect(stated(name, field)[keyword], `${name}.${field}.${keyword}`).toBe(value);
        checked.push(`${name}.${field}`);
      }
    }
    expect(checked).toContain('CreateParentType.max_children');
    expect(checked).toContain('CreateReturn.notes');
  });
});

describe('checkBody', () => {
  it('puts problems on the form’s fields in its order, its own first, in the generic words', () => {
    const errors = checkBody('CreateBill', { bill_id: 'B', capacity: Number.NaN, destination: 7 }, ['destination', 'capacity', 'bill_id'], {
      first: { capacity: 'enter it' },
    });
    expect(errors).toEqual({ destination: 'is not valid', capacity: 'enter it', bill_id: '3–50 letters, digits, “-”, “_” or “/”.' });
    expect(Object.keys(errors)).toEqual(['destination', 'capacity', 'bill_id']);
    expect(checkBody('CreateParentType', { max_children: 0, expected_weight_kg: 0 }, ['max_children', 'expected_weight_kg'])).toEqual({
      max_children: 'must be at least 1',
      expected_weight_kg: 'must be at least 0.001',
    });
    expect(checkBody('CreateUser', { role: 'owner' }, ['role', 'username'])).toEqual({ role: 'must be one of the choices offered', username: 'is required' });
  });

  // The bodies as the forms build them: trimmed, a parent type's code lower-cased.
  const on = <F extends string>(name: Parameters<typeof checkBody>[0], field: F, value: unknown) => checkBody(name, { [field]: value }, [field])[field];

  it('says a username’s, a bill id’s and a parent type code’s rule whole, whatever part of it fails', () => {
    const username = "must be 3–40 letters, digits, '.', '_' or '-'";
    expect(on('CreateUser', 'username', 'ravi.k_2-x')).toBeUndefined();
    for (const bad of ['ab', 'a'.repeat(41), 'ravi kumar', 'रवि', '']) expect(on('CreateUser', 'username', bad), bad).toBe(username);
    expect(on('CreateBill', 'bill_id', 'BILL-2026/001')).toBeUndefined();
    for (const bad of ['B 12', 'B1', 'B'.repeat(51)]) expect(on('CreateBill', 'bill_id', bad), bad).toBe('3–50 letters, digits, “-”, “_” or “/”.');
    expect(on('CreateParentType', 'code', 'wheat_2')).toBeUndefined();
    for (const bad of ['1wheat', 'w', 'w'.repeat(41), 'Wheat']) expect(on('CreateParentType', 'code', bad), bad).toBe('must be 2–40 lower-case letters, digits or _');
    // Missing is missing, whatever the field.
    expect(on('CreateUser', 'username', undefined)).toBe('is required');
  });

  it('says a parent type name’s length whole and a control character as such', () => {
    expect(on('CreateParentType', 'name', 'गेहूँ')).toBeUndefined();
    expect(on('CreateParentType', 'name', '')).toBe('must be 1–80 characters');
    expect(on('CreateParentType', 'name', '  ')).toBe('must be 1–80 characters');
    expect(on('CreateParentType', 'name', 'र'.repeat(81))).toBe('must be 1–80 characters');
    expect(on('CreateParentType', 'name', 'Wheat\u0007')).toBe('contains characters that are not allowed here');
  });

  it('counts a display name in characters and refuses control characters', () => {
    for (const name of ['CreateUser', 'UpdateUser'] as const) {
      expect(on(name, 'display_name', 'र'.repeat(80))).toBeUndefined();
      expect(on(name, 'display_name', '😀'.repeat(80))).toBeUndefined();
      expect(on(name, 'display_name', 'x'.repeat(81))).toBe('must be at most 80 characters');
      expect(on(name, 'display_name', 'Ravi\u0000')).toBe('contains characters that are not allowed here');
    }
  });

  it('checks a password’s length from the schema, then its character classes', () => {
    for (const [name, field] of [['ChangePassword', 'new_password'], ['CreateUser', 'password'], ['UpdateUser', 'password']] as const) {
      expect(on(name, field, 'Seed-Bag-2026')).toBeUndefined();
      expect(on(name, field, 'short1!')).toBe('must be at least 8 characters');
      expect(on(name, field, `Aa1!${'x'.repeat(125)}`)).toBe('must be at most 128 characters');
      expect(on(name, field, 'NoSymbols123')).toBe('must contain a symbol');
    }
  });

  it('speaks Hindi, with the document’s numbers as Hindi writes them', async () => {
    await applyLanguage('hi');
    expect(checkBody('UpdateBill', { weighbridge_weight_kg: 1_000_000 }, ['weighbridge_weight_kg'])).toEqual({
      weighbridge_weight_kg: 'ज़्यादा से ज़्यादा 9,99,999 हो सकता है',
    });
    expect(range(limits.UpdateBill.weighbridge_weight_kg)).toEqual({ min: '0', max: '9,99,999' });
    expect(checkBody('CreateUser', { username: 'ab' }, ['username'])).toEqual({ username: "3–40 अक्षर, अंक, '.', '_' या '-' होने चाहिए" });
    expect(lengths(limits.CreateBill.bill_id)).toEqual({ min: '3', max: '50' });
  });
});
