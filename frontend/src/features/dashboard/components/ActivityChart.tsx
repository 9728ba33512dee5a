// Scans per hour for one UTC day, drawn by recharts; the day is chosen with a date picker.
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { Loading, ProblemNotice } from '../../../components/Notices';
import { toProblem } from '../../../lib/api/problem';
import { utcDay } from '../../../lib/dates';
import { useActivity } from '../api/stats';
import { hourlyPoints } from '../stats';

export function ActivityChart() {
  const [date, setDate] = useState(utcDay);
  const activity = useActivity(date);
  const points = activity.data ? hourlyPoints(activity.data.series) : [];
  const total = points.reduce((sum, point) => sum + point.scans, 0);

  return (
    <section className="panel" aria-labelledby="activity-title" data-testid="activity">
      <div className="page__header">
        <h2 id="activity-title">Scans per hour (UTC)</h2>
        <div className="field field--inline">
          <label htmlFor="activity-date">Day</label>
          <input id="activity-date" type="date" value={date} max={utcDay()} onChange={(event) => event.target.value && setDate(event.target.value)} />
        </div>
      </div>
      {activity.isPending ? (
        <Loading label="Loading activity…" />
      ) : activity.isError ? (
        <ProblemNotice problem={toProblem(activity.error)} onRetry={() => void activity.refetch()} />
      ) : (
        <>
          <p className="muted">{total} scans on {date}</p>
          <div className="chart" role="img" aria-label={`Scans per hour on ${date}: ${total} in all`}>
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="hour" interval="preserveStartEnd" tick={{ fontSize: 12 }} />
                <YAxis allowDecimals={false} width={40} tick={{ fontSize: 12 }} />
                <Tooltip />
                <Bar dataKey="scans" name="Scans" fill="#2563eb" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
    </section>
  );
}
