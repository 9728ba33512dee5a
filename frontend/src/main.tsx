import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app/App';
import './i18n';
import { followSessionLanguage } from './i18n/language';
import { session } from './lib/api/client';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// The app shell works offline once the service worker is in (see sw/service-worker.js).
// Browsers allow service workers on HTTPS and on localhost only; elsewhere this does nothing.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  });
}

// The account's language once signed in, this browser's choice before.
followSessionLanguage(session);

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
