// Days and instants as the API takes them: days are UTC (`YYYY-MM-DD`), instants RFC 3339.
// A person types local times (`<input type="datetime-local">`), so those are converted here.

/** Today as the API counts days (UTC), `YYYY-MM-DD`. */
export function utcDay(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** `2026-11-28T09:30` typed in local time → RFC 3339 (UTC); null when empty or not a time. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** RFC 3339 → what a `datetime-local` input shows (local time, to the minute); '' when unset. */
export function isoToLocalInput(iso: string | null): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
