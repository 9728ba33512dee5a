// Formatting for components: the language on screen and the site's clock, re-rendered when
// either changes.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { useSiteZone } from '../lib/api/site';
import { formatDay, formatInstant, formatNumber, type TimeStyle } from './format';
import { asLanguage, DEFAULT_LANGUAGE } from './index';

export interface Formatters {
  number: (value: number, options?: Intl.NumberFormatOptions) => string;
  instant: (at: string | number | Date, style?: TimeStyle) => string;
  day: (day: string) => string;
  timeZone: string | null;
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const language = asLanguage(i18n.language) ?? DEFAULT_LANGUAGE;
  const timeZone = useSiteZone();
  return useMemo(
    () => ({
      number: (value, options) => formatNumber(value, options, language),
      instant: (at, style = 'dateTime') => formatInstant(at, style, timeZone, language),
      day: (day) => formatDay(day, language),
      timeZone,
    }),
    [language, timeZone],
  );
}
