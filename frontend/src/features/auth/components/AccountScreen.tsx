// The signed-in user's own account: who they are, changing their password (which signs
// out every other session; this tab signs in again with the new one), and two-step sign-in.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';

import { TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { ROLE_LABELS } from '../../../lib/auth/access';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { changeOwnPassword } from '../api/session-actions';
import {
  EMPTY_PASSWORD_CHANGE, serverPasswordErrors, toChangePassword, validatePasswordChange,
  type PasswordChangeErrors, type PasswordChangeField,
} from '../password-change';
import { TwoStepSection } from './TwoStepSection';

export function AccountScreen() {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [values, setValues] = useState(EMPTY_PASSWORD_CHANGE);
  const [errors, setErrors] = useState<PasswordChangeErrors>({});
  const [problem, setProblem] = useState<ProblemSummary | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!user) return null;

  const set = (key: PasswordChangeField, value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
    setDone(false);
  };
  const focusFirst = (found: PasswordChangeErrors) => {
    const first = Object.keys(found)[0];
    if (first) document.getElementById(`account-${first}`)?.focus();
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validatePasswordChange(values);
    setErrors(found);
    setProblem(null);
    setDone(false);
    if (Object.keys(found).length > 0) return focusFirst(found);
    setBusy(true);
    try {
      const outcome = await changeOwnPassword(toChangePassword(values));
      if (outcome === 'signed_out') {
        queryClient.clear();
        navigate('/login', { replace: true });
        return;
      }
      setValues(EMPTY_PASSWORD_CHANGE);
      setDone(true);
    } catch (error) {
      const summary = toProblem(error);
      const fieldErrors = serverPasswordErrors(summary);
      setErrors(fieldErrors);
      setProblem(Object.keys(fieldErrors).length > 0 ? null : summary);
      focusFirst(fieldErrors);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="page page--narrow" aria-labelledby="account-title">
      <h1 id="account-title">Your account</h1>
      <p className="muted">
        {user.username}
        {user.display_name && user.display_name !== user.username ? ` (${user.display_name})` : ''} · {ROLE_LABELS[user.role]}
        {user.area ? ` · area ${user.area}` : ''}
      </p>
      <form className="form panel" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        {problem && <ProblemNotice problem={problem} />}
        {done && (
          <p className="notice notice--success" role="status">
            Password changed. Every other session was signed out; use the new password from now on.
          </p>
        )}
        <TextField id="account-current_password" label="Current password" type="password" autoComplete="current-password"
          value={values.current_password} error={errors.current_password} onChange={(event) => set('current_password', event.target.value)} />
        <TextField id="account-new_password" label="New password" type="password" autoComplete="new-password"
          hint="At least 8 characters with upper case, lower case, a digit and a symbol."
          value={values.new_password} error={errors.new_password} onChange={(event) => set('new_password', event.target.value)} />
        <TextField id="account-repeat_password" label="New password again" type="password" autoComplete="new-password"
          value={values.repeat_password} error={errors.repeat_password} onChange={(event) => set('repeat_password', event.target.value)} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
      <TwoStepSection user={user} />
    </section>
  );
}
