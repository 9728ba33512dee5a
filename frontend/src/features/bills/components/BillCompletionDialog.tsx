// Asked before completing a bill that has parents not full, or weighs less than expected
// (by child counts, or on the weighbridge): what is short, and "Complete anyway".
import { useTranslation } from 'react-i18next';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { formatKg, shortfallText, type CompletionWarnings } from '../bill';

interface BillCompletionDialogProps {
  open: boolean;
  billId: string;
  warnings: CompletionWarnings;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function BillCompletionDialog({ open, billId, warnings, busy, onConfirm, onCancel }: BillCompletionDialogProps) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog open={open} title={t('bills.completeQuestion', { bill: billId })} confirmLabel={t('bills.completeAnyway')} cancelLabel={t('common.goBack')} busy={busy}
      onCancel={onCancel} onConfirm={onConfirm}>
      <ul className="warnings" data-testid="completion-warnings">
        {warnings.incomplete.length > 0 && (
          <li>
            {t('bills.notFull', { count: warnings.incomplete.length, parents: warnings.incomplete.map(shortfallText).join(', ') })}
          </li>
        )}
        {warnings.under_kg !== null && <li>{t('bills.underExpected', { weight: formatKg(warnings.under_kg) })}</li>}
        {warnings.weighbridge_under_kg !== null && <li>{t('bills.weighbridgeUnder', { weight: formatKg(warnings.weighbridge_under_kg) })}</li>}
      </ul>
    </ConfirmDialog>
  );
}
