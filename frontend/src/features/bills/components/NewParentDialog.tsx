// Asked before a parent typed by hand is created: the code may be a misread, and a created
// parent needs an area, or that area's dispatchers never see it.
import { useEffect, useState } from 'react';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useAreas } from '../../../lib/api/reference-data';

interface NewParentDialogProps {
  /** The QR to create, or null when closed. */
  qr: string | null;
  onConfirm: (area: string) => void;
  onCancel: () => void;
}

export function NewParentDialog({ qr, onConfirm, onCancel }: NewParentDialogProps) {
  const areas = useAreas();
  const [area, setArea] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setArea('');
    setError(null);
  }, [qr]);

  return (
    <ConfirmDialog
      open={qr !== null}
      title={`${qr ?? ''} is not a known parent`}
      confirmLabel="Create and load"
      cancelLabel="Do not create"
      onCancel={onCancel}
      onConfirm={() => {
        if (!area) setError('Choose the area the parent belongs to.');
        else onConfirm(area);
      }}
    >
      <p>
        Check the label: if <strong>{qr}</strong> is what it says, it is created as a new, empty parent and loaded onto this bill.
      </p>
      <div className={error ? 'field field--invalid' : 'field'}>
        <label htmlFor="new-parent-area">Area of the new parent</label>
        <select
          id="new-parent-area"
          value={area}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'new-parent-area-error' : undefined}
          onChange={(event) => {
            setArea(event.target.value);
            setError(null);
          }}
        >
          <option value="">Choose an area…</option>
          {(areas.data ?? []).map((choice) => (
            <option key={choice.code} value={choice.code}>
              {choice.name}
            </option>
          ))}
        </select>
        {error && (
          <p className="field__error" id="new-parent-area-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </ConfirmDialog>
  );
}
