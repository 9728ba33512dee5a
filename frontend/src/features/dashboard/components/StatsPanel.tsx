// The figures (GET /stats, asked for again on each change the live stream announces, or every
// 30 s while it is down): big numbers and the per-area table.
import { useTranslation } from 'react-i18next';

import { Loading, ProblemNotice } from '../../../components/Notices';
import { useFormat } from '../../../i18n/useFormat';
import { toProblem } from '../../../lib/api/problem';
import { useStats } from '../api/stats';
import { areaLabel, headlineFigures } from '../stats';

export function StatsPanel({ polling }: { polling: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const stats = useStats(polling);
  if (stats.isPending) return <Loading label={t('stats.loading')} />;
  if (stats.isError) return <ProblemNotice problem={toProblem(stats.error)} onRetry={() => void stats.refetch()} />;
  const data = stats.data;
  return (
    <section aria-labelledby="stats-title" data-testid="stats">
      <h2 id="stats-title">{t('stats.today')}</h2>
      <ul className="figures">
        {headlineFigures(data).map((figure) => (
          <li key={figure.label} className="figure">
            <span className="figure__value">{format.number(figure.value)}</span>
            <span className="figure__label">{figure.label}</span>
          </li>
        ))}
      </ul>
      <p className="muted" data-testid="stats-as-of">
        {t('stats.asOf', { time: format.instant(data.generated_at, 'timeSeconds') })} · {polling ? t('stats.polled') : t('stats.live')}
      </p>
      {data.areas.length > 0 && (
        <table className="table">
          <caption>{t('stats.perArea')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stats.area')}</th>
              <th scope="col">{t('stats.parents')}</th>
              <th scope="col">{t('stats.children')}</th>
            </tr>
          </thead>
          <tbody>
            {data.areas.map((area) => (
              <tr key={area.area ?? ''}>
                <td data-label={t('stats.area')}>{areaLabel(area.area)}</td>
                <td data-label={t('stats.parents')}>{format.number(area.parents)}</td>
                <td data-label={t('stats.children')}>{format.number(area.children)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
