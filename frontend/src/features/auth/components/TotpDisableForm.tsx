// Turning two-step sign-in off (billers and dispatchers): the password and a current code,
// so neither a session left open nor a password alone can remove it.
import { useTranslation } from 'react-i18next';

import { TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { disableTotp } from '../api/totp';
import { useTotpForm } from '../hooks/useTotpForm';

interface TotpDisableFormProps {
  onStart: () => void;
  onDisabled: () => void;
}

export function TotpDisableForm({ onStart, onDisabled }: TotpDisableFormProps) {
  const { t } = useTranslation();
  const form = useTotpForm('totp-disable', { password: '', code: '' });
  return (
    <form
      className="form"
      noValidate
      aria-label={t('totp.turnOffLabel')}
      onSubmit={(event) => {
        onStart();
        void form.submit(event, async (values) => {
          await disableTotp(values);
          onDisabled();
        });
      }}
    >
      <p>{t('totp.turnOffExplain')}</p>
      {form.problem && <ProblemNotice problem={form.problem} />}
      <TextField id="totp-disable-password" label={t('login.password')} type="password" autoComplete="current-password"
        value={form.values.password} error={form.errors.password} onChange={(event) => form.set('password', event.target.value)} />
      <TextField id="totp-disable-code" label={t('login.code')} inputMode="numeric" autoComplete="one-time-code"
        spellCheck={false}
        value={form.values.code} error={form.errors.code} onChange={(event) => form.set('code', event.target.value)} />
      <div className="form__actions">
        <button type="submit" className="button" disabled={form.busy}>
          {form.busy ? t('totp.turningOff') : t('totp.turnOff')}
        </button>
      </div>
    </form>
  );
}
