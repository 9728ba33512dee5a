// Asked before a parent typed by hand is created: the code may be a misread, and a created
// parent needs an area, or that area's dispatchers never see it.
import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';

import { AreaOptions } from '../../../components/AreaOptions';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useAreas } from '../../../lib/api/reference-data';

interface NewParentDialogProps {
  /** The QR to create, or null when closed. */
  qr: string | null;
  onConfirm: (area: string) => void;
  onCancel: () => void;
}

export function NewParentDialog({ qr, onConfirm, onCancel }: NewParentDialogProps) {
  const { t } = useTranslation();
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
      title={t('bills.newParent.title', { qr: qr ?? '' })}
      confirmLabel={t('bills.newParent.create')}
      cancelLabel={t('bills.newParent.doNotCreate')}
      onCancel={onCancel}
      onConfirm={() => {
        if (!area) setError(t('bills.newParent.chooseArea'));
        else onConfirm(area);
      }}
    >
      <p>
        <Trans i18nKey="bills.newParent.explain" values={{ qr }} components={{ strong: <strong /> }} />
      </p>
      <div className={error ? 'field field--invalid' : 'field'}>
        <label htmlFor="new-parent-area">{t('bills.newParent.area')}</label>
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
          <option value="">{t('common.chooseArea')}</option>
          <AreaOptions areas={areas.data} />
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
