// Scans per hour for one of the site's days, drawn by recharts; the day is chosen with a date
// picker (today on the site's calendar until another is chosen).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { Loading, ProblemNotice } from '../../../components/Notices';
import { useFormat } from '../../../i18n/useFormat';
import { toProblem } from '../../../lib/api/problem';
import { useSiteToday } from '../../../lib/api/site';
import { useActivity } from '../api/stats';
import { hourlyPoints } from '../stats';

export function ActivityChart({ polling }: { polling: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const today = useSiteToday();
  const [chosen, setChosen] = useState<string | null>(null);
  const date = chosen ?? today;
  const activity = useActivity(date, polling);
  const points = activity.data ? hourlyPoints(activity.data.series, format.timeZone) : [];
  const total = points.reduce((sum, point) => sum + point.scans, 0);
  const day = format.day(date);

  return (
    <section className="panel" aria-labelledby="activity-title" data-testid="activity">
      <div className="page__header">
        <h2 id="activity-title">{t('activity.title')}</h2>
        <div className="field field--inline">
          <label htmlFor="activity-date">{t('activity.day')}</label>
          <input id="activity-date" type="date" value={date} max={today} onChange={(event) => event.target.value && setChosen(event.target.value)} />
        </div>
      </div>
      {activity.isPending ? (
        <Loading label={t('activity.loading')} />
      ) : activity.isError ? (
        <ProblemNotice problem={toProblem(activity.error)} onRetry={() => void activity.refetch()} />
      ) : (
        <>
          <p className="muted">{t('activity.total', { count: total, total: format.number(total), day })}</p>
          <div className="chart" role="img" aria-label={t('activity.chartLabel', { day, total: format.number(total) })}>
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="hour" interval="preserveStartEnd" tick={{ fontSize: 12 }} />
                <YAxis allowDecimals={false} width={40} tick={{ fontSize: 12 }} />
                <Tooltip formatter={(value) => (typeof value === 'number' ? format.number(value) : value)} />
                <Bar dataKey="scans" name={t('activity.scans')} fill="#2563eb" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
    </section>
  );
}
