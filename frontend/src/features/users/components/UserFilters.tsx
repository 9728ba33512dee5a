import { useTranslation } from 'react-i18next';

import { AreaFilter, ChoiceFilter, FilterBar, FlagFilter } from '../../../components/FilterBar';
import { SearchFilter } from '../../../components/SearchFilter';
import type { Area, Role } from '../../../lib/api/types';
import { roleLabel } from '../../../lib/auth/access';
import type { UserFilters as Filters } from '../api/users';

interface UserFiltersProps {
  filters: Filters;
  areas: Area[];
  onChange: (filters: Filters) => void;
}

const ROLES: Role[] = ['admin', 'biller', 'dispatcher'];

export function UserFilters({ filters, areas, onChange }: UserFiltersProps) {
  const { t } = useTranslation();
  return (
    <FilterBar label={t('users.filter')}>
      <SearchFilter id="users-q" label={t('common.search')} placeholder={t('users.searchPlaceholder')} value={filters.q} onSearch={(q) => onChange({ ...filters, q })} />
      <ChoiceFilter id="users-role" label={t('users.role')} anyLabel={t('users.anyRole')} value={filters.role}
        choices={ROLES.map((role) => ({ value: role, label: roleLabel(role) }))}
        onChange={(role) => onChange({ ...filters, role })} />
      <AreaFilter id="users-area" areas={areas} value={filters.area} onChange={(area) => onChange({ ...filters, area })} />
      <FlagFilter id="users-locked" label={t('users.signIn')} anyLabel={t('common.any')} yesLabel={t('users.lockedBadge')} noLabel={t('users.notLocked')}
        value={filters.locked} onChange={(locked) => onChange({ ...filters, locked })} />
    </FilterBar>
  );
}
