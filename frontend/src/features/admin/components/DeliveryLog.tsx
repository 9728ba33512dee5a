// One subscription's delivery log, newest first, page by page: each message's event, state,
// attempts, the receiver's last status, error and answer, the next attempt and when it was
// delivered, with "Send again". Pending deliveries are asked for again every few seconds.
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

import { DataTable, type Column } from '../../../components/DataTable';
import { ChoiceFilter, FilterBar } from '../../../components/FilterBar';
import { ProblemNotice } from '../../../components/Notices';
import { PagedList } from '../../../components/PagedList';
import { useFormat, type Formatters } from '../../../i18n/useFormat';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import type { Delivery, Webhook } from '../../../lib/api/types';
import { useDeliveries, useRedeliver, useRefreshWebhooks } from '../api/webhooks';
import {
  canRedeliver, DELIVERY_STATES, deliveryStateLabel, deliveryTypeLabel, responseExcerpt, type DeliveryState,
} from '../webhook';

const STATE_BADGE: Record<string, string> = { delivered: 'badge badge--info', failed: 'badge badge--danger', pending: 'badge badge--warning' };

function columns(t: TFunction, format: Formatters, webhook: Webhook, busy: number | null, send: (delivery: Delivery) => void): Column<Delivery>[] {
  const when = (at: string | null | undefined) => (at ? format.instant(at, 'dateTimeSeconds') : '—');
  return [
    {
      header: t('webhooks.log.event'),
      cell: (delivery) => (
        <>
          <strong>{deliveryTypeLabel(delivery.type)}</strong>
          <div className="muted">{when(delivery.occurred_at)}</div>
          <div className="muted"><code>{delivery.message_id}</code></div>
        </>
      ),
    },
    { header: t('webhooks.log.state'), cell: (delivery) => <span className={STATE_BADGE[delivery.state] ?? 'badge'}>{deliveryStateLabel(delivery.state)}</span> },
    { header: t('webhooks.log.attempts'), cell: (delivery) => format.number(delivery.attempts), className: 'table__number' },
    { header: t('webhooks.log.lastStatus'), cell: (delivery) => (delivery.last_status == null ? '—' : String(delivery.last_status)) },
    {
      header: t('webhooks.log.lastAnswer'),
      cell: (delivery) => (
        <>
          {delivery.last_error && <div className="field__error">{delivery.last_error}</div>}
          {delivery.last_response && (
            <details>
              <summary>{responseExcerpt(delivery.last_response)}</summary>
              <pre className="response">{delivery.last_response}</pre>
            </details>
          )}
          {!delivery.last_error && !delivery.last_response && '—'}
        </>
      ),
    },
    { header: t('webhooks.log.nextAttempt'), cell: (delivery) => when(delivery.next_attempt_at) },
    { header: t('webhooks.log.deliveredAt'), cell: (delivery) => when(delivery.delivered_at) },
    {
      header: t('common.actions'),
      headerHidden: true,
      cell: (delivery) => (
        <button
          type="button"
          className="button button--small"
          disabled={!canRedeliver(webhook) || busy === delivery.id}
          title={canRedeliver(webhook) ? undefined : t('webhooks.log.enableFirst')}
          onClick={() => send(delivery)}
        >
          {busy === delivery.id ? t('common.working') : t('webhooks.log.sendAgain')}
        </button>
      ),
    },
  ];
}

export function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [state, setState] = useState<DeliveryState | null>(null);
  const log = useDeliveries(webhook.id, state);
  const redeliver = useRedeliver();
  const refresh = useRefreshWebhooks();
  const [busy, setBusy] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<ProblemSummary | null>(null);

  async function send(delivery: Delivery) {
    setBusy(delivery.id);
    setMessage(null);
    setProblem(null);
    try {
      await redeliver.mutateAsync({ id: webhook.id, deliveryId: delivery.id });
      setMessage(t('webhooks.log.queued', { type: deliveryTypeLabel(delivery.type) }));
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="delivery-log-title" data-testid="delivery-log">
      <div className="page__header">
        <h2 id="delivery-log-title">{t('webhooks.log.title')}</h2>
        <button type="button" className="button" onClick={() => void refresh()} disabled={log.isFetching}>
          {log.isFetching ? t('common.loading') : t('webhooks.log.refresh')}
        </button>
      </div>
      {!webhook.enabled && <p className="notice notice--warning">{t('webhooks.log.disabledNote')}</p>}
      <FilterBar label={t('webhooks.log.filter')}>
        <ChoiceFilter
          id="delivery-state"
          label={t('webhooks.log.state')}
          anyLabel={t('webhooks.log.anyState')}
          choices={DELIVERY_STATES.map((value) => ({ value, label: deliveryStateLabel(value) }))}
          value={state}
          onChange={setState}
        />
      </FilterBar>
      {message && (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      )}
      {problem && <ProblemNotice problem={problem} />}
      <PagedList query={log} loadingLabel={t('webhooks.log.loading')} empty={state ? t('webhooks.log.emptyState') : t('webhooks.log.empty')}>
        {(deliveries) => (
          <DataTable
            caption={t('webhooks.log.title')}
            testId="deliveries"
            className="deliveries"
            columns={columns(t, format, webhook, busy, (delivery) => void send(delivery))}
            rows={deliveries}
            rowKey={(delivery) => delivery.id}
            rowAttributes={(delivery) => ({ 'data-type': delivery.type, 'data-state': delivery.state })}
          />
        )}
      </PagedList>
    </section>
  );
}
