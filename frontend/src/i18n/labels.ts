// Words for the values the API sends as plain strings (a bag's, a bill's, a ticket's status):
// the known ones in the language on screen, anything newer as the server sent it.
import { t } from './index';

const BAG_STATUSES = ['pending', 'in_progress', 'completed', 'unlinked', 'linked'] as const;
const BILL_STATUSES = ['new', 'processing', 'completed'] as const;
const RETURN_STATUSES = ['open', 'committed', 'cancelled'] as const;

function known<T extends string>(values: readonly T[], value: string): T | null {
  return values.find((candidate) => candidate === value) ?? null;
}

export function bagStatusLabel(status: string): string {
  const value = known(BAG_STATUSES, status);
  return value ? t(`bagStatus.${value}`) : status.replace(/_/g, ' ');
}

/** The packing screen's words for its parent: empty, packing, complete. */
export function packingStatusLabel(status: string): string {
  const value = known(BAG_STATUSES, status);
  return value ? t(`packing.status.${value}`) : status.replace(/_/g, ' ');
}

export function billStatusLabel(status: string): string {
  const value = known(BILL_STATUSES, status);
  return value ? t(`billStatus.${value}`) : status;
}

export function returnStatusLabel(status: string): string {
  const value = known(RETURN_STATUSES, status);
  return value ? t(`returnStatus.${value}`) : status;
}
