// What an import did with every row: applied, rejected (with the reason) or skipped (good,
// but its batch had a rejected row), totals that add up to the rows read, and an error file
// of the rows not applied, to fix and upload again. Pure, for tests.
import { t } from '../../i18n';
import type { components } from '../../lib/api/schema';

type ImportReport = components['schemas']['ImportReport'];
type RejectedRow = components['schemas']['RejectedRow'];

/** The report's counts; `rows` and `skipped` may be missing from an older server's answer. */
type ReportCounts = Pick<ImportReport, 'accepted' | 'batches_accepted' | 'rejected'> & { rows?: number; skipped?: RejectedRow[] };

export interface ImportTotals {
  rows: number;
  applied: number;
  rejected: number;
  skipped: number;
}

export function importTotals(report: Omit<ReportCounts, 'batches_accepted'>): ImportTotals {
  const rejected = report.rejected.length;
  const skipped = report.skipped?.length ?? 0;
  return { rows: report.rows ?? report.accepted + rejected + skipped, applied: report.accepted, rejected, skipped };
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

export interface UnappliedRow {
  row: number;
  qr_or_id: string;
  outcome: 'rejected' | 'skipped';
  code: string;
  reason: string;
}

/** Every row not applied, in the file's order. */
export function unappliedRows(report: Pick<ReportCounts, 'rejected' | 'skipped'>): UnappliedRow[] {
  const as = (outcome: UnappliedRow['outcome']) => (row: RejectedRow): UnappliedRow => ({
    row: row.row, qr_or_id: row.qr_or_id, outcome, code: row.code, reason: row.message,
  });
  return [...report.rejected.map(as('rejected')), ...(report.skipped ?? []).map(as('skipped'))].sort((a, b) => a.row - b.row);
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

/**
 * The error file: the rows not applied, with their outcome and reason. From a CSV upload,
 * each row as it was in the file (same columns, so it uploads again once fixed; the server
 * reads its columns by name and ignores the others); otherwise the row number and QR or id.
 */
export function errorFileCsv(report: Pick<ReportCounts, 'rejected' | 'skipped'>, originalCsv: string | null): string {
  const rows = unappliedRows(report);
  const original = originalCsv === null ? null : parseCsv(originalCsv);
  const header = original?.get(1);
  if (original && header && rows.every((row) => original.has(row.row))) {
    const width = header.length;
    const lines = [csvLine(['row', ...header, 'outcome', 'reason'])];
    for (const row of rows) {
      const cells = (original.get(row.row) ?? []).slice(0, width);
      while (cells.length < width) cells.push('');
      lines.push(csvLine([String(row.row), ...cells, row.outcome, row.reason]));
    }
    return `${lines.join('\r\n')}\r\n`;
  }
  const lines = [csvLine(['row', 'qr_or_id', 'outcome', 'code', 'reason'])];
  for (const row of rows) lines.push(csvLine([String(row.row), row.qr_or_id, row.outcome, row.code, row.reason]));
  return `${lines.join('\r\n')}\r\n`;
}
