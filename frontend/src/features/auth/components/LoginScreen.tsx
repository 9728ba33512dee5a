import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';

import { TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { homePathFor } from '../../../lib/auth/access';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { logIn } from '../api/session-actions';
import { loginFailure, validateLogin, type LoginErrors } from '../login-form';
import { LanguageSwitch } from './LanguageSwitch';

const CODE_ID = 'login-totp';

function returnPath(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('from' in state)) return null;
  const from = state.from;
  return typeof from === 'string' && from.startsWith('/') && from !== '/login' ? from : null;
}

export function LoginScreen() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // Null until the server asks for the second factor's code.
  const [code, setCode] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<LoginErrors>({});
  const [problem, setProblem] = useState<ProblemSummary | null>(null);
  const [busy, setBusy] = useState(false);

  if (user && !busy) return <Navigate to={returnPath(location.state) ?? homePathFor(user.role)} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateLogin({ username, password, totp: code });
    setFieldErrors(errors);
    setProblem(null);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    try {
      const signedIn = await logIn({ username, password, totp: code });
      queryClient.clear(); // nothing cached for whoever was signed in before
      navigate(returnPath(location.state) ?? homePathFor(signedIn.role), { replace: true });
    } catch (error) {
      const failure = loginFailure(toProblem(error));
      setFieldErrors(failure.errors);
      setProblem(failure.problem);
      if (failure.askCode) {
        setCode('');
        // A field shown just now focuses itself (autoFocus); one already there needs telling.
        document.getElementById(CODE_ID)?.focus();
      } else {
        setPassword('');
        setCode(null);
      }
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login__card" onSubmit={submit} noValidate aria-labelledby="login-title">
        <h1 id="login-title" className="login__title">
          TraceTrack
        </h1>
        <p className="login__subtitle">{t('login.subtitle')}</p>
        {problem && <ProblemNotice problem={problem} />}
        <TextField
          id="login-username"
          label={t('login.username')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          value={username}
          error={fieldErrors.username}
          onChange={(event) => {
            setUsername(event.target.value);
            setCode(null); // another account may have no second factor
          }}
        />
        <TextField
          id="login-password"
          label={t('login.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          error={fieldErrors.password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {code !== null && (
          <TextField
            id={CODE_ID}
            label={t('login.code')}
            name="totp"
            data-testid="totp-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            spellCheck={false}
            autoFocus
            hint={t('login.codeHint')}
            value={code}
            error={fieldErrors.totp}
            onChange={(event) => setCode(event.target.value)}
          />
        )}
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.signIn')}
        </button>
        <LanguageSwitch className="login__language" />
      </form>
    </main>
  );
}
