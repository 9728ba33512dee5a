// Create a bill: checked here with the API's rules first; what the server still refuses
// (`details.fields`, or `duplicate` on the id) lands on the right field.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import type { Bill } from '../../../lib/api/types';
import { lengths, limits, range } from '../../../lib/api/validation';
import { createBill } from '../api/bills';
import { serverBillErrors, toCreateBill, validateBill, type BillFieldErrors, type BillFormValues } from '../bill';

const EMPTY: BillFormValues = { bill_id: '', capacity: '', description: '', destination: '', vehicle_number: '' };

export function BillCreateForm({ onCreated, onCancel }: { onCreated: (bill: Bill) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<BillFieldErrors>({});
  const [problem, setProblem] = useState<ProblemSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const capacityRange = range(limits.CreateBill.capacity);

  const set = (key: keyof BillFormValues, value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateBill(values);
    setErrors(found);
    setProblem(null);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`bill-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const bill = await createBill(toCreateBill(values));
      onCreated(bill);
    } catch (error) {
      const summary = toProblem(error);
      const fieldErrors = serverBillErrors(summary);
      setErrors(fieldErrors);
      setProblem(Object.keys(fieldErrors).length > 0 ? { ...summary, message: t('common.correctFields') } : summary);
      const field = Object.keys(fieldErrors)[0];
      if (field) document.getElementById(`bill-${field}`)?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form panel" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="bill-create-title">
      <h2 id="bill-create-title">{t('bills.new')}</h2>
      {problem && <ProblemNotice problem={problem} />}
      <TextField id="bill-bill_id" label={t('bills.form.id')} value={values.bill_id} error={errors.bill_id} autoComplete="off"
        hint={t('bills.form.idHint', lengths(limits.CreateBill.bill_id))} onChange={(event) => set('bill_id', event.target.value)} />
      <TextField id="bill-capacity" label={t('bills.form.capacity')} inputMode="numeric" value={values.capacity} error={errors.capacity}
        hint={`${capacityRange.min}–${capacityRange.max}`} onChange={(event) => set('capacity', event.target.value)} />
      <TextField id="bill-destination" label={t('bills.form.destination')} value={values.destination} error={errors.destination}
        onChange={(event) => set('destination', event.target.value)} />
      <TextField id="bill-vehicle_number" label={t('bills.form.vehicle')} value={values.vehicle_number} error={errors.vehicle_number}
        onChange={(event) => set('vehicle_number', event.target.value)} />
      <TextField id="bill-description" label={t('bills.form.description')} value={values.description} error={errors.description}
        onChange={(event) => set('description', event.target.value)} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('common.creating') : t('bills.form.create')}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
