// One second-factor form (set-up password, confirming code, turning off): checked before
// sending, the server's `password` / `code` answers on their fields, anything else a banner.
import { useState, type FormEvent } from 'react';

import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { refreshCurrentUser } from '../api/totp';
import { serverTotpErrors, validateTotpForm, type TotpErrors, type TotpField } from '../totp';

export interface TotpForm<F extends TotpField> {
  values: Record<F, string>;
  errors: TotpErrors;
  problem: ProblemSummary | null;
  busy: boolean;
  set: (field: F, value: string) => void;
  submit: (event: FormEvent, send: (values: Record<F, string>) => Promise<void>) => Promise<void>;
}

/** Field ids are `<idPrefix>-<field>`, so the first wrong field can take focus. */
export function useTotpForm<F extends TotpField>(idPrefix: string, empty: Record<F, string>): TotpForm<F> {
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<TotpErrors>({});
  const [problem, setProblem] = useState<ProblemSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = Object.keys(empty) as F[];

  const focusFirst = (found: TotpErrors) => {
    const first = fields.find((field) => found[field]);
    if (first) document.getElementById(`${idPrefix}-${first}`)?.focus();
  };

  const set = (field: F, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  async function submit(event: FormEvent, send: (values: Record<F, string>) => Promise<void>) {
    event.preventDefault();
    const found = validateTotpForm(values);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return focusFirst(found);
    setBusy(true);
    try {
      await send(values);
      setValues(empty); // no password left in memory once it has served
    } catch (error) {
      const summary = toProblem(error);
      const fieldErrors = serverTotpErrors(summary, fields);
      setErrors(fieldErrors);
      setProblem(Object.keys(fieldErrors).length > 0 ? null : summary);
      focusFirst(fieldErrors);
      // Already on (set up in another tab): this screen's picture of the user is out of date.
      if (summary.code === 'duplicate') void refreshCurrentUser().catch(() => undefined);
    } finally {
      setBusy(false);
    }
  }

  return { values, errors, problem, busy, set, submit };
}
