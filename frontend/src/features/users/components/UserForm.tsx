// Create or edit a user. Rules are checked here first (../validation.ts); what the server
// still refuses comes back as `details.fields` and lands on the same fields.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { AreaOptions } from '../../../components/AreaOptions';
import { SelectField, TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import type { Area, Role } from '../../../lib/api/types';
import { lengths, limits } from '../../../lib/api/validation';
import { roleLabel } from '../../../lib/auth/access';
import { serverFieldErrors, validateNewUser, validateUserChanges, type FieldErrors, type UserFormValues } from '../validation';

interface UserFormProps {
  mode: 'create' | 'edit';
  initial: UserFormValues;
  areas: Area[];
  /** An admin cannot change their own role. */
  roleLocked?: boolean;
  submitLabel: string;
  onSubmit: (values: UserFormValues) => Promise<void>;
  onCancel: () => void;
}

const ROLES: Role[] = ['dispatcher', 'biller', 'admin'];

export function UserForm({ mode, initial, areas, roleLocked = false, submitLabel, onSubmit, onCancel }: UserFormProps) {
  const { t } = useTranslation();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<ProblemSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const prefix = `user-${mode}`;

  const set = <K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = mode === 'create' ? validateNewUser(values) : validateUserChanges(values);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) {
      document.getElementById(`${prefix}-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (error) {
      const summary = toProblem(error);
      const fieldErrors = serverFieldErrors(summary.code, summary.fields, summary.message);
      setErrors(fieldErrors);
      // The banner says what no field says.
      setProblem(Object.keys(fieldErrors).length > 0 ? { ...summary, message: t('common.correctFields') } : summary);
      const first = Object.keys(fieldErrors)[0];
      if (first) document.getElementById(`${prefix}-${first}`)?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={mode === 'create' ? t('users.new') : t('users.edit', { name: initial.username })}>
      {problem && <ProblemNotice problem={problem} />}
      <TextField
        id={`${prefix}-username`}
        label={t('login.username')}
        value={values.username}
        readOnly={mode === 'edit'}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        hint={mode === 'create' ? t('users.usernameHint', lengths(limits.CreateUser.username)) : undefined}
        error={errors.username}
        onChange={(event) => set('username', event.target.value)}
      />
      <TextField
        id={`${prefix}-display_name`}
        label={t('users.displayName')}
        value={values.display_name}
        autoComplete="off"
        error={errors.display_name}
        onChange={(event) => set('display_name', event.target.value)}
      />
      <SelectField
        id={`${prefix}-role`}
        label={t('users.role')}
        value={values.role}
        disabled={roleLocked}
        hint={roleLocked ? t('users.ownRole') : undefined}
        error={errors.role}
        onChange={(event) => set('role', ROLES.find((role) => role === event.target.value) ?? values.role)}
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {roleLabel(role)}
          </option>
        ))}
      </SelectField>
      {values.role === 'dispatcher' && (
        <SelectField
          id={`${prefix}-area`}
          label={t('users.dispatchArea')}
          value={values.area}
          hint={t('users.dispatchAreaHint')}
          error={errors.area}
          onChange={(event) => set('area', event.target.value)}
        >
          <option value="">{t('common.chooseArea')}</option>
          {/* Areas in use; a user's own area stays shown even once retired. */}
          <AreaOptions areas={areas} keep={initial.area} />
        </SelectField>
      )}
      <TextField
        id={`${prefix}-password`}
        label={mode === 'create' ? t('login.password') : t('users.newPasswordOptional')}
        type="password"
        autoComplete="new-password"
        value={values.password}
        hint={
          mode === 'create' ? t('password.hint', lengths(limits.CreateUser.password)) : t('users.passwordEditHint')
        }
        error={errors.password}
        onChange={(event) => set('password', event.target.value)}
      />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('common.saving') : submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
