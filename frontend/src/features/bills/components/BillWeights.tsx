// The bill's count and weights: `linked / capacity` big with a progress bar; the weight from
// child counts (computed, not weighed), the expected weight and their difference; the
// truck's weighbridge weight as the biller enters it, and how far it is from the child counts.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { TextField } from '../../../components/Field';
import { useFormat } from '../../../i18n/useFormat';
import { toProblem } from '../../../lib/api/problem';
import type { Bill } from '../../../lib/api/types';
import { updateWeighbridgeWeight } from '../api/bills';
import { billProgress, formatKg, weighbridgeDifferenceText, weighbridgeValue, weightDifferenceText } from '../bill';

interface BillWeightsProps {
  bill: Bill;
  /** The weighbridge weight can be entered while the bill is open. */
  editable: boolean;
  onSaved: () => void;
}

export function BillWeights({ bill, editable, onSaved }: BillWeightsProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const progress = billProgress(bill);
  const weighbridge = bill.weighbridge_weight_kg ?? null;
  const bridgeDifference = weighbridgeDifferenceText(bill);
  const figures: Array<[string, string, string]> = [
    [t('bills.weights.actual'), formatKg(bill.actual_weight_kg), 'actual'],
    [t('bills.weights.expected'), formatKg(bill.expected_weight_kg), 'expected'],
    [t('bills.weights.difference'), weightDifferenceText(bill.weight_difference_kg), 'difference'],
    [t('bills.weights.weighbridge'), weighbridge === null ? t('bills.weights.notEntered') : formatKg(weighbridge), 'weighbridge'],
    ...(bridgeDifference ? ([[t('bills.weights.weighbridgeDifference'), bridgeDifference, 'weighbridge-difference']] as Array<[string, string, string]>) : []),
    [t('bills.weights.children'), format.number(bill.child_count), 'children'],
  ];
  return (
    <section className={`parent parent--${bill.status}`} aria-label={t('bills.progress')}>
      <p className="parent__count" data-testid="bill-count" aria-label={t('bills.progressOf', { linked: progress.linked, capacity: progress.capacity })}>
        {progress.linked}/{progress.capacity}
      </p>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={progress.capacity} aria-valuenow={progress.linked} aria-label={t('bills.parentsLoaded')}>
        <div className="progress__bar" style={{ width: `${Math.round(progress.ratio * 100)}%` }} />
      </div>
      <dl className="weights" data-testid="bill-weights">
        {figures.map(([label, value, key]) => (
          <div key={key} className="weights__item" data-weight={key}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {editable && <WeighbridgeForm key={String(weighbridge)} bill={bill} onSaved={onSaved} />}
    </section>
  );
}

function WeighbridgeForm({ bill, onSaved }: { bill: Bill; onSaved: () => void }) {
  const { t } = useTranslation();
  const saved = bill.weighbridge_weight_kg === null || bill.weighbridge_weight_kg === undefined ? '' : String(bill.weighbridge_weight_kg);
  const [value, setValue] = useState(saved);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const read = weighbridgeValue(value);
    if ('problem' in read) {
      setError(read.problem);
      return;
    }
    setBusy(true);
    try {
      await updateWeighbridgeWeight(bill.bill_id, read.kg);
      onSaved();
    } catch (failure) {
      const summary = toProblem(failure);
      setError(summary.fields.weighbridge_weight_kg ?? summary.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="bill-capacity bill-weighbridge no-print" onSubmit={(event) => void submit(event)} noValidate aria-label={t('bills.weighbridge.form')}>
      <TextField id="bill-weighbridge" label={t('bills.weighbridge.label')} inputMode="decimal" autoComplete="off" value={value} error={error}
        hint={t('bills.weighbridge.hint')}
        onChange={(event) => { setValue(event.target.value); setError(undefined); }} />
      <button type="submit" className="button" disabled={busy || value.trim() === saved}>
        {busy ? t('common.saving') : t('bills.weighbridge.save')}
      </button>
    </form>
  );
}
