// History: every scan and change (GET /events), newest first, filtered and loaded page by
// page as the list scrolls. Dispatchers see their own area's events only; admins export the
// filtered history as CSV or XLSX.
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { ExportButtons } from '../../../components/ExportButtons';
import { Empty } from '../../../components/Notices';
import { PagedList } from '../../../components/PagedList';
import { useAreas } from '../../../lib/api/reference-data';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { useEventList } from '../api/events';
import { eventFiltersFrom, eventFiltersToParams, eventQuery, rangeProblem, type EventFilters } from '../history';
import { EventFilterBar } from './EventFilterBar';
import { EventTable } from './EventTable';

export function HistoryScreen() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => eventFiltersFrom(params), [params]);
  const setFilters = useCallback(
    (next: EventFilters) => setParams(eventFiltersToParams(next), { replace: true }),
    [setParams],
  );
  const areas = useAreas();
  const rangeOk = rangeProblem(filters) === null;
  const list = useEventList(filters, rangeOk);
  // A dispatcher sees one area; choosing another would only ever show nothing.
  const areaChoices = user?.role === 'dispatcher' ? null : (areas.data ?? []);

  return (
    <section className="page" aria-labelledby="history-title">
      <h1 id="history-title">{t('history.title')}</h1>
      <EventFilterBar filters={filters} areas={areaChoices} onChange={setFilters} />
      {/* Exports are the admin's; the file holds the events these filters list. */}
      {user?.role === 'admin' && (
        <ExportButtons table="events" query={eventQuery(filters)} enabled={rangeOk} hint={t('exports.hint')} testId="events-export" />
      )}
      {/* The query waits for a valid range, so there is nothing to load or page through yet. */}
      {!rangeOk ? (
        <Empty>{t('history.chooseRange')}</Empty>
      ) : (
        <PagedList query={list} loadingLabel={t('history.loading')} empty={t('history.empty')}>
          {(events) => <EventTable events={events} onActor={(id, name) => setFilters({ ...filters, user: id, user_name: name })} />}
        </PagedList>
      )}
    </section>
  );
}
