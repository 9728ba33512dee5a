// Imports: upload a CSV or XLSX of bags or bills; the answer accounts for every row: applied,
// rejected (with its reason) or skipped (its batch had a rejected row; nothing of a rejected
// batch is applied), and the rows not applied download as an error file to fix and upload again.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { SelectField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { useAreas } from '../../../lib/api/reference-data';
import type { components } from '../../../lib/api/schema';
import { saveBlob } from '../../../lib/files';
import { uploadImport } from '../api/admin';
import { errorFileCsv, importSummary, importTotals, unappliedRows } from '../import-report';
import { importFileProblem, importHint, type ImportTable } from '../transfers';

type ImportReport = components['schemas']['ImportReport'];

export function ImportPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [table, setTable] = useState<ImportTable>('bags');
  const areas = useAreas();
  const [area, setArea] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [problem, setProblem] = useState<ProblemSummary | null>(null);
  const [report, setReport] = useState<{ report: ImportReport; file: File } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setReport(null);
    const error = file ? importFileProblem(file) : t('admin.import.chooseFile');
    setFileError(error ?? undefined);
    if (error || !file) return;
    setBusy(true);
    try {
      setReport({ report: await uploadImport(table, file, table === 'bags' && area ? area : null), file });
      await queryClient.invalidateQueries();
    } catch (failure) {
      const summary = toProblem(failure);
      if (summary.fields.file) setFileError(summary.fields.file);
      setProblem(summary);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title">{t('admin.import.title')}</h2>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <SelectField id="import-table" label={t('admin.import.what')} value={table} hint={importHint(table)}
          onChange={(event) => setTable(event.target.value === 'bills' ? 'bills' : 'bags')}>
          <option value="bags">{t('admin.import.bags')}</option>
          <option value="bills">{t('admin.import.bills')}</option>
        </SelectField>
        {table === 'bags' && (
          <SelectField id="import-area" label={t('admin.import.area')} value={area}
            hint={t('admin.import.areaHint')}
            onChange={(event) => setArea(event.target.value)}>
            <option value="">{t('packing.noArea')}</option>
            {(areas.data ?? []).map((choice) => (
              <option key={choice.code} value={choice.code}>{choice.name}</option>
            ))}
          </SelectField>
        )}
        <div className={fileError ? 'field field--invalid' : 'field'}>
          <label htmlFor="import-file">{t('admin.import.file')}</label>
          <input id="import-file" type="file" accept=".csv,.xlsx" aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? 'import-file-error' : undefined}
            onChange={(event) => { setFile(event.target.files?.[0] ?? null); setFileError(undefined); }} />
          {fileError && <p className="field__error" id="import-file-error" role="alert">{fileError}</p>}
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('admin.import.importing') : t('admin.import.import')}
          </button>
        </div>
      </form>
      {problem && <ProblemNotice problem={problem} />}
      {report && <ImportReportView report={report.report} file={report.file} />}
    </section>
  );
}

function ImportReportView({ report, file }: { report: ImportReport; file: File }) {
  const { t } = useTranslation();
  const totals = importTotals(report);
  const rows = unappliedRows(report);

  async function downloadErrors() {
    const original = /\.csv$/i.test(file.name) ? await file.text().catch(() => null) : null;
    const name = `${file.name.replace(/\.(csv|xlsx)$/i, '')}-errors.csv`;
    saveBlob(new Blob([errorFileCsv(report, original)], { type: 'text/csv;charset=utf-8' }), name);
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
          <button type="button" className="button" onClick={() => void downloadErrors()}>
            {t('admin.import.errorFile')}
          </button>
          <table className="table">
            <caption>{t('admin.import.notApplied')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.import.row')}</th>
                <th scope="col">{t('admin.import.qrOrBill')}</th>
                <th scope="col">{t('admin.import.outcome')}</th>
                <th scope="col">{t('admin.import.why')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.row}-${row.qr_or_id}`} data-outcome={row.outcome}>
                  <td data-label={t('admin.import.row')}>{row.row}</td>
                  <td data-label={t('admin.import.qrOrBill')}>{row.qr_or_id}</td>
                  <td data-label={t('admin.import.outcome')}>{row.outcome === 'rejected' ? t('admin.import.outcomeRejected') : t('admin.import.outcomeSkipped')}</td>
                  <td data-label={t('admin.import.why')}>{row.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
