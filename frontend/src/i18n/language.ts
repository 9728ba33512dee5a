// Which language the screens speak. Signed in, the account's own `language` (it follows a
// person to any scanner they sign in on); before sign-in, the choice last made on this browser
// (localStorage), else English.
import { asLanguage, DEFAULT_LANGUAGE, i18n, loadLanguage, type Language } from './index';

export const LANGUAGE_KEY = 'tracetrack.language';

/** The part of Web Storage this needs (localStorage, or a fake in tests). */
export interface LanguageStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function browserLanguageStorage(): LanguageStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

export function storedLanguage(storage: LanguageStorage | null = browserLanguageStorage()): Language | null {
  try {
    return asLanguage(storage?.getItem(LANGUAGE_KEY));
  } catch {
    return null;
  }
}

/** Kept for the sign-in screen of this browser; storage that throws keeps it until a reload. */
export function rememberLanguage(language: Language, storage: LanguageStorage | null = browserLanguageStorage()): void {
  try {
    storage?.setItem(LANGUAGE_KEY, language);
  } catch {
    // not kept
  }
}

/** The account's language when signed in (and the server says one), else this browser's choice. */
export function wantedLanguage(user: object | null, stored: Language | null): Language {
  const own = user && 'language' in user ? user.language : null;
  return asLanguage(own) ?? stored ?? DEFAULT_LANGUAGE;
}

let wanted: Language = DEFAULT_LANGUAGE;
let applied: Promise<void> = Promise.resolve();

/**
 * Shows the screens in `language` once its words are loaded (at once for English). The last
 * call wins; when the words cannot be fetched (offline before they ever were) the screens
 * stay as they are.
 */
export function applyLanguage(language: Language): Promise<void> {
  wanted = language;
  // English's sign-in words are always there; the rest of it comes with the first screen after sign-in.
  const words = language === DEFAULT_LANGUAGE ? Promise.resolve() : loadLanguage(language);
  applied = words
    .then(async () => {
      if (wanted === language && i18n.language !== language) await i18n.changeLanguage(language);
    })
    .catch(() => undefined);
  return applied;
}

/** Settles once the language last asked for is on screen (the boot screen waits for it). */
export function languageReady(): Promise<void> {
  return applied;
}

/** The session part this needs: who is signed in, and a call when that changes. */
interface UserSource {
  user(): object | null;
  subscribe(listener: () => void): () => void;
}

/**
 * Applies the wanted language now and whenever the session changes (sign-in, a refresh that
 * describes the user anew, sign-out: back to this browser's choice).
 */
export function followSessionLanguage(session: UserSource, storage: LanguageStorage | null = browserLanguageStorage()): () => void {
  const apply = () => void applyLanguage(wantedLanguage(session.user(), storedLanguage(storage)));
  apply();
  return session.subscribe(apply);
}
