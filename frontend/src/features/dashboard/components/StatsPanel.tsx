// The live figures (GET /stats, refreshed every 10 s): big numbers and the per-area table.
import { Loading, ProblemNotice } from '../../../components/Notices';
import { toProblem } from '../../../lib/api/problem';
import { useStats } from '../api/stats';
import { areaLabel, headlineFigures } from '../stats';

const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

export function StatsPanel() {
  const stats = useStats();
  if (stats.isPending) return <Loading label="Loading figures…" />;
  if (stats.isError) return <ProblemNotice problem={toProblem(stats.error)} onRetry={() => void stats.refetch()} />;
  const data = stats.data;
  return (
    <section aria-labelledby="stats-title" data-testid="stats">
      <h2 id="stats-title">Today</h2>
      <ul className="figures">
        {headlineFigures(data).map((figure) => (
          <li key={figure.label} className="figure">
            <span className="figure__value">{figure.value.toLocaleString()}</span>
            <span className="figure__label">{figure.label}</span>
          </li>
        ))}
      </ul>
      <p className="muted">As of {TIME.format(new Date(data.generated_at))} · refreshes every 10 s</p>
      {data.areas.length > 0 && (
        <table className="table">
          <caption>Per area</caption>
          <thead>
            <tr>
              <th scope="col">Area</th>
              <th scope="col">Parents</th>
              <th scope="col">Children</th>
            </tr>
          </thead>
          <tbody>
            {data.areas.map((area) => (
              <tr key={area.area ?? ''}>
                <td data-label="Area">{areaLabel(area.area)}</td>
                <td data-label="Parents">{area.parents.toLocaleString()}</td>
                <td data-label="Children">{area.children.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
