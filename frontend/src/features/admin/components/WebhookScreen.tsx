// One webhook subscription (admin, issue #18): what it sends where, whether it is on (and why
// not), turning it on or off, changing it, deleting it (asked first), and its delivery log.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Loading, ProblemNotice } from '../../../components/Notices';
import { useFormat } from '../../../i18n/useFormat';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import type { Webhook } from '../../../lib/api/types';
import { useDeleteWebhook, useUpdateWebhook, useWebhooks } from '../api/webhooks';
import { toUpdateWebhook, validateWebhookChange, webhookEventLabel, webhookFormFrom } from '../webhook';
import { AdminTabs } from './AdminTabs';
import { DeliveryLog } from './DeliveryLog';
import { WebhookForm } from './WebhookForm';
import { WebhookStatus } from './WebhookStatus';

function WebhookDetails({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<ProblemSummary | null>(null);

  async function toggle() {
    setMessage(null);
    setProblem(null);
    try {
      const changed = await update.mutateAsync({ id: webhook.id, body: { enabled: !webhook.enabled } });
      setMessage(changed.enabled ? t('webhooks.enabledNow') : t('webhooks.disabledNow'));
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  async function confirmDelete() {
    setProblem(null);
    try {
      await remove.mutateAsync(webhook.id);
      navigate('/admin/webhooks', { replace: true });
    } catch (error) {
      setProblem(toProblem(error));
      setDeleting(false);
    }
  }

  return (
    <>
      {message && (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      )}
      {problem && <ProblemNotice problem={problem} />}
      <dl className="details panel" data-testid="webhook-details">
        <dt>{t('webhooks.url')}</dt>
        <dd className="break">{webhook.url}</dd>
        <dt>{t('webhooks.events')}</dt>
        <dd>{webhook.events.map(webhookEventLabel).join(', ')}</dd>
        {webhook.description && (
          <>
            <dt>{t('webhooks.description')}</dt>
            <dd>{webhook.description}</dd>
          </>
        )}
        <dt>{t('webhooks.status')}</dt>
        <dd data-testid="webhook-status" data-enabled={String(webhook.enabled)}>
          <WebhookStatus webhook={webhook} />
        </dd>
        <dt>{t('webhooks.pending')}</dt>
        <dd>{format.number(webhook.pending)}</dd>
        <dt>{t('webhooks.failed')}</dt>
        <dd>{format.number(webhook.failed)}</dd>
        <dt>{t('webhooks.lastDelivered')}</dt>
        <dd>{webhook.last_delivered_at ? format.instant(webhook.last_delivered_at) : t('webhooks.never')}</dd>
        <dt>{t('webhooks.createdAt')}</dt>
        <dd>{format.instant(webhook.created_at)}</dd>
      </dl>
      <div className="form__actions actions-row">
        <button type="button" className="button" disabled={update.isPending} onClick={() => void toggle()}>
          {webhook.enabled ? t('webhooks.disable') : t('webhooks.enable')}
        </button>
        {!editing && (
          <button type="button" className="button" onClick={() => setEditing(true)}>
            {t('webhooks.edit')}
          </button>
        )}
        <button type="button" className="button button--danger" onClick={() => setDeleting(true)}>
          {t('webhooks.delete')}
        </button>
      </div>
      {editing && (
        <WebhookForm
          title={t('webhooks.editTitle')}
          initial={webhookFormFrom(webhook)}
          submitLabel={t('webhooks.save')}
          busy={update.isPending}
          validate={(values) => validateWebhookChange(values, webhook)}
          onCancel={() => setEditing(false)}
          onSubmit={async (values) => {
            const body = toUpdateWebhook(values, webhook);
            if (Object.keys(body).length > 0) await update.mutateAsync({ id: webhook.id, body });
            setEditing(false);
            setMessage(t('webhooks.saved'));
          }}
        />
      )}
      <ConfirmDialog
        open={deleting}
        title={t('webhooks.deleteQuestion')}
        confirmLabel={t('webhooks.delete')}
        danger
        busy={remove.isPending}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(false)}
      >
        <p className="break">{webhook.url}</p>
        <p>{t('webhooks.deleteExplained')}</p>
      </ConfirmDialog>
    </>
  );
}

export function WebhookScreen() {
  const { t } = useTranslation();
  const { id } = useParams();
  const webhooks = useWebhooks();
  const webhook = webhooks.data?.find((candidate) => candidate.id === id);

  return (
    <section className="page" aria-labelledby="webhook-title">
      <h1 id="webhook-title">{t('webhooks.one')}</h1>
      <AdminTabs />
      <p>
        <Link to="/admin/webhooks">{t('webhooks.backToList')}</Link>
      </p>
      {webhooks.isPending ? (
        <Loading label={t('webhooks.loading')} />
      ) : webhooks.isError ? (
        <ProblemNotice problem={toProblem(webhooks.error)} onRetry={() => void webhooks.refetch()} />
      ) : !webhook ? (
        <p className="notice notice--error">{t('webhooks.notFound')}</p>
      ) : (
        <>
          <WebhookDetails webhook={webhook} />
          <DeliveryLog webhook={webhook} />
        </>
      )}
    </section>
  );
}
