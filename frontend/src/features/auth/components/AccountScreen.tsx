// The signed-in user's own account: who they are, changing their password (which signs
// out every other session; this tab signs in again with the new one), and two-step sign-in.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { lengths, limits } from '../../../lib/api/validation';
import { roleLabel } from '../../../lib/auth/access';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { changeOwnPassword } from '../api/session-actions';
import {
  EMPTY_PASSWORD_CHANGE, serverPasswordErrors, toChangePassword, validatePasswordChange,
  type PasswordChangeErrors, type PasswordChangeField,
} from '../password-change';
import { LanguageSwitch } from './LanguageSwitch';
import { TwoStepSection } from './TwoStepSection';

export function AccountScreen() {
  const { t } = useTranslation();
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
      <h1 id="account-title">{t('account.title')}</h1>
      <p className="muted">
        {user.username}
        {user.display_name && user.display_name !== user.username ? ` (${user.display_name})` : ''} · {roleLabel(user.role)}
        {user.area ? ` · ${t('common.areaNamed', { area: user.area })}` : ''}
      </p>
      <section className="panel" aria-labelledby="language-title">
        <h2 id="language-title">{t('account.language')}</h2>
        <p className="muted">{t('account.languageHint')}</p>
        <LanguageSwitch />
      </section>
      <form className="form panel" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="password-title">
        <h2 id="password-title">{t('account.changePassword')}</h2>
        {problem && <ProblemNotice problem={problem} />}
        {done && (
          <p className="notice notice--success" role="status">
            {t('account.passwordChanged')}
          </p>
        )}
        <TextField id="account-current_password" label={t('account.currentPassword')} type="password" autoComplete="current-password"
          value={values.current_password} error={errors.current_password} onChange={(event) => set('current_password', event.target.value)} />
        <TextField id="account-new_password" label={t('account.newPassword')} type="password" autoComplete="new-password"
          hint={t('password.hint', lengths(limits.ChangePassword.new_password))}
          value={values.new_password} error={errors.new_password} onChange={(event) => set('new_password', event.target.value)} />
        <TextField id="account-repeat_password" label={t('account.newPasswordAgain')} type="password" autoComplete="new-password"
          value={values.repeat_password} error={errors.repeat_password} onChange={(event) => set('repeat_password', event.target.value)} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('account.changing') : t('account.changePassword')}
          </button>
        </div>
      </form>
      <TwoStepSection user={user} />
    </section>
  );
}
