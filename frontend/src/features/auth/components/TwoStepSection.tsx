// The account's second factor: off → set it up; on → billers and dispatchers may turn it
// off, an admin's stays on (the server refuses) and another admin resets it after a lost phone.
import { useState } from 'react';

import type { User } from '../../../lib/api/types';
import { TotpDisableForm } from './TotpDisableForm';
import { TotpSetupForm } from './TotpSetupForm';

export function TwoStepSection({ user }: { user: User }) {
  // Kept here, not in the forms: turning it on or off swaps the form the message came from.
  const [message, setMessage] = useState<string | null>(null);
  const clear = () => setMessage(null);

  return (
    <section className="panel two-step" aria-labelledby="totp-title" data-testid="totp-setup">
      <h2 id="totp-title">Two-step sign-in</h2>
      <p>
        Status: <strong data-testid="totp-status">{user.totp_enabled ? 'On' : 'Off'}</strong>
      </p>
      {message && (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      )}
      {!user.totp_enabled ? (
        <TotpSetupForm
          onStart={clear}
          onEnabled={() => setMessage('Two-step sign-in is on. From now on signing in asks for a code from your app as well.')}
        />
      ) : user.role === 'admin' ? (
        <p className="muted">
          An admin’s two-step sign-in stays on once enabled. If you lose your phone, another admin can reset it on the
          Users screen.
        </p>
      ) : (
        <TotpDisableForm onStart={clear} onDisabled={() => setMessage('Two-step sign-in is off. Signing in needs only your password.')} />
      )}
    </section>
  );
}
