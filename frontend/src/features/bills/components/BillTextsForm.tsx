// Change a bill's texts — destination, vehicle number, description — behind "Edit details"
// (admins and billers; a completed bill too: only its capacity is frozen). Checked against the
// API's schema first; what the server still refuses lands on its field, as on the create form.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import type { Bill } from '../../../lib/api/types';
import { updateBillTexts } from '../api/bills';
import { billTextsOf, billTextsUpdate, serverBillTextErrors, validateBillTexts, type BillTextErrors, type BillTexts } from '../bill-texts';

interface BillTextsFormProps {
  bill: Bill;
  /** After a save (the bill is refetched) or a cancel: the scanner takes the focus back. */
  onDone: (saved: boolean) => void;
}

export function BillTextsForm({ bill, onDone }: BillTextsFormProps) {
  const { t } = useTranslation();
  const saved = billTextsOf(bill);
  const [values, setValues] = useState<BillTexts>(saved);
  const [errors, setErrors] = useState<BillTextErrors>({});
  const [problem, setProblem] = useState<ProblemSummary | null>(null);
  const [nothing, setNothing] = useState(false);
  const [busy, setBusy] = useState(false);

  const set = (field: keyof BillTexts, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
    setNothing(false);
  };
  const focusFirst = (found: BillTextErrors) => {
    const field = Object.keys(found)[0];
    if (field) document.getElementById(`bill-text-${field}`)?.focus();
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const update = billTextsUpdate(saved, values);
    if (Object.keys(update).length === 0) {
      setNothing(true);
      return;
    }
    const found = validateBillTexts(update);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirst(found);
      return;
    }
    setBusy(true);
    try {
      await updateBillTexts(bill.bill_id, update);
      onDone(true);
    } catch (error) {
      const summary = toProblem(error);
      const fieldErrors = serverBillTextErrors(summary);
      setErrors(fieldErrors);
      setProblem(Object.keys(fieldErrors).length > 0 ? { ...summary, message: t('common.correctFields') } : summary);
      focusFirst(fieldErrors);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form panel no-print" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="bill-texts-title">
      <h2 id="bill-texts-title">{t('bills.texts.title')}</h2>
      {problem && <ProblemNotice problem={problem} />}
      {/* Opened by "Edit details", which is gone now: the first field takes the focus. */}
      <TextField id="bill-text-destination" label={t('bills.form.destination')} value={values.destination} error={errors.destination}
        autoComplete="off" autoFocus onChange={(event) => set('destination', event.target.value)} />
      <TextField id="bill-text-vehicle_number" label={t('bills.form.vehicle')} value={values.vehicle_number} error={errors.vehicle_number}
        autoComplete="off" onChange={(event) => set('vehicle_number', event.target.value)} />
      <TextField id="bill-text-description" label={t('bills.form.description')} value={values.description} error={errors.description}
        autoComplete="off" onChange={(event) => set('description', event.target.value)} />
      {nothing && (
        <p className="muted" role="status">
          {t('bills.texts.nothingChanged')}
        </p>
      )}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('common.saving') : t('bills.texts.save')}
        </button>
        <button type="button" className="button" onClick={() => onDone(false)} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
