import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';

import { Loading } from '../components/Notices';
import { restoreSession } from '../features/auth/api/session-actions';
import { wordsReady } from '../i18n';
import { languageReady } from '../i18n/language';
import { AppProviders } from './providers';
import { AppRoutes } from './routes';

export function App() {
  const { t } = useTranslation();
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    // The user's own language is on screen from the first screen on, not after a flash of English.
    void restoreSession()
      .then(languageReady)
      .finally(() => setRestored(true));
  }, []);

  useEffect(() => {
    if (!restored) return undefined;
    // Every screen's words, fetched while the person signs in, once the first screen is drawn.
    const timer = setTimeout(() => void wordsReady(), 500);
    return () => clearTimeout(timer);
  }, [restored]);

  return (
    <AppProviders>
      {restored ? (
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      ) : (
        <main className="boot">
          <Loading label={t('app.starting')} />
        </main>
      )}
    </AppProviders>
  );
}
