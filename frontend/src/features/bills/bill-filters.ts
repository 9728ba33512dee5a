// The bill list's filters (pure) and what the API is asked for them — the same query for the
// list (`GET /bills`, plus its page) and the export (`GET /exports/bills.<format>`), so a file
// holds exactly the bills the screen lists.
import type { ExportQuery } from '../../lib/api/download-link';
import type { BillStatusFilter } from '../../lib/api/types';
import { NO_PERSON_OR_DAYS, personAndDaysQuery, type PersonAndDays } from '../../lib/list-filters';

/** The list's filters; the person is the bill's creator, the days those it was created on (the site's). */
export interface BillFilters extends PersonAndDays {
  status: BillStatusFilter | null;
  q: string | null;
}

export const NO_BILL_FILTERS: BillFilters = { status: null, q: null, ...NO_PERSON_OR_DAYS };

/** The API's names: the person is `creator`, the days instants on the site's clock, no display name. */
export function billQuery(filters: BillFilters, timeZone: string | null) {
  const { user, from, to } = personAndDaysQuery(filters, timeZone);
  return { status: filters.status, q: filters.q, creator: user, from, to } satisfies ExportQuery<'bills'>;
}
