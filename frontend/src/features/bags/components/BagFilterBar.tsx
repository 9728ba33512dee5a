import { useEffect, useState } from 'react';

import type { Area } from '../../../lib/api/types';
import { asBagStatus, BAG_STATUSES, type BagFilters } from '../api/bags';

interface BagFilterBarProps {
  filters: BagFilters;
  areas: Area[] | null;
  onChange: (filters: BagFilters) => void;
}

function yesNo(value: string): boolean | null {
  return value === '' ? null : value === 'true';
}

export function BagFilterBar({ filters, areas, onChange }: BagFilterBarProps) {
  const [text, setText] = useState(filters.q ?? '');

  useEffect(() => {
    const q = text.trim() || null;
    if (q === filters.q) return undefined;
    const timer = setTimeout(() => onChange({ ...filters, q }), 300);
    return () => clearTimeout(timer);
  }, [text, filters, onChange]);

  const statuses = filters.kind ? BAG_STATUSES[filters.kind] : [...BAG_STATUSES.parent, ...BAG_STATUSES.child];

  return (
    <form className="filters" role="search" aria-label="Filter bags" onSubmit={(event) => event.preventDefault()}>
      <div className="field">
        <label htmlFor="bags-q">QR starts with</label>
        <input id="bags-q" type="search" autoCapitalize="characters" spellCheck={false} value={text} onChange={(event) => setText(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="bags-kind">Kind</label>
        <select
          id="bags-kind"
          value={filters.kind ?? ''}
          onChange={(event) => {
            const kind = event.target.value === 'parent' || event.target.value === 'child' ? event.target.value : null;
            onChange({ ...filters, kind, status: null, billed: kind === 'child' ? null : filters.billed });
          }}
        >
          <option value="">Parents and children</option>
          <option value="parent">Parents</option>
          <option value="child">Children</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="bags-status">Status</label>
        <select id="bags-status" value={filters.status ?? ''} onChange={(event) => onChange({ ...filters, status: asBagStatus(event.target.value) })}>
          <option value="">Any status</option>
          {statuses.map((status) => (
            <option key={status} value={status}>
              {status.replace('_', ' ')}
            </option>
          ))}
        </select>
      </div>
      {areas && (
        <div className="field">
          <label htmlFor="bags-area">Area</label>
          <select id="bags-area" value={filters.area ?? ''} onChange={(event) => onChange({ ...filters, area: event.target.value || null })}>
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
        <label htmlFor="bags-linked">{filters.kind === 'parent' ? 'Holding children' : 'In a parent'}</label>
        <select id="bags-linked" value={filters.linked === null ? '' : String(filters.linked)} onChange={(event) => onChange({ ...filters, linked: yesNo(event.target.value) })}>
          <option value="">Either</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </select>
      </div>
      {filters.kind !== 'child' && (
        <div className="field">
          <label htmlFor="bags-billed">On a bill</label>
          <select id="bags-billed" value={filters.billed === null ? '' : String(filters.billed)} onChange={(event) => onChange({ ...filters, billed: yesNo(event.target.value) })}>
            <option value="">Either</option>
            <option value="true">Yes</option>
            <option value="false">No</option>
          </select>
        </div>
      )}
    </form>
  );
}
