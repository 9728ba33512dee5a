import { describe, expect, it } from 'vitest';

import { dayIn, dayRangeInstants, dayStartIso, hourIn, isBackwardDayRange, isDay, isoToZonedInput, nextDay, zonedInputToIso } from './dates';

const KOLKATA = 'Asia/Kolkata';

describe('days and times on the site clock', () => {
  it('counts days in the site zone, not UTC', () => {
    // 20:00 UTC is already the next day in Asia/Kolkata (UTC+05:30).
    expect(dayIn(KOLKATA, new Date('2026-11-30T20:00:00Z'))).toBe('2026-12-01');
    expect(dayIn('UTC', new Date('2026-11-30T20:00:00Z'))).toBe('2026-11-30');
    expect(dayIn(KOLKATA, new Date('2026-11-30T18:29:59Z'))).toBe('2026-11-30');
    expect(dayIn(KOLKATA, new Date('2026-11-30T18:30:00Z'))).toBe('2026-12-01');
  });

  it('reads the hour on the site clock', () => {
    expect(hourIn(KOLKATA, new Date('2026-11-30T20:00:00Z'))).toBe('01');
    expect(hourIn('UTC', new Date('2026-11-30T20:00:00Z'))).toBe('20');
  });

  it('takes a typed wall time as the site clock’s, whatever the browser’s zone', () => {
    expect(zonedInputToIso('2026-11-28T09:30', KOLKATA)).toBe('2026-11-28T04:00:00.000Z');
    expect(zonedInputToIso('2026-12-01T01:30', KOLKATA)).toBe('2026-11-30T20:00:00.000Z');
    expect(zonedInputToIso('2026-11-28T09:30', 'UTC')).toBe('2026-11-28T09:30:00.000Z');
    expect(isoToZonedInput('2026-11-30T20:00:00Z', KOLKATA)).toBe('2026-12-01T01:30');
    expect(isoToZonedInput(zonedInputToIso('2026-11-28T09:30', KOLKATA), KOLKATA)).toBe('2026-11-28T09:30');
  });

  it('follows daylight saving where the site has it', () => {
    // New York: UTC−5 in winter, UTC−4 in summer.
    expect(zonedInputToIso('2026-01-15T08:00', 'America/New_York')).toBe('2026-01-15T13:00:00.000Z');
    expect(zonedInputToIso('2026-07-15T08:00', 'America/New_York')).toBe('2026-07-15T12:00:00.000Z');
    expect(isoToZonedInput('2026-07-15T12:00:00Z', 'America/New_York')).toBe('2026-07-15T08:00');
  });

  it('leaves empty and broken values unset', () => {
    expect(zonedInputToIso('', KOLKATA)).toBeNull();
    expect(zonedInputToIso('not a time', KOLKATA)).toBeNull();
    expect(isoToZonedInput(null, KOLKATA)).toBe('');
    expect(isoToZonedInput('nonsense', KOLKATA)).toBe('');
  });

  it('falls back to the browser clock for a zone it does not know', () => {
    expect(dayIn('Not/AZone', new Date('2026-06-15T12:00:00Z'))).toMatch(/^2026-06-1[456]$/);
  });

  it('knows a calendar day from anything else', () => {
    expect(isDay('2026-11-30')).toBe(true);
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-11-31')).toBe(false);
    expect(isDay('30/11/2026')).toBe(false);
    expect(isDay('')).toBe(false);
    expect(isDay(null)).toBe(false);
  });

  it('counts to the next day across months and years', () => {
    expect(nextDay('2026-11-30')).toBe('2026-12-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });

  it('starts a site day at its own midnight, not UTC’s', () => {
    expect(dayStartIso('2026-11-28', KOLKATA)).toBe('2026-11-27T18:30:00.000Z');
    expect(dayStartIso('2026-11-28', 'UTC')).toBe('2026-11-28T00:00:00.000Z');
    expect(dayStartIso('2026-07-15', 'America/New_York')).toBe('2026-07-15T04:00:00.000Z');
    expect(dayStartIso('not a day', KOLKATA)).toBeNull();
  });

  it('turns a range of site days, both included, into the API’s from (inclusive) and to (exclusive)', () => {
    expect(dayRangeInstants({ from: '2026-11-28', to: '2026-11-30' }, KOLKATA)).toEqual({
      from: '2026-11-27T18:30:00.000Z',
      to: '2026-11-30T18:30:00.000Z',
    });
    // One day: from its midnight to the next.
    expect(dayRangeInstants({ from: '2026-11-28', to: '2026-11-28' }, 'UTC')).toEqual({
      from: '2026-11-28T00:00:00.000Z',
      to: '2026-11-29T00:00:00.000Z',
    });
    expect(dayRangeInstants({ from: null, to: '2026-12-31' }, KOLKATA)).toEqual({ from: null, to: '2026-12-31T18:30:00.000Z' });
    expect(dayRangeInstants({ from: 'soon', to: null }, KOLKATA)).toEqual({ from: null, to: null });
  });

  it('says when a range of days is the wrong way round', () => {
    expect(isBackwardDayRange({ from: '2026-11-30', to: '2026-11-28' })).toBe(true);
    expect(isBackwardDayRange({ from: '2026-11-28', to: '2026-11-28' })).toBe(false);
    expect(isBackwardDayRange({ from: '2026-11-28', to: null })).toBe(false);
  });
});
