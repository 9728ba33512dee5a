// The audit trail as a file, with the filters on screen: the browser downloads it itself
// through a single-use link, so a trail of any length streams to disk.
import { useTranslation } from 'react-i18next';

import { ExportButtons } from '../../../components/ExportButtons';
import { useSiteZone } from '../../../lib/api/site';
import { auditQuery, type AuditFilters } from '../api/admin';

interface AuditExportProps {
  filters: AuditFilters;
  /** False while the filters cannot be sent (days the wrong way round). */
  enabled: boolean;
}

export function AuditExport({ filters, enabled }: AuditExportProps) {
  const { t } = useTranslation();
  const zone = useSiteZone();
  return (
    <ExportButtons table="audit" query={auditQuery(filters, zone)} enabled={enabled} hint={t('admin.audit.exportHint')}
      className="audit__export" testId="audit-export" />
  );
}
