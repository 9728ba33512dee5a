// Edit a parent type (issue #17): only changed fields are sent (../parent-type-edit.ts); what the
// server refuses (a maximum below what open parents hold, a pattern in use or overlapping
// another type's, with an example QR) lands on the field it is about.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import type { ParentType } from '../../../lib/api/types';
import { useUpdateParentType } from '../api/parent-types';
import {
  PARENT_TYPE_EDIT_FIELDS, editValuesOf, refusalField, toUpdateParentType, validateParentTypeEdit,
  type ParentTypeEditErrors, type ParentTypeEditField,
} from '../parent-type-edit';

interface ParentTypeEditFormProps {
  type: ParentType;
  onSaved: (type: ParentType) => void;
  onCancel: () => void;
}

export function ParentTypeEditForm({ type, onSaved, onCancel }: ParentTypeEditFormProps) {
  const { t } = useTranslation();
  const update = useUpdateParentType();
  const [values, setValues] = useState(() => editValuesOf(type));
  const [errors, setErrors] = useState<ParentTypeEditErrors>({});
  const [problem, setProblem] = useState<ProblemSummary | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateParentTypeEdit(type, values);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    const body = toUpdateParentType(type, values);
    if (Object.keys(body).length === 0) return onCancel();
    try {
      onSaved(await update.mutateAsync({ code: type.code, body }));
    } catch (error) {
      const summary = toProblem(error);
      const fieldErrors: ParentTypeEditErrors = {};
      for (const field of PARENT_TYPE_EDIT_FIELDS) if (summary.fields[field]) fieldErrors[field] = summary.fields[field];
      const onField = refusalField(summary.code);
      if (onField) fieldErrors[onField] = summary.message;
      setErrors(fieldErrors);
      setProblem(summary);
    }
  }

  const field = (key: ParentTypeEditField, label: string, inputMode?: 'numeric' | 'decimal') => (
    <TextField
      id={`parent-type-edit-${key}`}
      label={label}
      value={values[key]}
      error={errors[key]}
      autoComplete="off"
      spellCheck={false}
      inputMode={inputMode}
      onChange={(event) => {
        const value = event.target.value;
        setValues((current) => ({ ...current, [key]: value }));
        setErrors((current) => ({ ...current, [key]: undefined }));
      }}
    />
  );

  return (
    <form className="form panel" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="parent-type-edit-title">
      <h2 id="parent-type-edit-title">{t('parentTypes.editTitle', { code: type.code })}</h2>
      {problem && <ProblemNotice problem={problem} />}
      {field('name', t('parentTypes.name'))}
      {field('qr_pattern', t('parentTypes.pattern'))}
      <p className="muted">{t('parentTypes.patternLocked')}</p>
      {field('max_children', t('parentTypes.maxChildren'), 'numeric')}
      {field('expected_weight_kg', t('parentTypes.expectedWeight'), 'decimal')}
      {field('child_weight_kg', t('parentTypes.childWeight'), 'decimal')}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={update.isPending}>
          {update.isPending ? t('common.saving') : t('parentTypes.save')}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={update.isPending}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
