import { describe, expect, it } from 'vitest';

import type { Area } from '../../lib/api/types';
import { serverAreaErrors, sortAreas, toCreateArea, validateArea, validateRename } from './area';
// Which areas a picker offers for something new: src/lib/areas.test.ts.

const area = (code: string, name: string, retired = false): Area => ({ code, name, created_at: '2026-11-28T09:00:00Z', retired });

describe('area form', () => {
  it('sends the code lower-cased and both trimmed', () => {
    expect(toCreateArea({ code: ' Kota ', name: ' Kota Junction ' })).toEqual({ code: 'kota', name: 'Kota Junction' });
  });

  it('accepts a sound area and names each bad field', () => {
    expect(validateArea({ code: 'kota', name: 'Kota' })).toEqual({});
    const errors = validateArea({ code: '1x', name: ' ' });
    expect(Object.keys(errors).sort()).toEqual(['code', 'name']);
  });

  it('checks a rename by the same name rule', () => {
    expect(validateRename('Kota Jn')).toBeUndefined();
    expect(validateRename('   ')).toBeDefined();
    expect(validateRename('x'.repeat(81))).toBeDefined();
  });

  it('puts the server\'s words on the fields, and a taken code on code', () => {
    const taken = serverAreaErrors({ code: 'duplicate', message: 'taken', fields: {} } as never);
    expect(taken.code).toBeTruthy();
    const field = serverAreaErrors({ code: 'validation_failed', message: 'x', fields: { name: 'too long' } } as never);
    expect(field).toEqual({ name: 'too long' });
  });
});

describe('area lists', () => {
  const areas = [area('ranchi', 'Ranchi', true), area('akola', 'Akola'), area('jaipur', 'Jaipur')];

  it('shows areas in use first, each group by name', () => {
    expect(sortAreas(areas).map((a) => a.code)).toEqual(['akola', 'jaipur', 'ranchi']);
  });
});
