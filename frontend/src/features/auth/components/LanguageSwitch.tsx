// "English | हिन्दी": each language named in its own words. Signed in, the choice is saved on
// the account (it follows the person to another scanner); this browser remembers it too, for
// its sign-in screen. Offline or refused, the account's language stays and the reason shows.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { asLanguage, DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, type Language } from '../../../i18n';
import { applyLanguage, rememberLanguage, storedLanguage, wantedLanguage } from '../../../i18n/language';
import { session } from '../../../lib/api/client';
import { toProblem } from '../../../lib/api/problem';
import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { updateOwnLanguage } from '../api/language';

export function LanguageSwitch({ className }: { className?: string }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const current = asLanguage(i18n.language) ?? DEFAULT_LANGUAGE;

  async function choose(language: Language) {
    setProblem(null);
    rememberLanguage(language);
    void applyLanguage(language);
    if (!user) return;
    setBusy(true);
    try {
      await updateOwnLanguage(language);
    } catch (error) {
      // Not saved on the account: the screens stay in the account's language.
      setProblem(toProblem(error).message);
      void applyLanguage(wantedLanguage(session.user(), storedLanguage()));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={className ? `language ${className}` : 'language'}>
      <div role="group" aria-label={t('language.label')} className="language__choices">
        {LANGUAGES.map((language) => (
          <button
            key={language}
            type="button"
            lang={language}
            className="button button--small language__choice"
            aria-pressed={language === current}
            disabled={busy}
            data-language={language}
            onClick={() => language !== current && void choose(language)}
          >
            {LANGUAGE_NAMES[language]}
          </button>
        ))}
      </div>
      {problem && (
        <p className="language__problem" role="alert">
          {t('language.notSaved', { reason: problem })}
        </p>
      )}
    </div>
  );
}
