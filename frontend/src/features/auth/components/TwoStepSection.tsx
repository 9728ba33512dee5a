// The account's second factor: off → set it up; on → billers and dispatchers may turn it
// off, an admin's stays on (the server refuses) and another admin resets it after a lost phone.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { User } from '../../../lib/api/types';
import { TotpDisableForm } from './TotpDisableForm';
import { TotpSetupForm } from './TotpSetupForm';

export function TwoStepSection({ user }: { user: User }) {
  const { t } = useTranslation();
  // Kept here, not in the forms: turning it on or off swaps the form the message came from.
  const [message, setMessage] = useState<string | null>(null);
  const clear = () => setMessage(null);

  return (
    <section className="panel two-step" aria-labelledby="totp-title" data-testid="totp-setup">
      <h2 id="totp-title">{t('totp.title')}</h2>
      <p>
        {t('totp.status')} <strong data-testid="totp-status">{user.totp_enabled ? t('totp.on') : t('totp.off')}</strong>
      </p>
      {message && (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      )}
      {!user.totp_enabled ? (
        <TotpSetupForm
          onStart={clear}
          onEnabled={() => setMessage(t('totp.nowOn'))}
        />
      ) : user.role === 'admin' ? (
        <p className="muted">{t('totp.adminStaysOn')}</p>
      ) : (
        <TotpDisableForm onStart={clear} onDisabled={() => setMessage(t('totp.nowOff'))} />
      )}
    </section>
  );
}
