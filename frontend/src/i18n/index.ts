// The SPA's words in every language it speaks (English, Hindi), through i18next. Every string
// a person reads comes from `en.json` / `hi.json` by key; nothing but brand names and codes
// (QRs, bill ids, SB00017) is written in a component. The first load carries only the English
// words of the sign-in screen (`virtual:i18n-boot`, cut from en.json at build time: a slow
// phone shows that screen sooner); the rest of English comes with the first screen after
// sign-in (`wordsReady`), and another language is its own chunk, fetched the first time it is
// wanted. The service worker keeps them all, so switching works offline afterwards. English is
// the default: the language a person chose, or their account's, wins.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import boot from 'virtual:i18n-boot';

import type en from './en.json';

export const LANGUAGES = ['en', 'hi'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language named in its own words: the switch shows these whatever the language on screen. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', hi: 'हिन्दी' };

/** Each language's words, all of them, loaded when first wanted. */
const LOADERS: Record<Language, () => Promise<{ default: typeof en }>> = {
  en: () => import('./en.json'),
  hi: () => import('./hi.json'),
};

export function asLanguage(value: unknown): Language | null {
  return LANGUAGES.find((language) => language === value) ?? null;
}

void i18n.use(initReactI18next).init({
  // A copy: adding the rest of English later merges into what i18next holds.
  resources: { en: { translation: structuredClone(boot) } },
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  // Synchronous: the resources are here, so the first render already has its words.
  initAsync: false,
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
});

const loading = new Map<Language, Promise<void>>();

/**
 * Makes all of `language`'s words available (once; English's boot words are there from the
 * start). Rejects when its chunk cannot be fetched, and a later call tries again.
 */
export function loadLanguage(language: Language): Promise<void> {
  let words = loading.get(language);
  if (!words) {
    words = LOADERS[language]().then(
      (module) => void i18n.addResourceBundle(language, 'translation', module.default, true, true),
      (error: unknown) => {
        loading.delete(language);
        throw error;
      },
    );
    loading.set(language, words);
  }
  return words;
}

/** Every screen's English (the fallback of every language) is there: screens after sign-in wait for it. */
export function wordsReady(): Promise<void> {
  return loadLanguage(DEFAULT_LANGUAGE).catch(() => undefined);
}

/** The language on screen now. */
export function currentLanguage(): Language {
  return asLanguage(i18n.language) ?? DEFAULT_LANGUAGE;
}

function markDocument(language: string) {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
markDocument(currentLanguage());
i18n.on('languageChanged', markDocument);

/** For code outside components (pure rules, problem texts): the words in the language on screen. */
export const t = i18n.t.bind(i18n);

export { i18n };
