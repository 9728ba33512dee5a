// A stable id for this browser as a scanning station, kept in localStorage (it names a
// place, not a person), sent as X-Device-Id so the history says where a scan came from; and
// the area this station stamps on new parents when an admin or biller signs in at it.
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

const STATION_AREA_KEY = 'tracetrack.station_area';

/** The area chosen at this station for new parents (admins and billers), or null for none. */
export function stationArea(): string | null {
  try {
    return window.localStorage.getItem(STATION_AREA_KEY) || null;
  } catch {
    return null;
  }
}

export function setStationArea(area: string | null): void {
  try {
    if (area) window.localStorage.setItem(STATION_AREA_KEY, area);
    else window.localStorage.removeItem(STATION_AREA_KEY);
  } catch {
    // Not kept: the choice lasts until the page is reloaded.
  }
}
