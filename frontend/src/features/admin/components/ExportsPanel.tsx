// Exports: each table as CSV or XLSX. The browser downloads each file itself through a
// single-use link, so a file of any size streams to disk instead of into the page's memory.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { downloadExport } from '../../../lib/api/download-link';
import { toProblem } from '../../../lib/api/problem';
import { EXPORT_FORMATS, EXPORT_TABLES, type ExportFormat, type ExportTable } from '../transfers';

export function ExportsPanel() {
  const { t } = useTranslation();
  const [working, setWorking] = useState<string | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  async function download(table: ExportTable, format: ExportFormat) {
    setWorking(`${table}.${format}`);
    setMessage(null);
    try {
      await downloadExport(table, format);
      setMessage({ error: false, text: t('common.downloadStarted') });
    } catch (error) {
      setMessage({ error: true, text: toProblem(error).message });
    } finally {
      setWorking(null);
    }
  }

  return (
    <section className="panel" aria-labelledby="exports-title">
      <h2 id="exports-title">{t('admin.exports.title')}</h2>
      <ul className="export-list">
        {EXPORT_TABLES.flatMap((table) =>
          EXPORT_FORMATS.map((format) => (
            <li key={`${table}.${format}`}>
              <button type="button" className="button" disabled={working !== null} onClick={() => void download(table, format)}>
                {working === `${table}.${format}` ? t('common.preparing') : t('admin.exports.button', { table: t(`admin.exports.table.${table}`), format: format.toUpperCase() })}
              </button>
            </li>
          )),
        )}
      </ul>
      {message && (
        <p className={message.error ? 'notice notice--error' : 'notice notice--success'} role="status">
          {message.text}
        </p>
      )}
    </section>
  );
}
