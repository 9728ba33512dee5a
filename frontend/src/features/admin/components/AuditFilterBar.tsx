// Filters of the audit trail: the action in plain words (the API is sent its code), who did
// it, and a range of the site's days.
import { useTranslation } from 'react-i18next';

import { DateRangeFilter, SiteDaysNote } from '../../../components/DateRangeFilter';
import { ChoiceFilter, FilterBar } from '../../../components/FilterBar';
import { UserFilter } from '../../../components/UserFilter';
import type { AuditFilters } from '../api/admin';
import { auditActionChoices } from '../audit-actions';

interface AuditFilterBarProps {
  filters: AuditFilters;
  onChange: (filters: AuditFilters) => void;
}

export function AuditFilterBar({ filters, onChange }: AuditFilterBarProps) {
  const { t } = useTranslation();
  return (
    <>
      <FilterBar label={t('admin.audit.filter')}>
        <ChoiceFilter id="audit-action" label={t('admin.audit.action')} anyLabel={t('admin.audit.anyAction')} choices={auditActionChoices()}
          value={filters.action} onChange={(action) => onChange({ ...filters, action })} />
        <UserFilter id="audit-actor" label={t('history.who')} clearLabel={t('admin.audit.showEveryone')}
          value={{ user: filters.actor, user_name: filters.actor_name }}
          onChange={({ user, user_name }) => onChange({ ...filters, actor: user, actor_name: user_name })} />
        <DateRangeFilter idPrefix="audit" value={filters} onChange={(range) => onChange({ ...filters, ...range })} />
      </FilterBar>
      <SiteDaysNote />
    </>
  );
}
