import { useTranslation } from 'react-i18next';

import { DateRangeFilter, SiteDaysNote } from '../../../components/DateRangeFilter';
import { AreaFilter, ChoiceFilter, FilterBar, FlagFilter, type Choice } from '../../../components/FilterBar';
import { SearchFilter } from '../../../components/SearchFilter';
import { UserFilter } from '../../../components/UserFilter';
import { bagStatusLabel } from '../../../i18n/labels';
import type { Area, BagKind } from '../../../lib/api/types';
import { BAG_STATUSES, type BagFilters } from '../bag-filters';

interface BagFilterBarProps {
  filters: BagFilters;
  areas: Area[] | null;
  onChange: (filters: BagFilters) => void;
}

export function BagFilterBar({ filters, areas, onChange }: BagFilterBarProps) {
  const { t } = useTranslation();
  const kinds: Choice<BagKind>[] = [
    { value: 'parent', label: t('bags.parents') },
    { value: 'child', label: t('bags.children') },
  ];
  const statuses = filters.kind ? BAG_STATUSES[filters.kind] : [...BAG_STATUSES.parent, ...BAG_STATUSES.child];

  return (
    <>
      <FilterBar label={t('bags.filter')}>
        <SearchFilter id="bags-q" label={t('bags.qrStartsWith')} autoCapitalize="characters" spellCheck={false} value={filters.q}
          onSearch={(q) => onChange({ ...filters, q })} />
        <ChoiceFilter id="bags-kind" label={t('bags.kind')} anyLabel={t('bags.parentsAndChildren')} choices={kinds} value={filters.kind}
          onChange={(kind) => onChange({ ...filters, kind, status: null, billed: kind === 'child' ? null : filters.billed })} />
        <ChoiceFilter id="bags-status" label={t('bags.status')} anyLabel={t('bags.anyStatus')} value={filters.status}
          choices={statuses.map((status) => ({ value: status, label: bagStatusLabel(status) }))}
          onChange={(status) => onChange({ ...filters, status })} />
        {areas && <AreaFilter id="bags-area" areas={areas} value={filters.area} onChange={(area) => onChange({ ...filters, area })} />}
        <FlagFilter id="bags-linked" label={filters.kind === 'parent' ? t('bags.holdingChildren') : t('bags.inAParent')} anyLabel={t('common.either')} yesLabel={t('common.yes')} noLabel={t('common.no')}
          value={filters.linked} onChange={(linked) => onChange({ ...filters, linked })} />
        {filters.kind !== 'child' && (
          <FlagFilter id="bags-billed" label={t('bags.onABill')} anyLabel={t('common.either')} yesLabel={t('common.yes')} noLabel={t('common.no')}
            value={filters.billed} onChange={(billed) => onChange({ ...filters, billed })} />
        )}
        <UserFilter id="bags-user" label={t('filters.createdBy')} clearLabel={t('bags.showEveryone')} value={filters}
          onChange={(chosen) => onChange({ ...filters, ...chosen })} />
        <DateRangeFilter idPrefix="bags" value={filters} onChange={(range) => onChange({ ...filters, ...range })} />
      </FilterBar>
      <SiteDaysNote />
    </>
  );
}
