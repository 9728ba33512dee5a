// Exports reach the disk without passing through the page: the SPA asks the API for a
// short-lived, single-use link to the export (with the screen's filters in its query string),
// then lets the browser download that link itself. The file streams straight to disk at any
// size; nothing is held in memory as a blob.
import { api, unwrap } from './client';
import { setParamsOnly } from './query-string';
import type { operations } from './schema';

/** The exports a link may name (`/api/v1/exports/<table>.<format>`). */
export type ExportTable = 'bags' | 'bills' | 'events' | 'audit';
export type ExportFormat = 'csv' | 'xlsx';
/** The filters an export takes: its operation's query parameters in the OpenAPI document. */
export type ExportQuery<Table extends ExportTable> = NonNullable<operations[ExportOperation[Table]]['parameters']['query']>;
interface ExportOperation {
  bags: 'export_bags';
  bills: 'export_bills';
  events: 'export_events';
  audit: 'export_audit_entries';
}
/** The formats every export is offered in, in the order the buttons show them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx'];

/**
 * The export's path with the filters that are set as its query string, in the order given:
 * the link is bound to exactly this text.
 */
export function exportPath(table: ExportTable, format: ExportFormat, filters: Record<string, unknown> = {}): string {
  const query = setParamsOnly(filters);
  return `/api/v1/exports/${table}.${format}${query ? `?${query}` : ''}`;
}

/** Hands `url` to the browser as a download (a link with `download`, clicked and removed). */
export function startDownload(url: string, doc: Document = document): void {
  const link = doc.createElement('a');
  link.href = url;
  link.download = '';
  link.rel = 'noopener';
  doc.body.append(link);
  link.click();
  link.remove();
}

/** Asks for a link to the export and starts its download; rejects with the API's problem. */
export async function downloadExport(table: ExportTable, format: ExportFormat, filters: Record<string, unknown> = {}): Promise<void> {
  const link = await unwrap(api.POST('/api/v1/exports/links', { body: { path: exportPath(table, format, filters) } }));
  startDownload(link.url);
}
