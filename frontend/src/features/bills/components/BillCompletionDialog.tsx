// Asked before completing a bill that has parents not full, or weighs less than expected
// (by child counts, or on the weighbridge): what is short, and "Complete anyway".
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { shortfallText, type CompletionWarnings } from '../bill';

interface BillCompletionDialogProps {
  open: boolean;
  billId: string;
  warnings: CompletionWarnings;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function BillCompletionDialog({ open, billId, warnings, busy, onConfirm, onCancel }: BillCompletionDialogProps) {
  return (
    <ConfirmDialog open={open} title={`Complete ${billId} as it is?`} confirmLabel="Complete anyway" cancelLabel="Go back" busy={busy}
      onCancel={onCancel} onConfirm={onConfirm}>
      <ul className="warnings" data-testid="completion-warnings">
        {warnings.incomplete.length > 0 && (
          <li>
            {warnings.incomplete.length === 1 ? '1 parent is' : `${warnings.incomplete.length} parents are`} not full:{' '}
            {warnings.incomplete.map(shortfallText).join(', ')}
          </li>
        )}
        {warnings.under_kg !== null && <li>The weight from child counts is {warnings.under_kg} kg under the expected weight.</li>}
        {warnings.weighbridge_under_kg !== null && <li>The weighbridge weight is {warnings.weighbridge_under_kg} kg under the weight from child counts.</li>}
      </ul>
    </ConfirmDialog>
  );
}
