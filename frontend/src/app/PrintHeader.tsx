// Only on paper: the site (its name, as on its bills), who printed and when (on the site's
// clock). The time is taken when the browser is about to print, not when the screen opened.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useFormat } from '../i18n/useFormat';
import { useSite } from '../lib/api/site';

export function PrintHeader({ who }: { who: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const site = useSite();
  const [at, setAt] = useState(() => new Date());
  useEffect(() => {
    const stamp = () => setAt(new Date());
    window.addEventListener('beforeprint', stamp);
    return () => window.removeEventListener('beforeprint', stamp);
  }, []);
  return (
    <p className="print-only print-header">
      {site.data?.name || 'TraceTrack'} · {t('print.printed', { time: format.instant(at, 'longDateTime'), who })}
    </p>
  );
}
