// The bag list's filters (pure): what the screen keeps in the address bar, and what the API is
// asked for them — the same query for the list (`GET /bags`, plus its page) and the export
// (`GET /exports/bags.<format>`), so a file holds exactly the rows the screen lists.
import type { ExportQuery } from '../../lib/api/download-link';
import type { BagKind, BagStatus } from '../../lib/api/types';
import { personAndDaysFrom, personAndDaysQuery, type PersonAndDays } from '../../lib/list-filters';

/** The list's filters; the person is who created the bag, the days when (the site's days). */
export interface BagFilters extends PersonAndDays {
  q: string | null;
  kind: BagKind | null;
  status: BagStatus | null;
  area: string | null;
  linked: boolean | null;
  billed: boolean | null;
}

export const BAG_STATUSES: Record<BagKind, BagStatus[]> = {
  parent: ['pending', 'in_progress', 'completed'],
  child: ['unlinked', 'linked'],
};

export function asBagStatus(value: string | null): BagStatus | null {
  return [...BAG_STATUSES.parent, ...BAG_STATUSES.child].find((status) => status === value) ?? null;
}

function flag(value: string | null): boolean | null {
  return value === 'true' ? true : value === 'false' ? false : null;
}

/** The filters in the address bar; what the API would refuse is dropped, not sent. */
export function bagFiltersFrom(params: URLSearchParams): BagFilters {
  const kind = params.get('kind');
  return {
    q: params.get('q') || null,
    kind: kind === 'parent' || kind === 'child' ? kind : null,
    status: asBagStatus(params.get('status')),
    area: params.get('area') || null,
    linked: flag(params.get('linked')),
    billed: flag(params.get('billed')),
    ...personAndDaysFrom(params),
  };
}

/** What the API is asked: the filters, with the days as instants on the site's clock and no display name. */
export function bagQuery(filters: BagFilters, timeZone: string | null) {
  const { user_name: _shown, ...rest } = filters;
  return { ...rest, ...personAndDaysQuery(filters, timeZone) } satisfies ExportQuery<'bags'>;
}
