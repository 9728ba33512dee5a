import { describe, expect, it } from 'vitest';

import { isUserId, NO_PERSON_OR_DAYS, personAndDaysFrom, personAndDaysQuery } from './list-filters';

const RAVI = '0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01';

describe('person and days filters', () => {
  it('reads a user and a range of days from the address bar', () => {
    const params = new URLSearchParams({ user: RAVI, user_name: 'ravi', from: '2026-11-28', to: '2026-11-30' });
    expect(personAndDaysFrom(params)).toEqual({ user: RAVI, user_name: 'ravi', from: '2026-11-28', to: '2026-11-30' });
  });

  it('drops what the API would refuse', () => {
    const params = new URLSearchParams({ user: 'ravi', user_name: 'ravi', from: '2026-11-31', to: 'yesterday' });
    expect(personAndDaysFrom(params)).toEqual(NO_PERSON_OR_DAYS);
    expect(isUserId(RAVI)).toBe(true);
    expect(isUserId('')).toBe(false);
  });

  it('asks the API for the site’s days as instants, the last day included', () => {
    const filters = { user: RAVI, user_name: 'ravi', from: '2026-11-28', to: '2026-11-28' };
    expect(personAndDaysQuery(filters, 'Asia/Kolkata')).toEqual({
      user: RAVI,
      from: '2026-11-27T18:30:00.000Z',
      to: '2026-11-28T18:30:00.000Z',
    });
    expect(personAndDaysQuery(NO_PERSON_OR_DAYS, 'Asia/Kolkata')).toEqual({ user: null, from: null, to: null });
  });
});
