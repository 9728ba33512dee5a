// Pure helpers for exports and imports: file names, what each import expects (the report of
// an import is ./import-report.ts).
import { t } from '../../i18n';
import type { ExportTable } from '../../lib/api/download-link';

export { EXPORT_FORMATS, type ExportFormat, type ExportTable } from '../../lib/api/download-link';
export type ImportTable = 'bags' | 'bills';

/** The tables of the exports panel (the audit trail is exported from its own screen, with its filters). */
export const EXPORT_TABLES: ExportTable[] = ['bags', 'bills', 'events'];

/** What an import of `table` expects, in the language on screen. */
export function importHint(table: ImportTable): string {
  return t(`admin.import.hint.${table}`);
}

/** Accepts only what the server reads: CSV or XLSX, at most 16 MB. */
export function importFileProblem(file: Pick<File, 'name' | 'size'>): string | null {
  if (!/\.(csv|xlsx)$/i.test(file.name)) return t('admin.import.chooseCsvXlsx');
  if (file.size > 16 * 1024 * 1024) return t('admin.import.tooLarge');
  return null;
}
