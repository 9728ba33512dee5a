// The event history list's filters (SPEC §8, GET /events): read from and written to the
// address bar, so a filtered history can be bookmarked or shared, and checked before asking.
import { t } from '../../i18n';
import type { ExportQuery } from '../../lib/api/download-link';
import type { EventKind } from '../../lib/api/types';
import { zonedInputToIso } from '../../lib/dates';

export interface EventFilters {
  /** A bag's QR: its own events and, for a parent, those of its children. */
  bag: string | null;
  bill: string | null;
  kind: EventKind | null;
  area: string | null;
  /** The actor's id (what the API filters on) and name (what the screen shows). */
  user: string | null;
  user_name: string | null;
  /** RFC 3339 instants: from (inclusive), to (exclusive). */
  from: string | null;
  to: string | null;
}

export const NO_EVENT_FILTERS: EventFilters = {
  bag: null, bill: null, kind: null, area: null, user: null, user_name: null, from: null, to: null,
};

/**
 * The filter's choices, in the order the screen offers them: the schema's `EventKind`, which
 * TypeScript holds this list to both ways (a kind the API adds fails to compile until it is here).
 */
export const EVENT_KINDS = [
  'parent_created', 'child_created', 'child_linked', 'child_unlinked', 'parent_completed', 'parent_reopened',
  'bag_deleted', 'bill_created', 'bill_updated', 'bill_parent_added', 'bill_parent_removed', 'bill_completed',
  'bill_reopened', 'bill_deleted', 'return_created', 'return_parent_added', 'return_finalized', 'return_cancelled',
  'bags_imported', 'bills_imported',
] as const satisfies readonly EventKind[];

type UnlistedKind = Exclude<EventKind, (typeof EVENT_KINDS)[number]>;
/** Compiles only while every kind of the schema is in `EVENT_KINDS`. */
export const EVERY_EVENT_KIND_LISTED: [UnlistedKind] extends [never] ? true : UnlistedKind = true;

export function eventKindLabel(kind: (typeof EVENT_KINDS)[number]): string {
  return t(`events.kind.${kind}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function instant(value: string | null): string | null {
  if (!value) return null;
  return Number.isNaN(new Date(value).getTime()) ? null : value;
}

/** Filters from the address bar; anything the API would refuse is dropped, not sent. */
export function eventFiltersFrom(params: URLSearchParams): EventFilters {
  const kind = params.get('kind');
  const user = params.get('user');
  return {
    bag: params.get('bag')?.trim() || null,
    bill: params.get('bill')?.trim() || null,
    kind: EVENT_KINDS.find((known) => known === kind) ?? null,
    area: params.get('area') || null,
    user: user && UUID.test(user) ? user : null,
    user_name: user && UUID.test(user) ? params.get('user_name') || null : null,
    from: instant(params.get('from')),
    to: instant(params.get('to')),
  };
}

export function eventFiltersToParams(filters: EventFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== null) params.set(key, value);
  return params;
}

/**
 * The API's query: everything but the actor's display name. The list (`GET /events`, plus its
 * page) and the export (`GET /exports/events.<format>`) both ask exactly this.
 */
export function eventQuery(filters: EventFilters): Omit<EventFilters, 'user_name'> {
  const { user_name: _shown, ...query } = filters;
  return query satisfies ExportQuery<'events'>;
}

/** A time typed in a `datetime-local` field on the site's clock, as the filter's instant (null when cleared). */
export function withTime(filters: EventFilters, key: 'from' | 'to', typed: string, timeZone: string | null): EventFilters {
  return { ...filters, [key]: zonedInputToIso(typed, timeZone) };
}

/** "From" after "To" would only ever show nothing: say so on the "To" field instead. */
export function rangeProblem(filters: Pick<EventFilters, 'from' | 'to'>): string | null {
  if (!filters.from || !filters.to) return null;
  return new Date(filters.from).getTime() >= new Date(filters.to).getTime() ? t('history.toAfterFrom') : null;
}
