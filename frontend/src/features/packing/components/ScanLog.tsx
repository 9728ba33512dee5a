// The last scans, newest first, each with what became of it.
import { useTranslation } from 'react-i18next';

import { useFormat } from '../../../i18n/useFormat';
import type { ScanLogEntry } from '../packing';

export function ScanLog({ entries }: { entries: ScanLogEntry[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="scan-log" aria-labelledby="scan-log-title">
      <h2 id="scan-log-title" className="scan-log__title">
        {t('packing.lastScans')}
      </h2>
      {entries.length === 0 ? (
        <p className="muted">{t('packing.nothingScanned')}</p>
      ) : (
        <ol className="scan-log__list" data-testid="scan-log">
          {entries.map((entry) => (
            <li key={entry.id} className={`scan-log__entry scan-log__entry--${entry.outcome}`}>
              <span className="scan-log__code">{entry.code}</span>
              <span className="scan-log__text">{entry.text}</span>
              <time className="scan-log__time" dateTime={new Date(entry.at).toISOString()}>
                {format.instant(entry.at, 'timeSeconds')}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
