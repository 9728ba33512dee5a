// "Export CSV" / "Export XLSX" for a list with the filters on screen (admins only: the caller
// decides). The browser downloads each file itself through a single-use link, so an export of
// any size streams to disk; nothing passes through the page as a blob.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { downloadExport, EXPORT_FORMATS, type ExportFormat, type ExportTable } from '../lib/api/download-link';
import { toProblem } from '../lib/api/problem';

interface ExportButtonsProps {
  table: ExportTable;
  /** The export's filters, exactly as the list on screen asks for them (no `limit`, no `cursor`). */
  query: Record<string, unknown>;
  /** False while the filters cannot be sent (days the wrong way round). */
  enabled: boolean;
  hint: string;
  className?: string;
  testId?: string;
}

export function ExportButtons({ table, query, enabled, hint, className = 'list-export', testId }: ExportButtonsProps) {
  const { t } = useTranslation();
  const [working, setWorking] = useState<ExportFormat | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  async function download(format: ExportFormat) {
    setWorking(format);
    setMessage(null);
    try {
      await downloadExport(table, format, query);
      setMessage({ error: false, text: t('common.downloadStarted') });
    } catch (error) {
      setMessage({ error: true, text: toProblem(error).message });
    } finally {
      setWorking(null);
    }
  }

  return (
    <div className={className} data-testid={testId}>
      <p className="muted">{hint}</p>
      {EXPORT_FORMATS.map((format) => (
        <button key={format} type="button" className="button" disabled={!enabled || working !== null} onClick={() => void download(format)}>
          {working === format ? t('common.preparing') : t('exports.button', { format: format.toUpperCase() })}
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
