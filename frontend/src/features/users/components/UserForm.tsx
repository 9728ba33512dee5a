// Create or edit a user. Rules are checked here first (../validation.ts); what the server
// still refuses comes back as `details.fields` and lands on the same fields.
import { useState, type FormEvent } from 'react';

import { SelectField, TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import type { Area, Role } from '../../../lib/api/types';
import { ROLE_LABELS } from '../../../lib/auth/access';
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
      setProblem(Object.keys(fieldErrors).length > 0 ? { ...summary, message: 'Please correct the marked fields.' } : summary);
      const first = Object.keys(fieldErrors)[0];
      if (first) document.getElementById(`${prefix}-${first}`)?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={mode === 'create' ? 'New user' : `Edit ${initial.username}`}>
      {problem && <ProblemNotice problem={problem} />}
      <TextField
        id={`${prefix}-username`}
        label="Username"
        value={values.username}
        readOnly={mode === 'edit'}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        hint={mode === 'create' ? "3–40 letters, digits, '.', '_' or '-'" : undefined}
        error={errors.username}
        onChange={(event) => set('username', event.target.value)}
      />
      <TextField
        id={`${prefix}-display_name`}
        label="Display name (optional)"
        value={values.display_name}
        autoComplete="off"
        error={errors.display_name}
        onChange={(event) => set('display_name', event.target.value)}
      />
      <SelectField
        id={`${prefix}-role`}
        label="Role"
        value={values.role}
        disabled={roleLocked}
        hint={roleLocked ? 'You cannot change your own role.' : undefined}
        error={errors.role}
        onChange={(event) => set('role', ROLES.find((role) => role === event.target.value) ?? values.role)}
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </SelectField>
      {values.role === 'dispatcher' && (
        <SelectField
          id={`${prefix}-area`}
          label="Dispatch area"
          value={values.area}
          hint="A dispatcher sees and scans only bags of this area."
          error={errors.area}
          onChange={(event) => set('area', event.target.value)}
        >
          <option value="">Choose an area…</option>
          {areas.map((area) => (
            <option key={area.code} value={area.code}>
              {area.name}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        id={`${prefix}-password`}
        label={mode === 'create' ? 'Password' : 'New password (optional)'}
        type="password"
        autoComplete="new-password"
        value={values.password}
        hint={
          mode === 'create'
            ? 'At least 8 characters with upper case, lower case, a digit and a symbol.'
            : 'Leave empty to keep the current password. Setting one signs the user out everywhere.'
        }
        error={errors.password}
        onChange={(event) => set('password', event.target.value)}
      />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
