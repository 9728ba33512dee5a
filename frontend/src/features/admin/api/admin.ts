// Admin-only endpoints: exports (downloaded through the client, so the bearer token and its
// refresh apply), imports (multipart upload, answered with a row-by-row report), audit trail.
import { useInfiniteQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../../lib/api/client';
import { setParamsOnly } from '../../../lib/api/query-string';
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

export function useAuditTrail(action: string | null) {
  return useInfiniteQuery({
    queryKey: ['audit', action],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/audit', { params: { query: { action, cursor: pageParam, limit: 50 } }, querySerializer: setParamsOnly })),
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}
