// The audit trail as a file, with the filters on screen: the browser downloads it itself
// through a single-use link, so a trail of any length streams to disk.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { downloadExport, type ExportFormat } from '../../../lib/api/download-link';
import { toProblem } from '../../../lib/api/problem';
import { useSiteZone } from '../../../lib/api/site';
import { auditQuery, type AuditFilters } from '../api/admin';
import { EXPORT_FORMATS } from '../transfers';

interface AuditExportProps {
  filters: AuditFilters;
  /** False while the filters cannot be sent (days the wrong way round). */
  enabled: boolean;
}

export function AuditExport({ filters, enabled }: AuditExportProps) {
  const { t } = useTranslation();
  const zone = useSiteZone();
  const [working, setWorking] = useState<ExportFormat | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  async function download(format: ExportFormat) {
    setWorking(format);
    setMessage(null);
    try {
      await downloadExport('audit', format, auditQuery(filters, zone));
      setMessage({ error: false, text: t('common.downloadStarted') });
    } catch (error) {
      setMessage({ error: true, text: toProblem(error).message });
    } finally {
      setWorking(null);
    }
  }

  return (
    <div className="audit__export" data-testid="audit-export">
      <p className="muted">{t('admin.audit.exportHint')}</p>
      {EXPORT_FORMATS.map((format) => (
        <button key={format} type="button" className="button" disabled={!enabled || working !== null} onClick={() => void download(format)}>
          {working === format ? t('common.preparing') : t('admin.audit.export', { format: format.toUpperCase() })}
        </button>
      ))}
      {message && (
        <p className={message.error ? 'notice notice--error' : 'notice notice--success'} role="status">
          {message.text}
        </p>
      )}
    </div>
  );
}
