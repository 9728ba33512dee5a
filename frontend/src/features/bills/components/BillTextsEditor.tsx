// "Edit details" on the bill screen: opens the texts form, and says so once they are saved.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Bill } from '../../../lib/api/types';
import { BillTextsForm } from './BillTextsForm';

interface BillTextsEditorProps {
  bill: Bill;
  /** The bill changed: refetch it. */
  onSaved: () => Promise<unknown>;
  /** The form closed: the scanner takes the focus back. */
  onClosed: () => void;
}

export function BillTextsEditor({ bill, onSaved, onClosed }: BillTextsEditorProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState(false);

  if (editing) {
    return (
      <BillTextsForm
        bill={bill}
        onDone={(saved) => {
          setEditing(false);
          setDone(saved);
          void (saved ? onSaved() : Promise.resolve()).finally(onClosed);
        }}
      />
    );
  }
  return (
    <div className="toolbar no-print">
      <button type="button" className="button button--small" onClick={() => { setDone(false); setEditing(true); }}>
        {t('bills.texts.edit')}
      </button>
      {done && (
        <span className="muted" role="status">
          {t('bills.texts.saved')}
        </span>
      )}
    </div>
  );
}
