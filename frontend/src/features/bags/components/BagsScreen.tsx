// Bags: filter and page through parents and children; a QR opens its trace; admins export
// the filtered list as CSV or XLSX.
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { ExportButtons } from '../../../components/ExportButtons';
import { Empty } from '../../../components/Notices';
import { PagedList } from '../../../components/PagedList';
import { useAreas } from '../../../lib/api/reference-data';
import { useSiteZone } from '../../../lib/api/site';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { isBackwardDayRange } from '../../../lib/dates';
import { useBagList } from '../api/bags';
import { bagFiltersFrom, bagQuery, type BagFilters } from '../bag-filters';
import { BagFilterBar } from './BagFilterBar';
import { BagTable } from './BagTable';

export function BagsScreen() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => bagFiltersFrom(params), [params]);
  const setFilters = useCallback(
    (next: BagFilters) => {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(next)) if (value !== null) search.set(key, String(value));
      setParams(search, { replace: true });
    },
    [setParams],
  );
  const areas = useAreas();
  const zone = useSiteZone();
  const rangeOk = !isBackwardDayRange(filters);
  const list = useBagList(filters, rangeOk);
  // A dispatcher sees one area; choosing another would only ever show nothing.
  const areaChoices = user?.role === 'dispatcher' ? null : (areas.data ?? []);

  return (
    <section className="page" aria-labelledby="bags-title">
      <h1 id="bags-title">{t('bags.title')}</h1>
      <BagFilterBar filters={filters} areas={areaChoices} onChange={setFilters} />
      {/* Exports are the admin's; the file holds the rows these filters list. */}
      {user?.role === 'admin' && (
        <ExportButtons table="bags" query={bagQuery(filters, zone)} enabled={rangeOk} hint={t('exports.hint')} testId="bags-export" />
      )}
      {!rangeOk ? (
        <Empty>{t('filters.chooseDays')}</Empty>
      ) : (
        <PagedList query={list} loadingLabel={t('bags.loading')} empty={t('bags.empty')}>
          {(bags) => <BagTable bags={bags} />}
        </PagedList>
      )}
    </section>
  );
}
