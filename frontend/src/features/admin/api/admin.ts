// Admin-only endpoints: exports (downloaded through the client, so the bearer token and its
// refresh apply), imports (multipart upload, answered with a row-by-row report), audit trail.
import { useInfiniteQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { setParamsOnly } from '../../../lib/api/query-string';
import { useSiteZone } from '../../../lib/api/site';
import { dayRangeInstants } from '../../../lib/dates';
import type { AuditAction } from '../audit-actions';
import type { ExportTable, ExportFormat, ImportTable } from '../transfers';

export async function downloadExport(table: ExportTable, format: ExportFormat): Promise<{ blob: Blob; disposition: string | null }> {
  const call =
    table === 'bags'
      ? api.GET('/api/v1/exports/bags.{format}', { params: { path: { format } }, parseAs: 'blob' })
      : table === 'bills'
        ? api.GET('/api/v1/exports/bills.{format}', { params: { path: { format } }, parseAs: 'blob' })
        : api.GET('/api/v1/exports/events.{format}', { params: { path: { format } }, parseAs: 'blob' });
  const result = await call;
  const blob = await unwrap(Promise.resolve({ ...result, data: result.data as Blob | undefined }));
  return { blob, disposition: result.response.headers.get('Content-Disposition') };
}

/** `area`: the dispatch area of the parents a bag import creates (`?area=`), so its dispatchers see them. */
export function uploadImport(table: ImportTable, file: File, area: string | null = null) {
  // The schema types a binary field as a string (openapi-typescript); the file itself goes as
  // the multipart part `file`.
  const body = { file: file as unknown as string };
  const bodySerializer = () => {
    const form = new FormData();
    form.append('file', file);
    return form;
  };
  return table === 'bags'
    ? unwrap(api.POST('/api/v1/imports/bags', { body, bodySerializer, params: { query: area ? { area } : {} } }))
    : unwrap(api.POST('/api/v1/imports/bills', { body, bodySerializer }));
}

/** The audit trail's filters: an action (its code), who did it, and a range of the site's days. */
export interface AuditFilters {
  action: AuditAction | null;
  actor: string | null;
  actor_name: string | null;
  from: string | null;
  to: string | null;
}

export const NO_AUDIT_FILTERS: AuditFilters = { action: null, actor: null, actor_name: null, from: null, to: null };

/** `enabled`: false while the days are the wrong way round. */
export function useAuditTrail(filters: AuditFilters, enabled = true) {
  const query = { action: filters.action, actor: filters.actor, ...dayRangeInstants(filters, useSiteZone()) };
  return useInfiniteQuery({
    queryKey: ['audit', query],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/audit', { params: { query: { ...query, cursor: pageParam, limit: 50 } }, querySerializer: setParamsOnly })),
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}
