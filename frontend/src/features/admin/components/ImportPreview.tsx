// A dry run's answer: the layout recognised, each sheet's header row and columns, and what the
// import would do (counts per outcome, the first rows that would not be applied). Nothing has
// been changed yet.
import { useTranslation } from 'react-i18next';

import type { components } from '../../../lib/api/schema';
import { fieldLabel, isImportField, layoutLabel } from '../import-mapping';
import { dryRunSummary, importTotals, unappliedRows } from '../import-report';
import { UnappliedTable } from './ImportReportView';

type ImportReport = components['schemas']['ImportReport'];

/** How many of the rows not applied a dry run lists. */
const FIRST_PROBLEMS = 10;

export function ImportPreview({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const totals = importTotals(report);
  const rows = unappliedRows(report);
  const several = report.sheets.length > 1;

  return (
    <div data-testid="import-preview">
      <h3>{t('admin.import.previewTitle')}</h3>
      <p className="notice notice--empty" role="status" data-testid="import-preview-summary">
        {dryRunSummary(report)} {t('admin.import.nothingChanged')}
      </p>
      <dl className="import-totals" data-testid="import-preview-totals">
        {(
          [
            ['rows', t('admin.import.rowsRead'), totals.rows],
            ['applied', t('admin.import.wouldApply'), totals.applied],
            ['rejected', t('admin.import.rejected'), totals.rejected],
            ['skipped', t('admin.import.skipped'), totals.skipped],
          ] as const
        ).map(([key, label, value]) => (
          <div key={key} data-total={key}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p data-testid="import-layout">
        {t('admin.import.layoutLabel')}: <strong>{layoutLabel(report.layout)}</strong>
      </p>
      {report.sheets.map((sheet) => (
        <table key={sheet.name} className="table" data-testid="import-sheet" data-sheet={sheet.name}>
          <caption>
            {t('admin.import.sheetName')} {sheet.name} · {t('admin.import.headerRow')}{' '}
            <span data-testid="import-header-row">{sheet.header_row ?? t('admin.import.noHeaderRow')}</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.import.fieldName')}</th>
              <th scope="col">{t('admin.import.columnName')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(sheet.mapping).map(([field, column]) => (
              <tr key={field} data-field={field}>
                <td data-label={t('admin.import.fieldName')}>{isImportField(field) ? fieldLabel(field) : field}</td>
                <td data-label={t('admin.import.columnName')}>{column}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {report.sheets_skipped.length > 0 && (
        <p className="field__hint" data-testid="import-sheets-skipped">
          {t('admin.import.sheetsSkipped', { names: report.sheets_skipped.join(', ') })}
        </p>
      )}
      {rows.length > 0 && (
        <>
          <h4>{t('admin.import.firstProblems')}</h4>
          <UnappliedTable rows={rows.slice(0, FIRST_PROBLEMS)} caption={t('admin.import.firstProblems')} sheets={several} testId="import-preview-problems" />
          {totals.rejected + totals.skipped > FIRST_PROBLEMS && (
            <p className="field__hint">{t('admin.import.moreProblems', { shown: FIRST_PROBLEMS, count: totals.rejected + totals.skipped })}</p>
          )}
        </>
      )}
    </div>
  );
}
