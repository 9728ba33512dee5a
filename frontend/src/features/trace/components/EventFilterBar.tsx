// Filters of the event history: a QR, a bill, what happened, the area (not for dispatchers,
// who see their own area only) and a time range in local time. The actor is chosen by
// pressing a name in the list and shows here as a removable filter.
import { TextField } from '../../../components/Field';
import { AreaFilter, ChoiceFilter, FilterBar } from '../../../components/FilterBar';
import { SearchFilter } from '../../../components/SearchFilter';
import type { Area } from '../../../lib/api/types';
import { isoToLocalInput } from '../../../lib/dates';
import { EVENT_KINDS, eventKindLabel, rangeProblem, withTime, type EventFilters } from '../history';

interface EventFilterBarProps {
  filters: EventFilters;
  areas: Area[] | null;
  onChange: (filters: EventFilters) => void;
}

const KINDS = EVENT_KINDS.map((kind) => ({ value: kind, label: eventKindLabel(kind) }));

export function EventFilterBar({ filters, areas, onChange }: EventFilterBarProps) {
  const rangeError = rangeProblem(filters);

  return (
    <FilterBar label="Filter history">
      <SearchFilter id="events-bag" label="QR" autoCapitalize="characters" spellCheck={false} placeholder="bag or parent" value={filters.bag}
        onSearch={(bag) => onChange({ ...filters, bag })} />
      <SearchFilter id="events-bill" label="Bill" spellCheck={false} value={filters.bill} onSearch={(bill) => onChange({ ...filters, bill })} />
      <ChoiceFilter id="events-kind" label="What happened" anyLabel="Anything" choices={KINDS} value={filters.kind}
        onChange={(kind) => onChange({ ...filters, kind })} />
      {areas && <AreaFilter id="events-area" areas={areas} value={filters.area} onChange={(area) => onChange({ ...filters, area })} />}
      <TextField id="events-from" label="From" type="datetime-local" value={isoToLocalInput(filters.from)}
        onChange={(event) => onChange(withTime(filters, 'from', event.target.value))} />
      <TextField id="events-to" label="To" type="datetime-local" value={isoToLocalInput(filters.to)} error={rangeError ?? undefined}
        onChange={(event) => onChange(withTime(filters, 'to', event.target.value))} />
      {filters.user && (
        <div className="field">
          <span className="field__label">By</span>
          <button type="button" className="button button--small chip" onClick={() => onChange({ ...filters, user: null, user_name: null })}>
            {filters.user_name ?? 'one user'} <span aria-hidden="true">×</span>
            <span className="visually-hidden"> — show everyone’s events</span>
          </button>
        </div>
      )}
    </FilterBar>
  );
}
