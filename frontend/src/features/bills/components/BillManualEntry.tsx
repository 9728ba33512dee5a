// Manual entry (SPEC §4): a parent QR typed by hand when its label will not scan. Unlike a
// scan it can create the parent, but only after the screen asks (a misread code must not
// become an empty parent on the truck). Enter sends it; a refusal stays on the field, with
// the code still typed so it can be corrected; either way the focus goes back to the scanner,
// so the next scan is a scan, not a manual entry.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { TextField } from '../../../components/Field';
import { normaliseScan } from '../../scanning';

interface BillManualEntryProps {
  /** Adds the parent; resolves to what to show under the field (nothing when loaded). */
  onEnter: (qr: string) => Promise<string | undefined>;
  /** Called after every attempt: the scanner takes the focus back. */
  onDone: () => void;
}

export function BillManualEntry({ onEnter, onDone }: BillManualEntryProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const qr = normaliseScan(value);
    if (!qr) {
      setError(t('bills.manual.typeQr'));
      return;
    }
    setBusy(true);
    const problem = await onEnter(qr);
    setBusy(false);
    setError(problem);
    if (!problem) setValue('');
    onDone();
  }

  return (
    <form className="bill-manual" onSubmit={(event) => void submit(event)} noValidate aria-label={t('bills.manual.form')}>
      <TextField id="bill-manual-qr" label={t('bills.manual.label')} value={value} error={error} autoComplete="off"
        autoCapitalize="characters" spellCheck={false} enterKeyHint="send"
        hint={t('bills.manual.hint')}
        onChange={(event) => { setValue(event.target.value); setError(undefined); }} />
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('bills.manual.adding') : t('bills.manual.add')}
      </button>
    </form>
  );
}
