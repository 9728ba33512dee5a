// Numbers and times for people, with Intl: `en-IN` / `hi-IN` (Indian digit grouping,
// 1,00,000), and times on the site's clock (its IANA zone from GET /site), not the browser's.
import { currentLanguage, t, type Language } from './index';

const LOCALES: Record<Language, string> = { en: 'en-IN', hi: 'hi-IN' };

export function localeOf(language: Language = currentLanguage()): string {
  return LOCALES[language];
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = cache.get(key) as T | undefined;
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}, language: Language = currentLanguage()): string {
  const locale = localeOf(language);
  return cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options)).format(value);
}

/** A weight to 0.1 kg: `7,150.5 kg`. */
export function formatKg(kg: number, language: Language = currentLanguage()): string {
  const rounded = Math.round(kg * 10) / 10;
  return t('common.kg', { kg: formatNumber(rounded, { maximumFractionDigits: 1 }, language), lng: language });
}

export type TimeStyle = 'date' | 'time' | 'timeSeconds' | 'dateTime' | 'dateTimeSeconds' | 'longDateTime';

const STYLES: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'medium' },
  time: { timeStyle: 'short' },
  timeSeconds: { timeStyle: 'medium' },
  dateTime: { dateStyle: 'short', timeStyle: 'short' },
  dateTimeSeconds: { dateStyle: 'short', timeStyle: 'medium' },
  longDateTime: { dateStyle: 'medium', timeStyle: 'short' },
};

function dateTimeFormat(style: TimeStyle, timeZone: string | null, language: Language): Intl.DateTimeFormat {
  const locale = localeOf(language);
  return cached(`d|${locale}|${style}|${timeZone ?? ''}`, () => {
    try {
      return new Intl.DateTimeFormat(locale, { ...STYLES[style], timeZone: timeZone ?? undefined });
    } catch {
      // A zone this browser does not know: its own clock, rather than nothing.
      return new Intl.DateTimeFormat(locale, STYLES[style]);
    }
  });
}

/** An instant on the clock of `timeZone` (null: the browser's); '' for a value that is not a time. */
export function formatInstant(
  at: string | number | Date,
  style: TimeStyle,
  timeZone: string | null,
  language: Language = currentLanguage(),
): string {
  const instant = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(instant.getTime())) return '';
  return dateTimeFormat(style, timeZone, language).format(instant);
}

/** A calendar day (`YYYY-MM-DD`, no time of day) as people write it, e.g. `30 Nov 2026`. */
export function formatDay(day: string, language: Language = currentLanguage()): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  // Noon UTC of that day, shown in UTC: the same calendar day in every zone.
  const noon = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  return formatInstant(noon, 'date', 'UTC', language);
}
