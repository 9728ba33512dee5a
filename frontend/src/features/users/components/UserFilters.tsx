import { useEffect, useState } from 'react';

import type { Area, Role } from '../../../lib/api/types';
import { ROLE_LABELS } from '../../../lib/auth/access';
import type { UserFilters as Filters } from '../api/users';

interface UserFiltersProps {
  filters: Filters;
  areas: Area[];
  onChange: (filters: Filters) => void;
}

const ROLES: Role[] = ['admin', 'biller', 'dispatcher'];

export function UserFilters({ filters, areas, onChange }: UserFiltersProps) {
  const [text, setText] = useState(filters.q ?? '');

  // Search as the person types, without a request per keystroke.
  useEffect(() => {
    const query = text.trim() || null;
    if (query === filters.q) return undefined;
    const timer = setTimeout(() => onChange({ ...filters, q: query }), 300);
    return () => clearTimeout(timer);
  }, [text, filters, onChange]);

  return (
    <form className="filters" role="search" aria-label="Filter users" onSubmit={(event) => event.preventDefault()}>
      <div className="field">
        <label htmlFor="users-q">Search</label>
        <input id="users-q" type="search" placeholder="Name or username" value={text} onChange={(event) => setText(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="users-role">Role</label>
        <select
          id="users-role"
          value={filters.role ?? ''}
          onChange={(event) => onChange({ ...filters, role: ROLES.find((role) => role === event.target.value) ?? null })}
        >
          <option value="">Any role</option>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="users-area">Area</label>
        <select id="users-area" value={filters.area ?? ''} onChange={(event) => onChange({ ...filters, area: event.target.value || null })}>
          <option value="">Any area</option>
          {areas.map((area) => (
            <option key={area.code} value={area.code}>
              {area.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="users-locked">Sign-in</label>
        <select
          id="users-locked"
          value={filters.locked === null ? '' : String(filters.locked)}
          onChange={(event) =>
            onChange({ ...filters, locked: event.target.value === '' ? null : event.target.value === 'true' })
          }
        >
          <option value="">Any</option>
          <option value="true">Locked</option>
          <option value="false">Not locked</option>
        </select>
      </div>
    </form>
  );
}
