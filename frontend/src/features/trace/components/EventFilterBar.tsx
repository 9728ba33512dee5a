// Filters of the event history: a QR, a bill, what happened, the area (not for dispatchers,
// who see their own area only) and a time range in local time. The actor is chosen by
// pressing a name in the list and shows here as a removable filter.
import { useEffect, useState } from 'react';

import type { Area } from '../../../lib/api/types';
import { isoToLocalInput } from '../../../lib/dates';
import { EVENT_KINDS, eventKindLabel, rangeProblem, withTime, type EventFilters } from '../history';

interface EventFilterBarProps {
  filters: EventFilters;
  areas: Area[] | null;
  onChange: (filters: EventFilters) => void;
}

/** A text filter sent 300 ms after the last keystroke, not once per key. */
function useTypedFilter(value: string | null, apply: (text: string | null) => void) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => {
    const typed = text.trim() || null;
    if (typed === value) return undefined;
    const timer = setTimeout(() => apply(typed), 300);
    return () => clearTimeout(timer);
  }, [text, value, apply]);
  return [text, setText] as const;
}

export function EventFilterBar({ filters, areas, onChange }: EventFilterBarProps) {
  const [bag, setBag] = useTypedFilter(filters.bag, (value) => onChange({ ...filters, bag: value }));
  const [bill, setBill] = useTypedFilter(filters.bill, (value) => onChange({ ...filters, bill: value }));
  const rangeError = rangeProblem(filters);

  return (
    <form className="filters" role="search" aria-label="Filter history" onSubmit={(event) => event.preventDefault()}>
      <div className="field">
        <label htmlFor="events-bag">QR</label>
        <input id="events-bag" type="search" autoCapitalize="characters" spellCheck={false} placeholder="bag or parent" value={bag}
          onChange={(event) => setBag(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="events-bill">Bill</label>
        <input id="events-bill" type="search" spellCheck={false} value={bill} onChange={(event) => setBill(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="events-kind">What happened</label>
        <select id="events-kind" value={filters.kind ?? ''} onChange={(event) => onChange({ ...filters, kind: event.target.value || null })}>
          <option value="">Anything</option>
          {EVENT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {eventKindLabel(kind)}
            </option>
          ))}
        </select>
      </div>
      {areas && (
        <div className="field">
          <label htmlFor="events-area">Area</label>
          <select id="events-area" value={filters.area ?? ''} onChange={(event) => onChange({ ...filters, area: event.target.value || null })}>
            <option value="">Any area</option>
            {areas.map((area) => (
              <option key={area.code} value={area.code}>
                {area.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="events-from">From</label>
        <input id="events-from" type="datetime-local" value={isoToLocalInput(filters.from)}
          onChange={(event) => onChange(withTime(filters, 'from', event.target.value))} />
      </div>
      <div className={rangeError ? 'field field--invalid' : 'field'}>
        <label htmlFor="events-to">To</label>
        <input id="events-to" type="datetime-local" value={isoToLocalInput(filters.to)} aria-invalid={rangeError ? true : undefined}
          aria-describedby={rangeError ? 'events-to-error' : undefined}
          onChange={(event) => onChange(withTime(filters, 'to', event.target.value))} />
        {rangeError && (
          <p className="field__error" id="events-to-error" role="alert">
            {rangeError}
          </p>
        )}
      </div>
      {filters.user && (
        <div className="field">
          <span className="field__label">By</span>
          <button type="button" className="button button--small chip" onClick={() => onChange({ ...filters, user: null, user_name: null })}>
            {filters.user_name ?? 'one user'} <span aria-hidden="true">×</span>
            <span className="visually-hidden"> — show everyone’s events</span>
          </button>
        </div>
      )}
    </form>
  );
}
