// A stable id for this browser as a scanning station, kept in localStorage (it names a
// place, not a person), sent as X-Device-Id so the history says where a scan came from.
import { newIdempotencyKey } from '../../lib/api/idempotency';

const STATION_ID_KEY = 'tracetrack.station_id';

export function stationId(): string {
  try {
    const existing = window.localStorage.getItem(STATION_ID_KEY);
    if (existing) return existing;
    const created = `station-${newIdempotencyKey().slice(0, 8)}`;
    window.localStorage.setItem(STATION_ID_KEY, created);
    return created;
  } catch {
    return 'station-unknown';
  }
}
