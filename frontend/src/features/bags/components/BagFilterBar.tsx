import { AreaFilter, ChoiceFilter, FilterBar, FlagFilter, type Choice } from '../../../components/FilterBar';
import { SearchFilter } from '../../../components/SearchFilter';
import type { Area, BagKind } from '../../../lib/api/types';
import { BAG_STATUSES, type BagFilters } from '../api/bags';

interface BagFilterBarProps {
  filters: BagFilters;
  areas: Area[] | null;
  onChange: (filters: BagFilters) => void;
}

const KINDS: Choice<BagKind>[] = [
  { value: 'parent', label: 'Parents' },
  { value: 'child', label: 'Children' },
];

export function BagFilterBar({ filters, areas, onChange }: BagFilterBarProps) {
  const statuses = filters.kind ? BAG_STATUSES[filters.kind] : [...BAG_STATUSES.parent, ...BAG_STATUSES.child];

  return (
    <FilterBar label="Filter bags">
      <SearchFilter id="bags-q" label="QR starts with" autoCapitalize="characters" spellCheck={false} value={filters.q}
        onSearch={(q) => onChange({ ...filters, q })} />
      <ChoiceFilter id="bags-kind" label="Kind" anyLabel="Parents and children" choices={KINDS} value={filters.kind}
        onChange={(kind) => onChange({ ...filters, kind, status: null, billed: kind === 'child' ? null : filters.billed })} />
      <ChoiceFilter id="bags-status" label="Status" anyLabel="Any status" value={filters.status}
        choices={statuses.map((status) => ({ value: status, label: status.replace('_', ' ') }))}
        onChange={(status) => onChange({ ...filters, status })} />
      {areas && <AreaFilter id="bags-area" areas={areas} value={filters.area} onChange={(area) => onChange({ ...filters, area })} />}
      <FlagFilter id="bags-linked" label={filters.kind === 'parent' ? 'Holding children' : 'In a parent'} anyLabel="Either" yesLabel="Yes" noLabel="No"
        value={filters.linked} onChange={(linked) => onChange({ ...filters, linked })} />
      {filters.kind !== 'child' && (
        <FlagFilter id="bags-billed" label="On a bill" anyLabel="Either" yesLabel="Yes" noLabel="No"
          value={filters.billed} onChange={(billed) => onChange({ ...filters, billed })} />
      )}
    </FilterBar>
  );
}
