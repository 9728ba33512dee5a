// One line of plain words per history event (SPEC §8), for timelines.
import type { Event } from '../../lib/api/types';

function words(kind: string): string {
  return kind.replace(/_/g, ' ');
}

export function describeEvent(event: Event): string {
  const bag = event.bag_qr ?? '';
  const parent = event.parent_qr ?? '';
  const bill = event.bill_id ?? '';
  switch (event.kind) {
    case 'parent_created':
      return `parent ${bag} created`;
    case 'child_created':
      return `child ${bag} first scanned`;
    case 'child_linked':
      return `${bag} packed into ${parent}`;
    case 'child_unlinked':
      return `${bag} taken out of ${parent}`;
    case 'parent_completed':
      return `parent ${bag || parent} completed`;
    case 'parent_reopened':
      return `parent ${bag || parent} reopened`;
    case 'bag_deleted':
      return `${bag} deleted`;
    case 'bill_parent_added':
      return `${bag || parent} loaded on bill ${bill}`;
    case 'bill_parent_removed':
      return `${bag || parent} taken off bill ${bill}`;
    case 'return_parent_added':
      return `${bag || parent} returned on ${event.return_code ?? 'a return ticket'}`;
    default:
      if (event.kind.startsWith('bill_')) return `bill ${bill} ${words(event.kind.slice(5))}`;
      if (event.kind.startsWith('return_')) return `return ${event.return_code ?? ''} ${words(event.kind.slice(7))}`;
      return words(event.kind);
  }
}

/** "by ravi at station-3", or what is known of it. */
export function eventSource(event: Event): string {
  const parts = [];
  if (event.actor_username) parts.push(`by ${event.actor_username}`);
  if (event.device_id) parts.push(`at ${event.device_id}`);
  return parts.join(' ');
}
