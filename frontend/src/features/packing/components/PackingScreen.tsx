import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { AreaPicker } from './AreaPicker';
import { PackingWorkspace } from './PackingWorkspace';

export function PackingScreen() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [area, setArea] = useState<string | null>(null);
  if (!user) return null;
  const choosesArea = user.role !== 'dispatcher';

  return (
    <section className="page page--scanning" aria-labelledby="packing-title">
      <div className="page__header">
        <h1 id="packing-title">{t('packing.title')}</h1>
        <Link to="/station" className="button button--small">
          {t('packing.stationMode')}
        </Link>
      </div>
      {choosesArea && <AreaPicker value={area} onChange={setArea} />}
      <PackingWorkspace area={choosesArea ? area : null} device_id={null} owner={user.id} />
    </section>
  );
}
