// End of day (SPEC §8): one UTC day's bills, parents and children, as totals, per operator
// and per area; the same as CSV, fetched with the bearer token and saved as a file.
import { useState } from 'react';

import { Empty, Loading, ProblemNotice } from '../../../components/Notices';
import { toProblem } from '../../../lib/api/problem';
import { useAreas } from '../../../lib/api/reference-data';
import type { Area, EndOfDay } from '../../../lib/api/types';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { utcDay } from '../../../lib/dates';
import { fileNameFromDisposition, saveBlob } from '../../../lib/files';
import { downloadEndOfDayCsv, useEndOfDay } from '../api/reports';
import { AREA_COLUMNS, areaRows, eodHeadline, isQuietDay, OPERATOR_COLUMNS, operatorRows } from '../eod';
import { EodTable } from './EodTable';

export function ReportsScreen() {
  const user = useCurrentUser();
  const [date, setDate] = useState(utcDay);
  const report = useEndOfDay(date);
  const areas = useAreas();
  const [saving, setSaving] = useState(false);
  const [download, setDownload] = useState<{ error: boolean; text: string } | null>(null);

  async function saveCsv() {
    setSaving(true);
    setDownload(null);
    try {
      const { blob, disposition } = await downloadEndOfDayCsv(date);
      const name = fileNameFromDisposition(disposition, `eod-${date}.csv`);
      saveBlob(blob, name);
      setDownload({ error: false, text: `Saved ${name}.` });
    } catch (error) {
      setDownload({ error: true, text: toProblem(error).message });
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="page" aria-labelledby="reports-title">
      <h1 id="reports-title">End of day</h1>
      <div className="toolbar">
        <div className="field field--inline">
          <label htmlFor="eod-date">Day (UTC)</label>
          <input id="eod-date" type="date" value={date} max={utcDay()} onChange={(event) => event.target.value && setDate(event.target.value)} />
        </div>
        <button type="button" className="button" disabled={saving} onClick={() => void saveCsv()}>
          {saving ? 'Preparing…' : 'Download CSV'}
        </button>
      </div>
      {user?.area && <p className="muted">Area {user.area} only.</p>}
      {download && (
        <p className={download.error ? 'notice notice--error' : 'notice notice--success'} role="status">
          {download.text}
        </p>
      )}
      {report.isPending ? (
        <Loading label="Loading the report…" />
      ) : report.isError ? (
        <ProblemNotice problem={toProblem(report.error)} onRetry={() => void report.refetch()} />
      ) : (
        <div data-testid="eod">
          <ul className="figures" aria-label={`Totals on ${report.data.date}`}>
            {eodHeadline(report.data).map((figure) => (
              <li key={figure.label} className="figure">
                <span className="figure__value">{figure.value.toLocaleString()}</span>
                <span className="figure__label">{figure.label}</span>
              </li>
            ))}
          </ul>
          {isQuietDay(report.data) ? (
            <Empty>Nothing was packed or billed on {report.data.date}.</Empty>
          ) : (
            <EodTables report={report.data} areas={areas.data ?? []} />
          )}
        </div>
      )}
    </section>
  );
}

function EodTables({ report, areas }: { report: EndOfDay; areas: Area[] }) {
  const operators = operatorRows(report);
  const perArea = areaRows(report, areas);
  return (
    <>
      {operators.length > 0 && (
        <EodTable caption="Per operator" first="Operator" columns={OPERATOR_COLUMNS} rows={operators} testId="eod-operators" />
      )}
      {perArea.length > 0 && <EodTable caption="Per area" first="Area" columns={AREA_COLUMNS} rows={perArea} testId="eod-areas" />}
    </>
  );
}
