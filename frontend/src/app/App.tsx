import { useEffect, useState } from 'react';
import { BrowserRouter } from 'react-router';

import { Loading } from '../components/Notices';
import { restoreSession } from '../features/auth/api/session-actions';
import { AppProviders } from './providers';
import { AppRoutes } from './routes';

export function App() {
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    void restoreSession().finally(() => setRestored(true));
  }, []);

  return (
    <AppProviders>
      {restored ? (
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      ) : (
        <main className="boot">
          <Loading label="Starting TraceTrack…" />
        </main>
      )}
    </AppProviders>
  );
}
