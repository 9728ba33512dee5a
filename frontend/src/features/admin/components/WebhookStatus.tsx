// Whether a webhook subscription is on; when off, why (an admin, or persistent failure).
import { useTranslation } from 'react-i18next';

import type { Webhook } from '../../../lib/api/types';

export function WebhookStatus({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  if (webhook.enabled) return <span className="badge badge--info">{t('webhooks.enabled')}</span>;
  return (
    <>
      <span className="badge badge--danger">{t('webhooks.disabled')}</span>
      {webhook.disabled_reason && <span className="muted"> {webhook.disabled_reason}</span>}
    </>
  );
}
