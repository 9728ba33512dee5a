// Manual entry (SPEC §4): a parent QR typed by hand when its label will not scan. Unlike a
// scan it creates the parent when it is new. Enter sends it; a refusal stays on the field,
// with the code still typed so it can be corrected.
import { useState, type FormEvent } from 'react';

import { TextField } from '../../../components/Field';
import type { Feedback } from '../../scanning/feedback';
import { normaliseScan } from '../../scanning/scanner';
import { manualEntryError } from '../bill';

export function BillManualEntry({ onEnter }: { onEnter: (qr: string) => Promise<Feedback> }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const qr = normaliseScan(value);
    if (!qr) {
      setError('type the parent’s QR, e.g. SB00017');
      return;
    }
    setBusy(true);
    const problem = manualEntryError(await onEnter(qr));
    setBusy(false);
    setError(problem);
    if (!problem) setValue('');
  }

  return (
    <form className="bill-manual" onSubmit={(event) => void submit(event)} noValidate aria-label="Manual entry">
      <TextField id="bill-manual-qr" label="Parent QR typed by hand" value={value} error={error} autoComplete="off"
        autoCapitalize="characters" spellCheck={false} enterKeyHint="send"
        hint="For a label that will not scan. Press Enter to add it; a new parent is created."
        onChange={(event) => { setValue(event.target.value); setError(undefined); }} />
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Adding…' : 'Add parent'}
      </button>
    </form>
  );
}
