import { describe, expect, it } from 'vitest';

import { isoToLocalInput, localInputToIso, utcDay } from './dates';

describe('dates', () => {
  it('counts days in UTC', () => {
    expect(utcDay(new Date('2026-11-28T23:30:00-05:00'))).toBe('2026-11-29');
  });

  it('turns a local time into an instant and back', () => {
    const iso = localInputToIso('2026-11-28T09:30');
    expect(iso).toBe(new Date(2026, 10, 28, 9, 30).toISOString());
    expect(isoToLocalInput(iso)).toBe('2026-11-28T09:30');
  });

  it('leaves empty and broken values unset', () => {
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('not a time')).toBeNull();
    expect(isoToLocalInput(null)).toBe('');
    expect(isoToLocalInput('nonsense')).toBe('');
  });
});
