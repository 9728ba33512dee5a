// Admin-only endpoints: the audit trail with its filters (imports are ./imports.ts). Exports go
// through download links (lib/api/download-link.ts).
import { useInfiniteQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { setParamsOnly } from '../../../lib/api/query-string';
import { useSiteZone } from '../../../lib/api/site';
import { dayRangeInstants } from '../../../lib/dates';
import type { AuditAction } from '../audit-actions';

/** The audit trail's filters: an action (its code), who did it, and a range of the site's days. */
export interface AuditFilters {
  action: AuditAction | null;
  actor: string | null;
  actor_name: string | null;
  from: string | null;
  to: string | null;
}

export const NO_AUDIT_FILTERS: AuditFilters = { action: null, actor: null, actor_name: null, from: null, to: null };

/** The query the audit list and its export send for `filters` (days as the site's instants). */
export function auditQuery(filters: AuditFilters, zone: string | null): { action: AuditAction | null; actor: string | null; from: string | null; to: string | null } {
  return { action: filters.action, actor: filters.actor, ...dayRangeInstants(filters, zone) };
}

/** `enabled`: false while the days are the wrong way round. */
export function useAuditTrail(filters: AuditFilters, enabled = true) {
  const query = auditQuery(filters, useSiteZone());
  return useInfiniteQuery({
    queryKey: ['audit', query],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/audit', { params: { query: { ...query, cursor: pageParam, limit: 50 } }, querySerializer: setParamsOnly })),
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}
