import { AreaFilter, ChoiceFilter, FilterBar, FlagFilter } from '../../../components/FilterBar';
import { SearchFilter } from '../../../components/SearchFilter';
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
  return (
    <FilterBar label="Filter users">
      <SearchFilter id="users-q" label="Search" placeholder="Name or username" value={filters.q} onSearch={(q) => onChange({ ...filters, q })} />
      <ChoiceFilter id="users-role" label="Role" anyLabel="Any role" value={filters.role}
        choices={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
        onChange={(role) => onChange({ ...filters, role })} />
      <AreaFilter id="users-area" areas={areas} value={filters.area} onChange={(area) => onChange({ ...filters, area })} />
      <FlagFilter id="users-locked" label="Sign-in" anyLabel="Any" yesLabel="Locked" noLabel="Not locked"
        value={filters.locked} onChange={(locked) => onChange({ ...filters, locked })} />
    </FilterBar>
  );
}
