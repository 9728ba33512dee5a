// The filters several lists share: who did it (a user's id, which the API filters on, and their
// name, which the screen shows) and which of the site's days (a range, both days included).
// Read from the address bar, so a filtered list can be bookmarked or shared; the days become
// the instants the API takes only when it is asked (their midnights are the site's).
import { dayRangeInstants, isDay } from './dates';

export interface PersonAndDays {
  user: string | null;
  user_name: string | null;
  /** Site days `YYYY-MM-DD`, both included. */
  from: string | null;
  to: string | null;
}

export const NO_PERSON_OR_DAYS: PersonAndDays = { user: null, user_name: null, from: null, to: null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUserId(value: string | null | undefined): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The person and days in the address bar; what the API would refuse is dropped, not sent. */
export function personAndDaysFrom(params: URLSearchParams): PersonAndDays {
  const user = params.get('user');
  const from = params.get('from');
  const to = params.get('to');
  return {
    user: isUserId(user) ? user : null,
    user_name: isUserId(user) ? params.get('user_name') || null : null,
    from: isDay(from) ? from : null,
    to: isDay(to) ? to : null,
  };
}

/** What the API is asked: the user's id and the days as instants on the site's clock. */
export function personAndDaysQuery(filters: PersonAndDays, timeZone: string | null): { user: string | null; from: string | null; to: string | null } {
  return { user: filters.user, ...dayRangeInstants(filters, timeZone) };
}
