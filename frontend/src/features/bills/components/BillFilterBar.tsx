// Filters of the bill list: text (bill id, description, destination, vehicle), status, who
// created the bill and on which of the site's days.
import { useTranslation } from 'react-i18next';

import { DateRangeFilter, SiteDaysNote } from '../../../components/DateRangeFilter';
import { ChoiceFilter, FilterBar } from '../../../components/FilterBar';
import { SearchFilter } from '../../../components/SearchFilter';
import { UserFilter } from '../../../components/UserFilter';
import { billStatusLabel } from '../../../i18n/labels';
import type { BillStatusFilter } from '../../../lib/api/types';
import type { BillFilters } from '../bill-filters';

const STATUSES: BillStatusFilter[] = ['new', 'processing', 'completed'];

interface BillFilterBarProps {
  filters: BillFilters;
  onChange: (filters: BillFilters) => void;
}

export function BillFilterBar({ filters, onChange }: BillFilterBarProps) {
  const { t } = useTranslation();
  return (
    <>
      <FilterBar label={t('bills.filter')}>
        <SearchFilter id="bills-q" label={t('common.search')} placeholder={t('bills.searchPlaceholder')} value={filters.q}
          onSearch={(q) => onChange({ ...filters, q })} />
        <ChoiceFilter id="bills-status" label={t('bills.status')} anyLabel={t('common.any')} value={filters.status}
          choices={STATUSES.map((status) => ({ value: status, label: billStatusLabel(status) }))}
          onChange={(status) => onChange({ ...filters, status })} />
        <UserFilter id="bills-creator" label={t('filters.createdBy')} clearLabel={t('bills.showEveryone')} value={filters}
          onChange={(chosen) => onChange({ ...filters, ...chosen })} />
        <DateRangeFilter idPrefix="bills" value={filters} onChange={(range) => onChange({ ...filters, ...range })} />
      </FilterBar>
      <SiteDaysNote />
    </>
  );
}
