// Turning two-step sign-in on, in two steps: the password again (a session left open on
// someone else's screen must not be enough), then a code from the app to prove it holds the
// secret. Until that code is accepted, sign-in does not ask for one.
import { useState } from 'react';

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
  const form = useTotpForm('totp-setup', { password: '' });
  return (
    <form
      className="form"
      noValidate
      aria-label="Set up two-step sign-in"
      onSubmit={(event) => {
        onStart();
        void form.submit(event, async ({ password }) => onSecret(await startTotpSetup(password)));
      }}
    >
      <p>
        Signing in will ask for a 6-digit code from an authenticator app on your phone as well as your password, so a
        password that got out is not enough on its own.
      </p>
      {form.problem && <ProblemNotice problem={form.problem} />}
      <TextField id="totp-setup-password" label="Password" type="password" autoComplete="current-password"
        hint="Your password again, so a session left open cannot change how you sign in."
        value={form.values.password} error={form.errors.password} onChange={(event) => form.set('password', event.target.value)} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {form.busy ? 'Setting up…' : 'Set up'}
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
  const form = useTotpForm('totp-enable', { code: '' });
  return (
    <form
      className="form"
      noValidate
      aria-label="Confirm two-step sign-in"
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
            <>
              On your phone, <a href={setup.otpauth_uri}>add TraceTrack to your authenticator app</a>, or type
              this key into it (time-based):
            </>
          ) : (
            'Type this key into your authenticator app (time-based):'
          )}
          <code className="totp-secret" data-testid="totp-secret">
            {groupSecret(setup.secret)}
          </code>
        </li>
        <li>Enter the code the app shows now.</li>
      </ol>
      <TextField id="totp-enable-code" label="Authenticator code" inputMode="numeric" autoComplete="one-time-code"
        spellCheck={false} autoFocus
        value={form.values.code} error={form.errors.code} onChange={(event) => form.set('code', event.target.value)} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {form.busy ? 'Turning on…' : 'Turn on'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={form.busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
