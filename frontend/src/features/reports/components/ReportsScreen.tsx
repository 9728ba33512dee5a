// End of day (SPEC §8): one of the site's days (midnight to midnight on the site's clock):
// bills, parents and children as totals, per operator and per area; the same as CSV or PDF,
// fetched with the bearer token and saved as a file; printable on A4.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { DownloadButton } from '../../../components/DownloadButton';
import { Empty, Loading, ProblemNotice } from '../../../components/Notices';
import { PrintButton } from '../../../components/PrintButton';
import { useFormat } from '../../../i18n/useFormat';
import { toProblem } from '../../../lib/api/problem';
import { useAreas } from '../../../lib/api/reference-data';
import { useSiteToday } from '../../../lib/api/site';
import type { Area, EndOfDay } from '../../../lib/api/types';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { downloadEndOfDayCsv, downloadEndOfDayPdf, useEndOfDay } from '../api/reports';
import { AREA_COLUMNS, areaRows, eodHeadline, isQuietDay, OPERATOR_COLUMNS, operatorRows } from '../eod';
import { EodTable } from './EodTable';

export function ReportsScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useCurrentUser();
  const today = useSiteToday();
  const [chosen, setChosen] = useState<string | null>(null);
  const date = chosen ?? today;
  const report = useEndOfDay(date);
  const areas = useAreas();

  return (
    <section className="page" aria-labelledby="reports-title">
      <h1 id="reports-title">{t('reports.titleFor', { day: format.day(date) })}</h1>
      <div className="toolbar no-print">
        <div className="field field--inline">
          <label htmlFor="eod-date">{t('reports.day')}</label>
          <input id="eod-date" type="date" value={date} max={today} onChange={(event) => event.target.value && setChosen(event.target.value)} />
        </div>
        <PrintButton />
        <DownloadButton label={t('reports.downloadCsv')} fallbackName={`eod-${date}.csv`} fetch={() => downloadEndOfDayCsv(date)} />
        <DownloadButton label={t('reports.downloadPdf')} fallbackName={`eod-${date}.pdf`} fetch={() => downloadEndOfDayPdf(date)} />
      </div>
      {report.data && <ReportWindow report={report.data} />}
      {user?.area && <p className="muted">{t('reports.areaOnly', { area: user.area })}</p>}
      {report.isPending ? (
        <Loading label={t('reports.loading')} />
      ) : report.isError ? (
        <ProblemNotice problem={toProblem(report.error)} onRetry={() => void report.refetch()} />
      ) : (
        <div data-testid="eod">
          <ul className="figures" aria-label={t('reports.totalsOn', { day: format.day(report.data.date) })}>
            {eodHeadline(report.data).map((figure) => (
              <li key={figure.label} className="figure">
                <span className="figure__value">{format.number(figure.value)}</span>
                <span className="figure__label">{figure.label}</span>
              </li>
            ))}
          </ul>
          {isQuietDay(report.data) ? (
            <Empty>{t('reports.quiet', { day: format.day(report.data.date) })}</Empty>
          ) : (
            <EodTables report={report.data} areas={areas.data ?? []} />
          )}
        </div>
      )}
    </section>
  );
}

/** The window the day covers on the site's clock, as the server counted it. */
function ReportWindow({ report }: { report: EndOfDay }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <p className="muted" data-testid="eod-window">
      {t('reports.window', {
        from: format.instant(report.from, 'longDateTime'),
        to: format.instant(report.to, 'longDateTime'),
        zone: format.timeZone ?? '',
      })}
    </p>
  );
}

function EodTables({ report, areas }: { report: EndOfDay; areas: Area[] }) {
  const { t } = useTranslation();
  const operators = operatorRows(report);
  const perArea = areaRows(report, areas);
  return (
    <>
      {operators.length > 0 && (
        <EodTable caption={t('reports.perOperator')} first={t('reports.operator')} columns={OPERATOR_COLUMNS} rows={operators} testId="eod-operators" />
      )}
      {perArea.length > 0 && (
        <EodTable caption={t('reports.perArea')} first={t('filters.area')} columns={AREA_COLUMNS} rows={perArea} testId="eod-areas" />
      )}
    </>
  );
}
