// Turning two-step sign-in on, in two steps: the password again (a session left open on
// someone else's screen must not be enough), then a code from the app to prove it holds the
// secret. Until that code is accepted, sign-in does not ask for one.
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';

import { TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import type { TotpSetup } from '../../../lib/api/types';
import { enableTotp, startTotpSetup } from '../api/totp';
import { useTotpForm } from '../hooks/useTotpForm';
import { groupSecret, isOtpauthUri } from '../totp';

interface TotpSetupFormProps {
  onStart: () => void;
  onEnabled: () => void;
}

export function TotpSetupForm({ onStart, onEnabled }: TotpSetupFormProps) {
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  if (!setup) return <PasswordStep onStart={onStart} onSecret={setSetup} />;
  return <ConfirmStep setup={setup} onEnabled={onEnabled} onCancel={() => setSetup(null)} />;
}

function PasswordStep({ onStart, onSecret }: { onStart: () => void; onSecret: (setup: TotpSetup) => void }) {
  const { t } = useTranslation();
  const form = useTotpForm('totp-setup', { password: '' });
  return (
    <form
      className="form"
      noValidate
      aria-label={t('totp.setUpLabel')}
      onSubmit={(event) => {
        onStart();
        void form.submit(event, async ({ password }) => onSecret(await startTotpSetup(password)));
      }}
    >
      <p>{t('totp.setUpExplain')}</p>
      {form.problem && <ProblemNotice problem={form.problem} />}
      <TextField id="totp-setup-password" label={t('login.password')} type="password" autoComplete="current-password"
        hint={t('totp.passwordAgainHint')}
        value={form.values.password} error={form.errors.password} onChange={(event) => form.set('password', event.target.value)} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {form.busy ? t('totp.settingUp') : t('totp.setUp')}
        </button>
      </div>
    </form>
  );
}

interface ConfirmStepProps {
  setup: TotpSetup;
  onEnabled: () => void;
  onCancel: () => void;
}

function ConfirmStep({ setup, onEnabled, onCancel }: ConfirmStepProps) {
  const { t } = useTranslation();
  const form = useTotpForm('totp-enable', { code: '' });
  return (
    <form
      className="form"
      noValidate
      aria-label={t('totp.confirmLabel')}
      onSubmit={(event) =>
        void form.submit(event, async ({ code }) => {
          await enableTotp(code);
          onEnabled();
        })
      }
    >
      {form.problem && <ProblemNotice problem={form.problem} />}
      <ol className="totp-steps">
        <li>
          {isOtpauthUri(setup.otpauth_uri) ? (
            <Trans i18nKey="totp.addWithLink" components={{ link: <a href={setup.otpauth_uri} /> }} />
          ) : (
            t('totp.typeKey')
          )}
          <code className="totp-secret" data-testid="totp-secret">
            {groupSecret(setup.secret)}
          </code>
        </li>
        <li>{t('totp.enterCodeNow')}</li>
      </ol>
      <TextField id="totp-enable-code" label={t('login.code')} inputMode="numeric" autoComplete="one-time-code"
        spellCheck={false} autoFocus
        value={form.values.code} error={form.errors.code} onChange={(event) => form.set('code', event.target.value)} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {form.busy ? t('totp.turningOn') : t('totp.turnOn')}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={form.busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
