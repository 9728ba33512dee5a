// The last scans, newest first, each with what became of it.
import type { ScanLogEntry } from '../packing';

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function ScanLog({ entries }: { entries: ScanLogEntry[] }) {
  return (
    <section className="scan-log" aria-labelledby="scan-log-title">
      <h2 id="scan-log-title" className="scan-log__title">
        Last scans
      </h2>
      {entries.length === 0 ? (
        <p className="muted">Nothing scanned yet.</p>
      ) : (
        <ol className="scan-log__list" data-testid="scan-log">
          {entries.map((entry) => (
            <li key={entry.id} className={`scan-log__entry scan-log__entry--${entry.outcome}`}>
              <span className="scan-log__code">{entry.code}</span>
              <span className="scan-log__text">{entry.text}</span>
              <time className="scan-log__time" dateTime={new Date(entry.at).toISOString()}>
                {TIME.format(entry.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
