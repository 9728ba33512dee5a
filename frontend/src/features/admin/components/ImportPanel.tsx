// Imports: upload a CSV or XLSX of bags or bills; the answer accounts for every row: applied,
// rejected (with its reason) or skipped (its batch had a rejected row; nothing of a rejected
// batch is applied), and the rows not applied download as an error file to fix and upload again.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

import { SelectField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { useAreas } from '../../../lib/api/reference-data';
import type { components } from '../../../lib/api/schema';
import { saveBlob } from '../../../lib/files';
import { uploadImport } from '../api/admin';
import { errorFileCsv, importSummary, importTotals, unappliedRows } from '../import-report';
import { IMPORT_HINTS, importFileProblem, type ImportTable } from '../transfers';

type ImportReport = components['schemas']['ImportReport'];

export function ImportPanel() {
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
    const error = file ? importFileProblem(file) : 'Choose a file.';
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
      <h2 id="import-title">Import</h2>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <SelectField id="import-table" label="What" value={table} hint={IMPORT_HINTS[table]}
          onChange={(event) => setTable(event.target.value === 'bills' ? 'bills' : 'bags')}>
          <option value="bags">Bags (parent → children)</option>
          <option value="bills">Bills</option>
        </SelectField>
        {table === 'bags' && (
          <SelectField id="import-area" label="Area of new parents" value={area}
            hint="Parents the file creates go to this dispatch area, so its dispatchers see them; known parents keep theirs."
            onChange={(event) => setArea(event.target.value)}>
            <option value="">No area</option>
            {(areas.data ?? []).map((choice) => (
              <option key={choice.code} value={choice.code}>{choice.name}</option>
            ))}
          </SelectField>
        )}
        <div className={fileError ? 'field field--invalid' : 'field'}>
          <label htmlFor="import-file">File (CSV or XLSX)</label>
          <input id="import-file" type="file" accept=".csv,.xlsx" aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? 'import-file-error' : undefined}
            onChange={(event) => { setFile(event.target.files?.[0] ?? null); setFileError(undefined); }} />
          {fileError && <p className="field__error" id="import-file-error" role="alert">{fileError}</p>}
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      {problem && <ProblemNotice problem={problem} />}
      {report && <ImportReportView report={report.report} file={report.file} />}
    </section>
  );
}

function ImportReportView({ report, file }: { report: ImportReport; file: File }) {
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
            ['Rows read', totals.rows],
            ['Applied', totals.applied],
            ['Rejected', totals.rejected],
            ['Skipped', totals.skipped],
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
            Download error file (CSV)
          </button>
          <table className="table">
            <caption>Rows not applied</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">QR or bill</th>
                <th scope="col">Outcome</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.row}-${row.qr_or_id}`} data-outcome={row.outcome}>
                  <td data-label="Row">{row.row}</td>
                  <td data-label="QR or bill">{row.qr_or_id}</td>
                  <td data-label="Outcome">{row.outcome === 'rejected' ? 'rejected' : 'skipped (batch rejected)'}</td>
                  <td data-label="Why">{row.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
