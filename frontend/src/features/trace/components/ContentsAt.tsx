// "Contents at a time" on a parent's trace: a date and time on the site's clock, and the
// children the parent held then (rebuilt by the server from the history, GET /trace/{qr}?at=),
// under a heading that says "as of" when; "Back to now" returns to its children now.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { TextField } from '../../../components/Field';
import { Loading } from '../../../components/Notices';
import { useFormat } from '../../../i18n/useFormat';
import type { Trace } from '../../../lib/api/types';
import { isoToZonedInput } from '../../../lib/dates';
import { asOfTyped, isAnswerFor } from '../contents-at';

interface ContentsAtControlProps {
  /** The instant asked about, or null: now. */
  at: string | null;
  onAt: (at: string | null) => void;
}

export function ContentsAtControl({ at, onAt }: ContentsAtControlProps) {
  const { t } = useTranslation();
  const { timeZone } = useFormat();
  const [typed, setTyped] = useState(() => isoToZonedInput(at, timeZone));
  const [error, setError] = useState<string | undefined>();
  // The address bar changed the instant (back, forward, "Back to now"): the field follows it.
  const [typedFor, setTypedFor] = useState(at);
  if (typedFor !== at) {
    setTypedFor(at);
    setTyped(isoToZonedInput(at, timeZone));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const instant = asOfTyped(typed, timeZone);
    setError(instant ? undefined : t('trace.contentsAt.chooseTime'));
    if (instant) onAt(instant);
  }

  return (
    <form className="toolbar contents-at" onSubmit={submit} noValidate aria-label={t('trace.contentsAt.title')}>
      <TextField id="trace-at" label={t('trace.contentsAt.title')} type="datetime-local" value={typed} error={error}
        hint={timeZone ? t('history.siteClock', { zone: timeZone }) : undefined}
        onChange={(event) => { setTyped(event.target.value); setError(undefined); }} />
      <button type="submit" className="button">{t('trace.contentsAt.show')}</button>
      {at && (
        <button type="button" className="button" onClick={() => { setError(undefined); onAt(null); }}>
          {t('trace.contentsAt.backToNow')}
        </button>
      )}
    </form>
  );
}

/** What the parent held at `at`, once the answer for that instant is here. */
export function ContentsAtResult({ trace, at }: { trace: Trace; at: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const contents = trace.contents_at;
  if (!contents || !isAnswerFor(contents.at, at)) return <Loading label={t('trace.contentsAt.loading')} />;
  return (
    <section aria-labelledby="contents-at-heading" data-testid="contents-at">
      <h2 id="contents-at-heading">{t('trace.contentsAt.asOf', { parent: contents.parent_qr, when: format.instant(contents.at, 'longDateTime') })}</h2>
      <p className="muted">{t('trace.contentsAt.count', { count: contents.children.length })}</p>
      {contents.children.length === 0 ? (
        <p className="muted">{t('trace.contentsAt.empty')}</p>
      ) : (
        <ul className="qr-list">
          {contents.children.map((qr) => (
            <li key={qr}>
              <Link to={`/trace/${encodeURIComponent(qr)}`}>{qr}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
