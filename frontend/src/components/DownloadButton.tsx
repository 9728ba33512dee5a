// A button that fetches a file from the API (with the bearer token) and saves it, then says
// what it saved, or why not.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Download } from '../lib/api/download';
import { toProblem } from '../lib/api/problem';
import { fileNameFromDisposition, saveBlob } from '../lib/files';

interface DownloadButtonProps {
  label: string;
  /** The server's name wins; this one is used when it sends none. */
  fallbackName: string;
  fetch: () => Promise<Download>;
}

export function DownloadButton({ label, fallbackName, fetch }: DownloadButtonProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ error: boolean; text: string } | null>(null);

  async function download() {
    setBusy(true);
    setOutcome(null);
    try {
      const { blob, disposition } = await fetch();
      const name = fileNameFromDisposition(disposition, fallbackName);
      saveBlob(blob, name);
      setOutcome({ error: false, text: t('common.saved', { name }) });
    } catch (error) {
      setOutcome({ error: true, text: toProblem(error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="download no-print">
      <button type="button" className="button" disabled={busy} onClick={() => void download()}>
        {busy ? t('common.preparing') : label}
      </button>
      {outcome && (
        <span className={outcome.error ? 'download__outcome download__outcome--error' : 'download__outcome'} role="status">
          {outcome.text}
        </span>
      )}
    </span>
  );
}
