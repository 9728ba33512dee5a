import { describe, expect, it } from 'vitest';

import type { Delivery, Webhook } from '../../lib/api/types';
import {
  canRedeliver, deliveryStateLabel, deliveryTypeLabel, EMPTY_WEBHOOK_FORM, hasPending, nextDeliveryPage, responseExcerpt,
  toCreateWebhook, toUpdateWebhook, validateNewWebhook, validateWebhookChange, WEBHOOK_EVENTS, webhookEventLabel,
  webhookFormFrom, withEvent,
} from './webhook';

const webhook: Webhook = {
  id: 'w1', url: 'https://erp.example.com/hook', events: ['bill.completed', 'parent.completed'], description: 'ERP',
  enabled: true, created_by: 'u', created_at: '2026-11-30T10:00:00Z', pending: 0, failed: 0,
};

const delivery = (id: number, state = 'delivered'): Delivery => ({
  id, message_id: `msg_${id}`, type: 'bill.completed', occurred_at: '2026-11-30T10:00:00Z', state, attempts: 1,
  payload: { type: 'bill.completed', timestamp: '2026-11-30T10:00:00Z', data: { event_id: id, kind: 'bill_completed', details: {} } },
});

describe('the webhook form', () => {
  it('offers every event type in words, in a fixed order', () => {
    expect(WEBHOOK_EVENTS).toHaveLength(10);
    expect(webhookEventLabel('return.finalized')).toBe('Return finalised');
    expect(deliveryTypeLabel('import.finished')).toBe('Import finished');
    expect(deliveryTypeLabel('bag.exploded')).toBe('bag.exploded');
    const values = withEvent(withEvent(EMPTY_WEBHOOK_FORM, 'import.finished', true), 'parent.completed', true);
    expect(values.events).toEqual(['parent.completed', 'import.finished']);
    expect(withEvent(values, 'parent.completed', false).events).toEqual(['import.finished']);
  });

  it('checks a new subscription: a URL, at least one event, the document’s lengths', () => {
    expect(validateNewWebhook({ url: 'http://127.0.0.1:9000/hook', events: ['bill.completed'], description: '' })).toEqual({});
    expect(validateNewWebhook(EMPTY_WEBHOOK_FORM)).toEqual({ url: 'is required', events: 'choose at least one' });
    expect(validateNewWebhook({ url: 'http:/', events: ['bill.completed'], description: 'x'.repeat(201) })).toEqual({
      url: 'must be at least 8 characters',
      description: 'must be at most 200 characters',
    });
    expect(validateNewWebhook({ url: 'ftp://erp.example.com/hook', events: ['bill.completed'], description: '' })).toEqual({
      url: 'must start with https:// (http:// only to this machine, for testing), with no spaces',
    });
    expect(toCreateWebhook({ url: ' https://a.example/h ', events: ['bag.deleted'], description: ' d ' })).toEqual({
      url: 'https://a.example/h', events: ['bag.deleted'], description: 'd',
    });
  });

  it('sends only what changed', () => {
    const values = webhookFormFrom(webhook);
    expect(toUpdateWebhook(values, webhook)).toEqual({});
    // The same events in another order are no change.
    expect(toUpdateWebhook(withEvent(values, 'bill.completed', true), { ...webhook, events: ['parent.completed', 'bill.completed'] })).toEqual({});
    expect(toUpdateWebhook({ ...values, description: 'ERP (new)', events: ['bill.completed'] }, webhook)).toEqual({
      description: 'ERP (new)', events: ['bill.completed'],
    });
    expect(validateWebhookChange({ ...values, events: [] }, webhook)).toEqual({ events: 'choose at least one' });
  });
});

describe('the delivery log', () => {
  it('asks for the next page before the last id of a full page, and stops after a short one', () => {
    expect(nextDeliveryPage([delivery(9), delivery(8)], 2)).toBe(8);
    expect(nextDeliveryPage([delivery(7)], 2)).toBeUndefined();
    expect(nextDeliveryPage([], 2)).toBeUndefined();
  });

  it('says the states in words, and looks again while a delivery waits', () => {
    expect(deliveryStateLabel('failed')).toBe('Given up');
    expect(deliveryStateLabel('exploded')).toBe('exploded');
    expect(hasPending([[delivery(2)], [delivery(1, 'pending')]])).toBe(true);
    expect(hasPending([[delivery(2, 'failed')]])).toBe(false);
  });

  it('sends again only while the subscription is on (else the server answers webhook_disabled)', () => {
    expect(canRedeliver(webhook)).toBe(true);
    expect(canRedeliver({ ...webhook, enabled: false, disabled_reason: 'failing' })).toBe(false);
  });

  it('cuts a receiver’s answer to one short line', () => {
    expect(responseExcerpt('{"ok":\n  true}')).toBe('{"ok": true}');
    expect(responseExcerpt('a'.repeat(100), 10)).toBe(`${'a'.repeat(9)}…`);
    expect(responseExcerpt(null)).toBe('');
  });
});
