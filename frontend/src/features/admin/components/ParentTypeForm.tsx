// Add a parent type: the API's rules first (../parent-type.ts); what the server still
// refuses (a pattern that does not compile, a code taken) lands on the right field.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import type { ParentType } from '../../../lib/api/types';
import { lengths, limits, range } from '../../../lib/api/validation';
import { useCreateParentType } from '../api/parent-types';
import {
  EMPTY_PARENT_TYPE_FORM, serverParentTypeErrors, toCreateParentType, validateParentType,
  type ParentTypeField, type ParentTypeFieldErrors,
} from '../parent-type';

interface ParentTypeFormProps {
  onCreated: (type: ParentType) => void;
  onCancel: () => void;
}

export function ParentTypeForm({ onCreated, onCancel }: ParentTypeFormProps) {
  const { t } = useTranslation();
  const create = useCreateParentType();
  const [values, setValues] = useState(EMPTY_PARENT_TYPE_FORM);
  const [errors, setErrors] = useState<ParentTypeFieldErrors>({});
  const [problem, setProblem] = useState<ProblemSummary | null>(null);

  const set = (key: ParentTypeField, value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  };
  const focusFirst = (found: ParentTypeFieldErrors) => {
    const first = Object.keys(found)[0];
    if (first) document.getElementById(`parent-type-${first}`)?.focus();
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateParentType(values);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return focusFirst(found);
    try {
      onCreated(await create.mutateAsync(toCreateParentType(values)));
    } catch (error) {
      const summary = toProblem(error);
      const fieldErrors = serverParentTypeErrors(summary);
      setErrors(fieldErrors);
      setProblem(Object.keys(fieldErrors).length > 0 ? { ...summary, message: t('common.correctFields') } : summary);
      focusFirst(fieldErrors);
    }
  }

  const field = (key: ParentTypeField, label: string, extra: { hint?: string; inputMode?: 'numeric' | 'decimal' } = {}) => (
    <TextField
      id={`parent-type-${key}`}
      label={label}
      value={values[key]}
      error={errors[key]}
      autoComplete="off"
      spellCheck={false}
      {...extra}
      onChange={(event) => set(key, event.target.value)}
    />
  );

  return (
    <form className="form panel" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="parent-type-create-title">
      <h2 id="parent-type-create-title">{t('parentTypes.new')}</h2>
      {problem && <ProblemNotice problem={problem} />}
      {field('code', t('parentTypes.code'), { hint: t('parentTypes.codeHint', lengths(limits.CreateParentType.code)) })}
      {field('name', t('parentTypes.name'), { hint: t('parentTypes.nameHint') })}
      {field('qr_pattern', t('parentTypes.pattern'), { hint: t('parentTypes.patternHint') })}
      {field('max_children', t('parentTypes.maxChildren'), { hint: t('parentTypes.maxChildrenHint', range(limits.CreateParentType.max_children)), inputMode: 'numeric' })}
      {field('expected_weight_kg', t('parentTypes.expectedWeight'), { inputMode: 'decimal' })}
      {field('child_weight_kg', t('parentTypes.childWeight'), { inputMode: 'decimal' })}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? t('common.saving') : t('parentTypes.create')}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={create.isPending}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
