// One line of plain words per history event (SPEC §8), for timelines, in the language on screen.
import { t } from '../../i18n';
import type { Event } from '../../lib/api/types';
import { EVENT_KINDS } from './history';

function words(kind: string): string {
  return kind.replace(/_/g, ' ');
}

type KnownKind = (typeof EVENT_KINDS)[number];

function isKnownKind(kind: string): kind is KnownKind {
  return EVENT_KINDS.some((known) => known === kind);
}

export function describeEvent(event: Event): string {
  const bag = event.bag_qr ?? '';
  const parent = event.parent_qr ?? '';
  const values = {
    bag: bag || parent,
    parent,
    bill: event.bill_id ?? '',
    ticket: event.return_code ?? t('events.aReturnTicket'),
  };
  if (isKnownKind(event.kind)) return t(`events.what.${event.kind}`, values);
  // A kind newer than this screen: its own words.
  if (event.kind.startsWith('bill_')) return t('events.billOther', { bill: values.bill, what: words(event.kind.slice(5)) });
  if (event.kind.startsWith('return_')) return t('events.returnOther', { ticket: event.return_code ?? '', what: words(event.kind.slice(7)) });
  return words(event.kind);
}

/** "by ravi at station-3", or what is known of it. */
export function eventSource(event: Event): string {
  const parts = [];
  if (event.actor_username) parts.push(t('events.by', { name: event.actor_username }));
  if (event.device_id) parts.push(t('events.at', { device: event.device_id }));
  return parts.join(' ');
}
