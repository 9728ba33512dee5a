// Two day fields of a FilterBar: a range of the site's days, both included. The days stay days
// here (`YYYY-MM-DD`); the list turns them into instants on the site's clock when it asks the API
// (lib/list-filters.ts). A "To day" before the "From day" is said on its field.
import { useTranslation } from 'react-i18next';

import { useSiteZone } from '../lib/api/site';
import { isBackwardDayRange, isDay } from '../lib/dates';
import { TextField } from './Field';

export interface DayRange {
  from: string | null;
  to: string | null;
}

interface DateRangeFilterProps {
  /** `<idPrefix>-from` and `<idPrefix>-to`. */
  idPrefix: string;
  value: DayRange;
  onChange: (range: DayRange) => void;
}

export function DateRangeFilter({ idPrefix, value, onChange }: DateRangeFilterProps) {
  const { t } = useTranslation();
  const day = (typed: string) => (isDay(typed) ? typed : null);
  return (
    <>
      <TextField id={`${idPrefix}-from`} label={t('filters.fromDay')} type="date" value={value.from ?? ''} max={value.to ?? undefined}
        onChange={(event) => onChange({ ...value, from: day(event.target.value) })} />
      <TextField id={`${idPrefix}-to`} label={t('filters.toDay')} type="date" value={value.to ?? ''} min={value.from ?? undefined}
        error={isBackwardDayRange(value) ? t('filters.toNotBeforeFrom') : undefined}
        onChange={(event) => onChange({ ...value, to: day(event.target.value) })} />
    </>
  );
}

/** Under a FilterBar with days: whose days they are. */
export function SiteDaysNote() {
  const { t } = useTranslation();
  const timeZone = useSiteZone();
  return timeZone ? <p className="muted filters__note">{t('filters.siteDays', { zone: timeZone })}</p> : null;
}
