// Filters of the event history: a QR, a bill, what happened, the area (not for dispatchers,
// who see their own area only), a time range on the site's clock, and who: yourself (admins:
// anyone) from the select, or anyone by pressing their name in the list; once chosen, a
// removable chip.
import { useTranslation } from 'react-i18next';

import { TextField } from '../../../components/Field';
import { AreaFilter, ChoiceFilter, FilterBar } from '../../../components/FilterBar';
import { SearchFilter } from '../../../components/SearchFilter';
import { UserFilter } from '../../../components/UserFilter';
import type { Area } from '../../../lib/api/types';
import { useSiteZone } from '../../../lib/api/site';
import { isoToZonedInput } from '../../../lib/dates';
import { EVENT_KINDS, eventKindLabel, rangeProblem, withTime, type EventFilters } from '../history';

interface EventFilterBarProps {
  filters: EventFilters;
  areas: Area[] | null;
  onChange: (filters: EventFilters) => void;
}

export function EventFilterBar({ filters, areas, onChange }: EventFilterBarProps) {
  const { t } = useTranslation();
  const timeZone = useSiteZone();
  const rangeError = rangeProblem(filters);
  const kinds = EVENT_KINDS.map((kind) => ({ value: kind, label: eventKindLabel(kind) }));

  return (
    <>
      <FilterBar label={t('history.filter')}>
        <SearchFilter id="events-bag" label={t('history.qr')} autoCapitalize="characters" spellCheck={false} placeholder={t('history.qrPlaceholder')} value={filters.bag}
          onSearch={(bag) => onChange({ ...filters, bag })} />
        <SearchFilter id="events-bill" label={t('history.bill')} spellCheck={false} value={filters.bill} onSearch={(bill) => onChange({ ...filters, bill })} />
        <ChoiceFilter id="events-kind" label={t('history.what')} anyLabel={t('history.anything')} choices={kinds} value={filters.kind}
          onChange={(kind) => onChange({ ...filters, kind })} />
        {areas && <AreaFilter id="events-area" areas={areas} value={filters.area} onChange={(area) => onChange({ ...filters, area })} />}
        <TextField id="events-from" label={t('history.from')} type="datetime-local" value={isoToZonedInput(filters.from, timeZone)}
          onChange={(event) => onChange(withTime(filters, 'from', event.target.value, timeZone))} />
        <TextField id="events-to" label={t('history.to')} type="datetime-local" value={isoToZonedInput(filters.to, timeZone)} error={rangeError ?? undefined}
          onChange={(event) => onChange(withTime(filters, 'to', event.target.value, timeZone))} />
        <UserFilter id="events-user" label={t('history.by')} clearLabel={t('history.showEveryone')} value={filters}
          onChange={(chosen) => onChange({ ...filters, ...chosen })} />
      </FilterBar>
      {timeZone && <p className="muted filters__note">{t('history.siteClock', { zone: timeZone })}</p>}
    </>
  );
}
