// Imports: upload a CSV or XLSX of bags or bills; the answer lists what was applied and each
// rejected row with its reason (nothing of a rejected batch is applied).
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

import { SelectField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import type { components } from '../../../lib/api/schema';
import { uploadImport } from '../api/admin';
import { IMPORT_HINTS, importFileProblem, importSummary, type ImportTable } from '../transfers';

type ImportReport = components['schemas']['ImportReport'];

export function ImportPanel() {
  const queryClient = useQueryClient();
  const [table, setTable] = useState<ImportTable>('bags');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [problem, setProblem] = useState<ProblemSummary | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
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
      setReport(await uploadImport(table, file));
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
      {report && (
        <div data-testid="import-report">
          <p className={report.rejected.length ? 'notice notice--warning' : 'notice notice--success'} role="status">
            {importSummary(report)}
          </p>
          {report.rejected.length > 0 && (
            <table className="table">
              <caption>Rejected rows</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">QR or bill</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {report.rejected.map((row) => (
                  <tr key={`${row.row}-${row.qr_or_id}`}>
                    <td data-label="Row">{row.row}</td>
                    <td data-label="QR or bill">{row.qr_or_id}</td>
                    <td data-label="Why">{row.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
