// What an import did (or, in a dry run, would do) with every row: applied, rejected (with the
// reason) or skipped (good, but its batch had a rejected row), totals that add up to the rows
// read, and files of the rows not applied: the rows as uploaded (a CSV, to fix and upload
// again) and the list of rejected and skipped rows. Pure, for tests.
import { t } from '../../i18n';
import type { components } from '../../lib/api/schema';

type ImportReport = components['schemas']['ImportReport'];
type RejectedRow = components['schemas']['RejectedRow'];

type ReportCounts = Pick<ImportReport, 'rows' | 'accepted' | 'batches_accepted' | 'rejected_count' | 'skipped_count'>;
type ReportRows = Pick<ImportReport, 'rejected' | 'skipped'> & Partial<Pick<ImportReport, 'sheets'>>;

export interface ImportTotals {
  rows: number;
  applied: number;
  rejected: number;
  skipped: number;
}

/** The counts (the lists may be cut at 10,000 rows; the counts never are). */
export function importTotals(report: Omit<ReportCounts, 'batches_accepted'>): ImportTotals {
  return { rows: report.rows, applied: report.accepted, rejected: report.rejected_count, skipped: report.skipped_count };
}

/** `7 rows read: 3 applied (in 2 batches), 2 rejected, 2 skipped because their batch had a rejected row.` */
export function importSummary(report: ReportCounts): string {
  const totals = importTotals(report);
  return t('admin.import.summary', {
    rows: t('admin.import.rows', { count: totals.rows }),
    applied: totals.applied,
    batches: t('admin.import.batches', { count: report.batches_accepted }),
    rejected: totals.rejected,
    skipped: totals.skipped === 0 ? t('admin.import.noneSkipped') : t('admin.import.skippedBecause', { count: totals.skipped }),
  });
}

/** What a dry run says would happen: `7 rows read: 3 would be applied (in 2 batches), 2 rejected, 2 skipped.` */
export function dryRunSummary(report: ReportCounts): string {
  const totals = importTotals(report);
  return t('admin.import.dryRunSummary', {
    rows: t('admin.import.rows', { count: totals.rows }),
    applied: totals.applied,
    batches: t('admin.import.batches', { count: report.batches_accepted }),
    rejected: totals.rejected,
    skipped: totals.skipped,
  });
}

/** Whether the report's lists hold fewer rows than its counts (the server sends the first 10,000 of each). */
export function listsCut(report: Pick<ImportReport, 'rejected' | 'skipped' | 'rejected_count' | 'skipped_count'>): boolean {
  return report.rejected.length < report.rejected_count || report.skipped.length < report.skipped_count;
}

export interface UnappliedRow {
  sheet: string;
  row: number;
  qr_or_id: string;
  outcome: 'rejected' | 'skipped';
  code: string;
  reason: string;
}

/** Every row not applied (of the lists sent), in the file's order: sheet by sheet, row by row. */
export function unappliedRows(report: ReportRows): UnappliedRow[] {
  const order = (report.sheets ?? []).map((sheet) => sheet.name);
  const sheetAt = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const as = (outcome: UnappliedRow['outcome']) => (row: RejectedRow): UnappliedRow => ({
    sheet: row.sheet, row: row.row, qr_or_id: row.qr_or_id, outcome, code: row.code, reason: row.message,
  });
  return [...report.rejected.map(as('rejected')), ...report.skipped.map(as('skipped'))].sort(
    (a, b) => sheetAt(a.sheet) - sheetAt(b.sheet) || a.sheet.localeCompare(b.sheet) || a.row - b.row,
  );
}

/**
 * CSV records (RFC 4180: quotes, doubled quotes, line breaks inside quotes, CRLF), numbered as
 * the server numbers spreadsheet rows: the header is row 1, blank lines are not rows.
 */
export function parseCsv(text: string): Map<number, string[]> {
  const records = new Map<number, string[]>();
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let touched = false;
  let number = 0;
  const endRecord = () => {
    if (touched || record.length > 0) {
      record.push(cell);
      number += 1;
      records.set(number, record);
    }
    record = [];
    cell = '';
    touched = false;
  };
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i];
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
      touched = true;
    } else if (char === ',') {
      record.push(cell);
      cell = '';
      touched = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[i + 1] === '\n') i += 1;
      endRecord();
    } else {
      cell += char;
      touched = true;
    }
  }
  endRecord();
  return records;
}

/** One CSV cell: quoted when needed; a leading `=`, `+`, `-`, `@` made harmless for spreadsheets. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(cells: string[]): string {
  return cells.map(csvCell).join(',');
}

/** The rejected and skipped rows: `sheet,row,code,message,qr`, in the file's order. */
export function problemRowsCsv(report: ReportRows): string {
  const lines = [csvLine(['sheet', 'row', 'code', 'message', 'qr'])];
  for (const row of unappliedRows(report)) lines.push(csvLine([row.sheet, String(row.row), row.code, row.reason, row.qr_or_id]));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The error file: the rows not applied, each as it was in the uploaded CSV (same columns after
 * its row number, so it uploads again once fixed; the server reads its columns by header and
 * ignores the others), with outcome and reason. Without the CSV (a workbook, columns named by
 * letter with no header row, a row not found), the list of rejected and skipped rows.
 */
export function errorFileCsv(report: ReportRows, originalCsv: string | null): string {
  const rows = unappliedRows(report);
  const headerRow = report.sheets ? report.sheets[0]?.header_row : 1;
  const original = originalCsv === null ? null : parseCsv(originalCsv);
  const header = headerRow ? original?.get(headerRow) : undefined;
  if (!original || !header || !rows.every((row) => row.sheet === 'csv' && original.has(row.row))) return problemRowsCsv(report);
  const width = header.length;
  const lines = [csvLine(['row', ...header, 'outcome', 'reason'])];
  for (const row of rows) {
    const cells = (original.get(row.row) ?? []).slice(0, width);
    while (cells.length < width) cells.push('');
    lines.push(csvLine([String(row.row), ...cells, row.outcome, row.reason]));
  }
  return `${lines.join('\r\n')}\r\n`;
}
