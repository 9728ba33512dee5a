// What an import did: the totals (they add up to the rows read), every row not applied with
// its reason, and files of those rows: the rows as uploaded (a CSV upload, to fix and upload
// again) and the list of rejected and skipped rows (sheet, row, code, message, QR).
import { useTranslation } from 'react-i18next';

import { DataTable, type Column } from '../../../components/DataTable';
import type { components } from '../../../lib/api/schema';
import { saveBlob } from '../../../lib/files';
import { errorFileCsv, importSummary, importTotals, listsCut, problemRowsCsv, unappliedRows, type UnappliedRow } from '../import-report';

type ImportReport = components['schemas']['ImportReport'];

/** The rows not applied, as a table (the sheet shown when the file had several). */
export function UnappliedTable({ rows, caption, sheets, testId }: { rows: UnappliedRow[]; caption: string; sheets: boolean; testId?: string }) {
  const { t } = useTranslation();
  const columns: Column<UnappliedRow>[] = [
    { header: t('admin.import.row'), cell: (row) => row.row },
    ...(sheets ? [{ header: t('admin.import.sheetName'), cell: (row: UnappliedRow) => row.sheet }] : []),
    { header: t('admin.import.qrOrBill'), cell: (row) => row.qr_or_id },
    { header: t('admin.import.outcome'), cell: (row) => (row.outcome === 'rejected' ? t('admin.import.outcomeRejected') : t('admin.import.outcomeSkipped')) },
    { header: t('admin.import.why'), cell: (row) => row.reason },
  ];
  return (
    <DataTable caption={caption} columns={columns} rows={rows} testId={testId}
      rowKey={(row) => `${row.sheet}-${row.row}-${row.outcome}-${row.qr_or_id}`} rowAttributes={(row) => ({ 'data-outcome': row.outcome })} />
  );
}

/** `bags.csv` → `bags-<suffix>.csv`. */
function fileName(file: File, suffix: string): string {
  return `${file.name.replace(/\.(csv|xlsx)$/i, '')}-${suffix}.csv`;
}

export function ImportReportView({ report, file }: { report: ImportReport; file: File }) {
  const { t } = useTranslation();
  const totals = importTotals(report);
  const rows = unappliedRows(report);
  const isCsv = /\.csv$/i.test(file.name);

  async function downloadErrors() {
    const original = await file.text().catch(() => null);
    saveBlob(new Blob([errorFileCsv(report, original)], { type: 'text/csv;charset=utf-8' }), fileName(file, 'errors'));
  }

  function downloadProblemRows() {
    saveBlob(new Blob([problemRowsCsv(report)], { type: 'text/csv;charset=utf-8' }), fileName(file, 'rejected-skipped'));
  }

  return (
    <div data-testid="import-report">
      <p className={rows.length ? 'notice notice--warning' : 'notice notice--success'} role="status" data-testid="import-summary">
        {importSummary(report)}
      </p>
      <dl className="import-totals" data-testid="import-totals">
        {(
          [
            [t('admin.import.rowsRead'), totals.rows],
            [t('admin.import.applied'), totals.applied],
            [t('admin.import.rejected'), totals.rejected],
            [t('admin.import.skipped'), totals.skipped],
          ] as const
        ).map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {rows.length > 0 && (
        <>
          <div className="form__actions">
            <button type="button" className="button" onClick={downloadProblemRows}>
              {t('admin.import.problemRows')}
            </button>
            {isCsv && (
              <button type="button" className="button" onClick={() => void downloadErrors()}>
                {t('admin.import.errorFile')}
              </button>
            )}
          </div>
          {listsCut(report) && <p className="field__hint">{t('admin.import.listsCut')}</p>}
          <UnappliedTable rows={rows} caption={t('admin.import.notApplied')} sheets={report.sheets.length > 1} />
        </>
      )}
    </div>
  );
}
