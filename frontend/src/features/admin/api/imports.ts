// Imports: a multipart upload of a CSV or XLSX file, answered as server-sent events (progress,
// then the report) read from fetch's body; a dry run first, then the same file applied.
import { api, unwrap } from '../../../lib/api/client';
import { ApiError, summarizeProblem } from '../../../lib/api/problem';
import type { components } from '../../../lib/api/schema';
import { readImportStream, type ImportProgress } from '../import-stream';
import type { ImportTable } from '../transfers';

type ImportReport = components['schemas']['ImportReport'];

export interface ImportOptions {
  /** `true`: nothing is changed; the report says what would happen. */
  dry_run: boolean;
  /** Bags only: the dispatch area of the parents the import creates. */
  area: string | null;
  /** One sheet of a workbook, by name; null: every sheet with a header row. */
  sheet: string | null;
  /** `mapping=` (field → header name or column letters, as JSON); null: the columns the header names. */
  mapping: string | null;
}

/** Uploads `file`, handing each progress report on, and answers the import's report. */
export async function uploadImport(
  table: ImportTable,
  file: File,
  options: ImportOptions,
  onProgress: (progress: ImportProgress) => void = () => undefined,
): Promise<ImportReport> {
  // The schema types a binary field as a string (openapi-typescript); the file itself goes as
  // the multipart part `file`.
  const body = { file: file as unknown as string };
  const bodySerializer = () => {
    const form = new FormData();
    form.append('file', file);
    return form;
  };
  const query = {
    dry_run: options.dry_run,
    ...(options.sheet ? { sheet: options.sheet } : {}),
    ...(options.mapping ? { mapping: options.mapping } : {}),
  };
  const init = { body, bodySerializer, headers: { Accept: 'text/event-stream' }, parseAs: 'stream' as const };
  const call = table === 'bags'
    ? api.POST('/api/v1/imports/bags', { ...init, params: { query: { ...query, ...(options.area ? { area: options.area } : {}) } } })
    : api.POST('/api/v1/imports/bills', { ...init, params: { query } });
  let contentType = '';
  const stream = await unwrap(
    call.then((result) => {
      contentType = result.response.headers.get('Content-Type') ?? '';
      return result;
    }),
  );
  if (!stream) throw new ApiError(summarizeProblem(undefined, new Response(null, { status: 502 })));
  // A server (or a proxy) that answers JSON instead of events: the report, all at once.
  if (!contentType.includes('text/event-stream')) return (await new Response(stream).json()) as ImportReport;
  return readImportStream(stream, onProgress);
}
