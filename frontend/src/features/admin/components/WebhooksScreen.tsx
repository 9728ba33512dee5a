// Webhook subscriptions (admin, issue #18): each URL with its event types, whether it is on,
// what waits and what failed, and the last delivery; a new subscription (its signing secret
// shown once). One subscription's changes and delivery log are on its own screen.
import { useReducer, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { DataTable, type Column } from '../../../components/DataTable';
import { Empty, Loading, ProblemNotice } from '../../../components/Notices';
import { useFormat, type Formatters } from '../../../i18n/useFormat';
import { toProblem } from '../../../lib/api/problem';
import type { Webhook } from '../../../lib/api/types';
import { useCreateWebhook, useWebhooks } from '../api/webhooks';
import { SECRET_CLOSED, secretDialog } from '../secret-once';
import { EMPTY_WEBHOOK_FORM, toCreateWebhook, validateNewWebhook, webhookEventLabel } from '../webhook';
import { AdminTabs } from './AdminTabs';
import { WebhookStatus } from './WebhookStatus';
import { SecretDialog } from './SecretDialog';
import { WebhookForm } from './WebhookForm';

function columns(t: TFunction, format: Formatters): Column<Webhook>[] {
  return [
    {
      header: t('webhooks.url'),
      cell: (webhook) => (
        <>
          <Link to={`/admin/webhooks/${webhook.id}`} className="break">{webhook.url}</Link>
          {webhook.description && <div className="muted">{webhook.description}</div>}
        </>
      ),
    },
    { header: t('webhooks.events'), cell: (webhook) => webhook.events.map(webhookEventLabel).join(', ') },
    { header: t('webhooks.status'), cell: (webhook) => <WebhookStatus webhook={webhook} /> },
    { header: t('webhooks.pending'), cell: (webhook) => format.number(webhook.pending), className: 'table__number' },
    { header: t('webhooks.failed'), cell: (webhook) => format.number(webhook.failed), className: 'table__number' },
    { header: t('webhooks.lastDelivered'), cell: (webhook) => (webhook.last_delivered_at ? format.instant(webhook.last_delivered_at) : t('webhooks.never')) },
    {
      header: t('common.actions'),
      headerHidden: true,
      cell: (webhook) => (
        <Link to={`/admin/webhooks/${webhook.id}`} className="button button--small">
          {t('webhooks.open')}<span className="visually-hidden"> {webhook.url}</span>
        </Link>
      ),
    },
  ];
}

export function WebhooksScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const webhooks = useWebhooks();
  const create = useCreateWebhook();
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [secret, dispatch] = useReducer(secretDialog, SECRET_CLOSED);

  return (
    <section className="page" aria-labelledby="webhooks-title">
      <div className="page__header">
        <h1 id="webhooks-title">{t('webhooks.title')}</h1>
        {!creating && (
          <button type="button" className="button button--primary" onClick={() => {
            setMessage(null);
            setCreating(true);
          }}>
            {t('webhooks.new')}
          </button>
        )}
      </div>
      <AdminTabs />
      <p className="muted">{t('webhooks.explained')}</p>
      {message && (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      )}
      {creating && (
        <WebhookForm
          title={t('webhooks.new')}
          initial={EMPTY_WEBHOOK_FORM}
          submitLabel={t('webhooks.create')}
          busy={create.isPending}
          validate={validateNewWebhook}
          onCancel={() => setCreating(false)}
          onSubmit={async (values) => {
            const created = await create.mutateAsync(toCreateWebhook(values));
            create.reset(); // the secret lives in the dialog only
            setCreating(false);
            setMessage(t('webhooks.added', { url: created.url }));
            dispatch({ type: 'issued', kind: 'webhook', subject: created.url, secret: created.secret });
          }}
        />
      )}
      {webhooks.isPending ? (
        <Loading label={t('webhooks.loading')} />
      ) : webhooks.isError ? (
        <ProblemNotice problem={toProblem(webhooks.error)} onRetry={() => void webhooks.refetch()} />
      ) : webhooks.data.length === 0 ? (
        <Empty>{t('webhooks.empty')}</Empty>
      ) : (
        <DataTable
          caption={t('webhooks.title')}
          testId="webhooks"
          columns={columns(t, format)}
          rows={webhooks.data}
          rowKey={(webhook) => webhook.id}
          rowAttributes={(webhook) => ({ 'data-url': webhook.url, 'data-enabled': String(webhook.enabled) })}
        />
      )}
      <SecretDialog state={secret} dispatch={dispatch} />
    </section>
  );
}
