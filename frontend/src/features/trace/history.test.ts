import { describe, expect, it } from 'vitest';

import {
  EVENT_KINDS, eventFiltersFrom, eventFiltersToParams, eventKindLabel, eventQuery, NO_EVENT_FILTERS, rangeProblem, withTime,
} from './history';

const RAVI = '0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01';

describe('event history filters', () => {
  it('reads the address bar and drops what the API would refuse', () => {
    const filters = eventFiltersFrom(
      new URLSearchParams({ bag: ' SB00017 ', kind: 'child_linked', user: RAVI, user_name: 'ravi', from: '2026-11-28T00:00:00.000Z' }),
    );
    expect(filters).toEqual({
      ...NO_EVENT_FILTERS, bag: 'SB00017', kind: 'child_linked', user: RAVI, user_name: 'ravi', from: '2026-11-28T00:00:00.000Z',
    });
    expect(eventFiltersFrom(new URLSearchParams({ kind: 'exploded', user: 'ravi', user_name: 'ravi', to: 'yesterday' }))).toEqual(
      NO_EVENT_FILTERS,
    );
  });

  it('round-trips through the address bar and sends no display name', () => {
    const filters = { ...NO_EVENT_FILTERS, bill: 'B-1', user: RAVI, user_name: 'ravi' };
    expect(eventFiltersFrom(eventFiltersToParams(filters))).toEqual(filters);
    expect(eventFiltersToParams(NO_EVENT_FILTERS).toString()).toBe('');
    expect(eventQuery(filters)).not.toHaveProperty('user_name');
    expect(eventQuery(filters)).toMatchObject({ bill: 'B-1', user: RAVI });
  });

  it('turns times typed on the site clock into instants and checks the range', () => {
    const zone = 'Asia/Kolkata';
    const from = withTime(NO_EVENT_FILTERS, 'from', '2026-11-28T10:00', zone);
    expect(from.from).toBe('2026-11-28T04:30:00.000Z');
    expect(withTime(from, 'from', '', zone).from).toBeNull();
    expect(rangeProblem(withTime(from, 'to', '2026-11-28T11:00', zone))).toBeNull();
    expect(rangeProblem(withTime(from, 'to', '2026-11-28T09:00', zone))).toBe('must be after “From”');
    expect(rangeProblem(from)).toBeNull();
  });

  it('labels every kind the server records', () => {
    expect(EVENT_KINDS).toContain('child_linked');
    expect(eventKindLabel('bill_parent_added')).toBe('Bill parent added');
  });
});
