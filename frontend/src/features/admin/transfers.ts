// Pure helpers for exports and imports: file names, what each import expects (the report of
// an import is ./import-report.ts).
import { fileNameFromDisposition } from '../../lib/files';

export type ExportTable = 'bags' | 'bills' | 'events';
export type ExportFormat = 'csv' | 'xlsx';
export type ImportTable = 'bags' | 'bills';

export const EXPORT_TABLES: ExportTable[] = ['bags', 'bills', 'events'];
export const EXPORT_FORMATS: ExportFormat[] = ['csv', 'xlsx'];

/** The server's file name, else `<table>.<format>`. */
export function downloadName(disposition: string | null, table: ExportTable, format: ExportFormat): string {
  return fileNameFromDisposition(disposition, `${table}.${format}`);
}

export const IMPORT_HINTS: Record<ImportTable, string> = {
  bags: 'Columns parent_qr, child_qr — one row per child; a parent’s rows are applied together or not at all.',
  bills: 'One row per parent on a bill; a bill’s rows are applied together or not at all.',
};

/** Accepts only what the server reads: CSV or XLSX, at most 16 MB. */
export function importFileProblem(file: Pick<File, 'name' | 'size'>): string | null {
  if (!/\.(csv|xlsx)$/i.test(file.name)) return 'Choose a .csv or .xlsx file.';
  if (file.size > 16 * 1024 * 1024) return 'The file is larger than 16 MB.';
  return null;
}
