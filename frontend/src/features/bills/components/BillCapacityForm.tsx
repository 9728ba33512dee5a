// Change a bill's capacity: to ship fewer parents, lower it (never below those loaded),
// then "Complete" appears.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { TextField } from '../../../components/Field';
import { toProblem } from '../../../lib/api/problem';
import type { Bill } from '../../../lib/api/types';
import { limits, range } from '../../../lib/api/validation';
import { updateBillCapacity } from '../api/bills';
import { capacityProblem } from '../bill';

export function BillCapacityForm({ bill, onSaved }: { bill: Bill; onSaved: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(String(bill.capacity));
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = capacityProblem(value, bill.linked_count);
    setError(problem ?? undefined);
    if (problem) return;
    setBusy(true);
    try {
      await updateBillCapacity(bill.bill_id, Number(value));
      onSaved();
    } catch (failure) {
      const summary = toProblem(failure);
      setError(summary.fields.capacity ?? summary.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="bill-capacity no-print" onSubmit={(event) => void submit(event)} noValidate aria-label={t('bills.capacity')}>
      <TextField id="bill-capacity-change" label={t('bills.capacity')} inputMode="numeric" value={value} error={error}
        hint={t('bills.capacityHint', { min: Math.max(limits.UpdateBill.capacity.minimum, bill.linked_count), max: range(limits.UpdateBill.capacity).max })}
        onChange={(event) => { setValue(event.target.value); setError(undefined); }} />
      <button type="submit" className="button" disabled={busy || value === String(bill.capacity)}>
        {busy ? t('common.saving') : t('bills.changeCapacity')}
      </button>
    </form>
  );
}
