// Webhook subscriptions (admin, issue #18): the form's body for creating one (`CreateWebhook`)
// or changing one (`UpdateWebhook`: only what changed), checked against the schemas generated
// from the OpenAPI document; the event types and delivery states in words; the delivery log's
// pages. The server's `details.fields` land on the same fields (its URL rules among them:
// https, or plain http to this machine in development only).
import { t } from '../../i18n';
import type { ProblemSummary } from '../../lib/api/problem';
import type { CreateWebhook, Delivery, UpdateWebhook, Webhook, WebhookEvent } from '../../lib/api/types';
import { checkBody } from '../../lib/api/validation';

/** Each event type with the key of its words (`webhooks.event.*`), in the order the form offers them. */
const EVENT_WORDS = {
  'parent.completed': 'parent_completed',
  'bill.created': 'bill_created',
  'bill.completed': 'bill_completed',
  'bill.reopened': 'bill_reopened',
  'bill.deleted': 'bill_deleted',
  'return.created': 'return_created',
  'return.finalized': 'return_finalized',
  'return.cancelled': 'return_cancelled',
  'bag.deleted': 'bag_deleted',
  'import.finished': 'import_finished',
} as const satisfies Record<WebhookEvent, string>;

export const WEBHOOK_EVENTS = Object.keys(EVENT_WORDS) as WebhookEvent[];

export function webhookEventLabel(event: WebhookEvent): string {
  return t(`webhooks.event.${EVENT_WORDS[event]}`);
}

/** A delivery's `type` in words; a type newer than this screen as the server wrote it. */
export function deliveryTypeLabel(type: string): string {
  const known = WEBHOOK_EVENTS.find((event) => event === type);
  return known ? webhookEventLabel(known) : type;
}

export interface WebhookFormValues {
  url: string;
  events: WebhookEvent[];
  description: string;
}

export type WebhookField = keyof WebhookFormValues;
export type WebhookFieldErrors = Partial<Record<WebhookField, string>>;

export const WEBHOOK_FIELDS: WebhookField[] = ['url', 'events', 'description'];
export const EMPTY_WEBHOOK_FORM: WebhookFormValues = { url: '', events: [], description: '' };

export function webhookFormFrom(webhook: Webhook): WebhookFormValues {
  return { url: webhook.url, events: inOrder(webhook.events), description: webhook.description };
}

/** Event types in the order the form offers them. */
function inOrder(events: readonly WebhookEvent[]): WebhookEvent[] {
  return WEBHOOK_EVENTS.filter((event) => events.includes(event));
}

/** The form with `event` ticked or not, kept in the order offered. */
export function withEvent(values: WebhookFormValues, event: WebhookEvent, on: boolean): WebhookFormValues {
  const chosen = new Set(values.events);
  if (on) chosen.add(event);
  else chosen.delete(event);
  return { ...values, events: WEBHOOK_EVENTS.filter((known) => chosen.has(known)) };
}

export function toCreateWebhook(values: WebhookFormValues): CreateWebhook {
  return { url: values.url.trim(), events: inOrder(values.events), description: values.description.trim() };
}

/** Only the fields that differ from the subscription as it is. */
export function toUpdateWebhook(values: WebhookFormValues, webhook: Webhook): UpdateWebhook {
  const next = toCreateWebhook(values);
  const body: UpdateWebhook = {};
  if (next.url !== webhook.url) body.url = next.url;
  if (next.description !== webhook.description) body.description = next.description;
  if (next.events.join() !== inOrder(webhook.events).join()) body.events = next.events;
  return body;
}

function ownChecks(values: WebhookFormValues): WebhookFieldErrors {
  const first: WebhookFieldErrors = {};
  if (values.url.trim() === '') first.url = t('validation.required');
  if (values.events.length === 0) first.events = t('webhooks.errors.noEvent');
  return first;
}

export function validateNewWebhook(values: WebhookFormValues): WebhookFieldErrors {
  return checkBody('CreateWebhook', toCreateWebhook(values), WEBHOOK_FIELDS, { first: ownChecks(values) });
}

export function validateWebhookChange(values: WebhookFormValues, webhook: Webhook): WebhookFieldErrors {
  return checkBody('UpdateWebhook', toUpdateWebhook(values, webhook), WEBHOOK_FIELDS, { first: ownChecks(values) });
}

export function serverWebhookErrors(problem: ProblemSummary): WebhookFieldErrors {
  const errors: WebhookFieldErrors = {};
  for (const field of WEBHOOK_FIELDS) {
    const message = problem.fields[field];
    if (message) errors[field] = message;
  }
  return errors;
}

/** A delivery's state, as the log's filter sends it. */
export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export function asDeliveryState(value: string | null | undefined): DeliveryState | null {
  return DELIVERY_STATES.find((state) => state === value) ?? null;
}

/** `pending`, `delivered`, `failed` in words; a newer state as the server wrote it. */
export function deliveryStateLabel(state: string): string {
  const known = asDeliveryState(state);
  return known ? t(`webhooks.state.${known}`) : state;
}

export const DELIVERY_PAGE_SIZE = 50;

/**
 * Whether deliveries can be sent again: not while the subscription is disabled (that answers
 * 409 `webhook_disabled`). A pending one may be: it is then sent at once, not at its next attempt.
 */
export function canRedeliver(webhook: Webhook): boolean {
  return webhook.enabled;
}

/** Whether a page of the log still waits on the receiver (the log then asks again by itself). */
export function hasPending(pages: readonly (readonly Delivery[])[]): boolean {
  return pages.some((page) => page.some((delivery) => delivery.state === 'pending'));
}

/** The next page of the log starts before the last delivery of a full page; a short page is the end. */
export function nextDeliveryPage(page: readonly Delivery[], pageSize = DELIVERY_PAGE_SIZE): number | undefined {
  const last = page.at(-1);
  return page.length >= pageSize && last ? last.id : undefined;
}

/** A receiver's answer cut to what a table cell shows; the whole excerpt stays behind "Details". */
export function responseExcerpt(text: string | null | undefined, length = 80): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
