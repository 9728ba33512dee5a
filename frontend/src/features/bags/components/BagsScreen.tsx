// Bags: filter and page through parents and children; a QR opens its trace.
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { Empty } from '../../../components/Notices';
import { PagedList } from '../../../components/PagedList';
import { useAreas } from '../../../lib/api/reference-data';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { isBackwardDayRange } from '../../../lib/dates';
import { personAndDaysFrom } from '../../../lib/list-filters';
import { asBagStatus, useBagList, type BagFilters } from '../api/bags';
import { BagFilterBar } from './BagFilterBar';
import { BagTable } from './BagTable';

function flag(value: string | null): boolean | null {
  return value === 'true' ? true : value === 'false' ? false : null;
}

function filtersFrom(params: URLSearchParams): BagFilters {
  const kind = params.get('kind');
  return {
    q: params.get('q') || null,
    kind: kind === 'parent' || kind === 'child' ? kind : null,
    status: asBagStatus(params.get('status')),
    area: params.get('area') || null,
    linked: flag(params.get('linked')),
    billed: flag(params.get('billed')),
    ...personAndDaysFrom(params),
  };
}

export function BagsScreen() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const setFilters = useCallback(
    (next: BagFilters) => {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(next)) if (value !== null) search.set(key, String(value));
      setParams(search, { replace: true });
    },
    [setParams],
  );
  const areas = useAreas();
  const rangeOk = !isBackwardDayRange(filters);
  const list = useBagList(filters, rangeOk);
  // A dispatcher sees one area; choosing another would only ever show nothing.
  const areaChoices = user?.role === 'dispatcher' ? null : (areas.data ?? []);

  return (
    <section className="page" aria-labelledby="bags-title">
      <h1 id="bags-title">{t('bags.title')}</h1>
      <BagFilterBar filters={filters} areas={areaChoices} onChange={setFilters} />
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
