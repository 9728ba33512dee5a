// Days and instants as the API takes them. Days (`YYYY-MM-DD`: the end-of-day report's
// `date`, the activity chart's day) are the site's calendar days, in the site's time zone
// (GET /site), not UTC days and not the browser's. Instants are RFC 3339. A person types
// wall-clock times (`<input type="datetime-local">`) that mean the site's clock too, whatever
// zone the phone is set to: converted here with Intl, which knows every IANA zone.

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const PARTS_FORMATS = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = PARTS_FORMATS.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    PARTS_FORMATS.set(key, format);
  }
  return format;
}

/** The wall clock in `timeZone` at `at` (the browser's zone when the zone is null or unknown to it). */
export function wallClock(at: Date, timeZone: string | null): WallClock {
  let format: Intl.DateTimeFormat;
  try {
    format = partsFormat(timeZone ?? undefined);
  } catch {
    format = partsFormat(undefined); // RangeError: a zone this browser does not know
  }
  const value = (type: Intl.DateTimeFormatPartTypes) => Number(format.formatToParts(at).find((part) => part.type === type)?.value ?? 0);
  return { year: value('year'), month: value('month'), day: value('day'), hour: value('hour'), minute: value('minute'), second: value('second') };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar day at `at` in `timeZone`, `YYYY-MM-DD`. */
export function dayIn(timeZone: string | null, at: Date = new Date()): string {
  const clock = wallClock(at, timeZone);
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}`;
}

/** The hour (`00`–`23`) of an instant on the clock of `timeZone`. */
export function hourIn(timeZone: string | null, at: Date): string {
  return pad(wallClock(at, timeZone).hour);
}

/** How far `timeZone` is ahead of UTC at `at`, in milliseconds. */
function offsetMs(at: Date, timeZone: string | null): number {
  const clock = wallClock(at, timeZone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

const INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * `2026-11-28T09:30` on the clock of `timeZone` → RFC 3339 (UTC); null when empty or not a
 * time. A wall time that a daylight-saving change skips or repeats takes the zone's offset
 * after the change.
 */
export function zonedInputToIso(value: string, timeZone: string | null): string | null {
  const match = INPUT.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(wall)) return null;
  const first = wall - offsetMs(new Date(wall), timeZone);
  const instant = wall - offsetMs(new Date(first), timeZone);
  return new Date(instant).toISOString();
}

/** RFC 3339 → what a `datetime-local` input shows on the clock of `timeZone` (to the minute); '' when unset. */
export function isoToZonedInput(iso: string | null, timeZone: string | null): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const clock = wallClock(at, timeZone);
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}T${pad(clock.hour)}:${pad(clock.minute)}`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a calendar day `YYYY-MM-DD` that exists (no 31 November). */
export function isDay(value: string | null | undefined): value is string {
  const match = value ? DAY.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The calendar day after `day` (`2026-11-30` → `2026-12-01`). */
export function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

/** The instant a site's day begins (its midnight in `timeZone`), RFC 3339; null when `day` is not a day. */
export function dayStartIso(day: string, timeZone: string | null): string | null {
  return isDay(day) ? zonedInputToIso(`${day}T00:00`, timeZone) : null;
}

/**
 * A range of the site's days, both included, as the instants the API's `from` (inclusive) and
 * `to` (exclusive) take: from the first day's midnight to the midnight after the last day.
 */
export function dayRangeInstants(range: { from: string | null; to: string | null }, timeZone: string | null): { from: string | null; to: string | null } {
  return {
    from: range.from ? dayStartIso(range.from, timeZone) : null,
    to: range.to && isDay(range.to) ? dayStartIso(nextDay(range.to), timeZone) : null,
  };
}

/** Whether a range of days is the wrong way round (the last day before the first): it would only ever show nothing. */
export function isBackwardDayRange(range: { from: string | null; to: string | null }): boolean {
  return isDay(range.from) && isDay(range.to) && range.to < range.from;
}
