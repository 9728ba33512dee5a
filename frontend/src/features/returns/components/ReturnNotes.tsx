// An open ticket's notes, editable in place: "Edit notes" opens a text box (the scanner
// steps aside while it is open), "Save notes" sends them, and the API's words show on the
// field when it refuses (too long, a closed ticket).
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toProblem } from '../../../lib/api/problem';
import type { ReturnTicket } from '../../../lib/api/types';
import { returnKeys, updateReturn } from '../api/returns';
import { toUpdateReturn, validateReturnNotes } from '../return-ticket';

interface ReturnNotesProps {
  ticket: ReturnTicket;
  editing: boolean;
  onEditing: (editing: boolean) => void;
}

export function ReturnNotes({ ticket, editing, onEditing }: ReturnNotesProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [notes, setNotes] = useState(ticket.notes);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  function start() {
    setNotes(ticket.notes);
    setError(undefined);
    onEditing(true);
  }

  async function save() {
    const found = validateReturnNotes(notes);
    if (found.notes) {
      setError(found.notes);
      return;
    }
    setSaving(true);
    try {
      await updateReturn(ticket.code, toUpdateReturn(notes));
      await queryClient.invalidateQueries({ queryKey: returnKeys.all });
      onEditing(false);
    } catch (caught) {
      const problem = toProblem(caught);
      setError(problem.fields.notes ?? problem.message);
    } finally {
      setSaving(false);
    }
  }

  if (!editing) {
    return (
      <button type="button" className="button" onClick={start} data-testid="return-edit-notes">
        {t('returns.editNotes')}
      </button>
    );
  }
  return (
    <form className="return-notes" onSubmit={(event) => { event.preventDefault(); void save(); }}>
      <div className={error ? 'field field--invalid' : 'field'}>
        <label htmlFor="return-notes-edit">{t('returns.notes')}</label>
        <textarea id="return-notes-edit" rows={3} value={notes} aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'return-notes-edit-error' : undefined} autoFocus
          onChange={(event) => { setNotes(event.target.value); setError(undefined); }} />
        {error && (
          <p className="field__error" id="return-notes-edit-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="button button--primary" disabled={saving}>
        {saving ? t('returns.savingNotes') : t('returns.saveNotes')}
      </button>
      <button type="button" className="button" disabled={saving} onClick={() => onEditing(false)}>
        {t('returns.cancelEdit')}
      </button>
    </form>
  );
}
