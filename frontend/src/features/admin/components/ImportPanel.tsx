// Imports: choose a CSV or XLSX file of bags or bills (the area of new parents, one sheet if
// wanted), then always a dry run first: the layout the server recognised, each sheet's header
// row and columns (which the admin may change, then dry-run again with `mapping=`), and what
// would happen. Then "Import" sends the same file with the same mapping, with its progress,
// and the report accounts for every row: applied, rejected (with its reason) or skipped (its
// batch had a rejected row), with the rows not applied to download.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { AreaOptions } from '../../../components/AreaOptions';
import { SelectField, TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { useFormat } from '../../../i18n/useFormat';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { useAreas } from '../../../lib/api/reference-data';
import type { components } from '../../../lib/api/schema';
import { uploadImport } from '../api/imports';
import { columnChoices, guessHeaderRow, mappingParam, proposedMapping, sameMapping, type ColumnMapping } from '../import-mapping';
import { parseCsv } from '../import-report';
import { progressShare, type ImportProgress } from '../import-stream';
import { importFileProblem, importHint, type ImportTable } from '../transfers';
import { ImportMapping } from './ImportMapping';
import { ImportPreview } from './ImportPreview';
import { ImportReportView } from './ImportReportView';

type ImportReport = components['schemas']['ImportReport'];

/** A dry run's answer, with the `mapping=` it was sent and the columns the editor showed after it. */
interface Preview {
  report: ImportReport;
  sent: string | null;
  shown: ColumnMapping;
}

/** The problems the server puts on a field of this form. */
type FieldErrors = Partial<Record<'file' | 'sheet' | 'area' | 'mapping', string>>;

/** Enough of a CSV file for its header row (below a few title rows). */
const CSV_HEAD_BYTES = 64 * 1024;

export function ImportPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const areas = useAreas();
  const [table, setTable] = useState<ImportTable>('bags');
  const [area, setArea] = useState('');
  const [sheet, setSheet] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [csvHead, setCsvHead] = useState<Map<number, string[]> | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<ProblemSummary | null>(null);
  const [busy, setBusy] = useState<'dry_run' | 'apply' | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mappingNeeded, setMappingNeeded] = useState(false);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [result, setResult] = useState<{ report: ImportReport; file: File } | null>(null);

  // A CSV's first rows, for the mapping step's choices (a workbook's columns go by letter).
  useEffect(() => {
    let current = true;
    if (file && /\.csv$/i.test(file.name)) {
      file.slice(0, CSV_HEAD_BYTES).text().then((text) => { if (current) setCsvHead(parseCsv(text)); }, () => undefined);
    }
    return () => { current = false; setCsvHead(null); };
  }, [file]);

  /** Any change to what would be sent: the dry run and what followed are no longer about it. */
  function startOver() {
    setErrors({});
    setProblem(null);
    setProgress(null);
    setPreview(null);
    setMappingNeeded(false);
    setMapping({});
    setResult(null);
  }

  const stale = preview !== null && !sameMapping(mapping, preview.shown);
  const isCsv = file !== null && /\.csv$/i.test(file.name);
  const headerRow = preview?.report.sheets[0]?.header_row ?? (csvHead ? guessHeaderRow(csvHead) : null);
  const header = isCsv && csvHead && headerRow ? csvHead.get(headerRow) ?? null : null;
  const choices = columnChoices(header, [
    ...Object.values(mapping),
    ...(preview?.report.sheets.flatMap((read) => Object.values(read.mapping)) ?? []),
  ]);

  async function run(dryRun: boolean, sent: string | null) {
    if (!file) return;
    setProblem(null);
    setErrors({});
    setProgress(null);
    setBusy(dryRun ? 'dry_run' : 'apply');
    try {
      const options = { dry_run: dryRun, area: table === 'bags' && area ? area : null, sheet: sheet.trim() || null, mapping: sent };
      const report = await uploadImport(table, file, options, setProgress);
      if (dryRun) {
        const proposal = proposedMapping(report);
        setPreview({ report, sent, shown: proposal });
        setMapping(proposal);
        setMappingNeeded(false);
      } else {
        setResult({ report, file });
        setPreview(null);
        await queryClient.invalidateQueries();
      }
    } catch (failure) {
      const summary = toProblem(failure);
      const { file: fileError, sheet: sheetError, area: areaError, mapping: mappingError } = summary.fields;
      setErrors({ file: fileError, sheet: sheetError, area: areaError, mapping: mappingError });
      // No header row of a layout: the admin names the columns.
      if (dryRun && fileError && summary.code === 'validation_failed') setMappingNeeded(true);
      if (!fileError && !sheetError && !areaError && !mappingError) setProblem(summary);
    } finally {
      setBusy(null);
    }
  }

  function dryRun(event?: FormEvent) {
    event?.preventDefault();
    const error = file ? importFileProblem(file) : t('admin.import.chooseFile');
    if (error || !file) {
      setErrors({ file: error ?? undefined });
      return;
    }
    setResult(null);
    // The admin's columns once they have been asked for or changed; else what the last dry run sent.
    const sent = mappingNeeded || stale ? mappingParam(mapping) : (preview?.sent ?? null);
    void run(true, sent);
  }

  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title">{t('admin.import.title')}</h2>
      <form className="form" onSubmit={dryRun} noValidate>
        <SelectField id="import-table" label={t('admin.import.what')} value={table} hint={importHint(table)}
          onChange={(event) => { setTable(event.target.value === 'bills' ? 'bills' : 'bags'); startOver(); }}>
          <option value="bags">{t('admin.import.bags')}</option>
          <option value="bills">{t('admin.import.bills')}</option>
        </SelectField>
        {table === 'bags' && (
          <SelectField id="import-area" label={t('admin.import.area')} value={area} hint={t('admin.import.areaHint')} error={errors.area}
            onChange={(event) => { setArea(event.target.value); startOver(); }}>
            <option value="">{t('packing.noArea')}</option>
            <AreaOptions areas={areas.data} />
          </SelectField>
        )}
        <div className={errors.file ? 'field field--invalid' : 'field'}>
          <label htmlFor="import-file">{t('admin.import.file')}</label>
          <input id="import-file" type="file" accept=".csv,.xlsx" aria-invalid={errors.file ? true : undefined}
            aria-describedby={errors.file ? 'import-file-error' : undefined}
            onChange={(event) => { setFile(event.target.files?.[0] ?? null); startOver(); }} />
          {errors.file && <p className="field__error" id="import-file-error" role="alert">{errors.file}</p>}
        </div>
        {file && !isCsv && (
          <TextField id="import-sheet" label={t('admin.import.sheet')} hint={t('admin.import.sheetHint')} error={errors.sheet}
            value={sheet} maxLength={100} onChange={(event) => { setSheet(event.target.value); startOver(); }} />
        )}
        <p className="field__hint">{t('admin.import.dryRunHint')}</p>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy !== null}>
            {busy === 'dry_run' ? t('admin.import.checking') : t('admin.import.dryRun')}
          </button>
        </div>
      </form>
      {progress && <ImportProgressBar progress={progress} />}
      {problem && <ProblemNotice problem={problem} />}
      {preview && <ImportPreview report={preview.report} />}
      {(preview || mappingNeeded) && (
        <ImportMapping table={table} mapping={mapping} choices={choices} onChange={setMapping} needed={mappingNeeded}
          error={errors.mapping} busy={busy !== null} onRun={() => dryRun()} />
      )}
      {preview && (
        <div className="form__actions">
          {stale && <p className="notice notice--warning" role="status">{t('admin.import.mappingStale')}</p>}
          <button type="button" className="button button--primary" disabled={busy !== null || stale}
            onClick={() => void run(false, preview.sent)}>
            {busy === 'apply' ? t('admin.import.importing') : t('admin.import.import')}
          </button>
        </div>
      )}
      {result && <ImportReportView report={result.report} file={result.file} />}
    </section>
  );
}

/** Rows done of all, as the server reports them while it reads and applies. */
function ImportProgressBar({ progress }: { progress: ImportProgress }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = t('admin.import.progress', { done: format.number(progress.rows_done), total: format.number(progress.rows_total) });
  return (
    <div className="field" data-testid="import-progress" data-done={progress.rows_done === progress.rows_total ? 'true' : 'false'}>
      <label htmlFor="import-progress-bar">{t('admin.import.progressLabel')}</label>
      <progress id="import-progress-bar" max={1} value={progressShare(progress)} aria-valuetext={text} />
      <p className="field__hint" aria-live="polite">{text}</p>
    </div>
  );
}
