// Station mode: the packing workspace alone on the screen, for a fixed scanner at a packing
// table. No navigation to wander into; only who is signed in, the station id, the area new
// parents get and a way out. A dispatcher's parents always get their own area; an admin or
// biller picks one here, and the station remembers it (it is where the table stands).
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { setStationArea, stationArea, stationId } from '../station-id';
import { AreaPicker } from './AreaPicker';
import { PackingWorkspace } from './PackingWorkspace';

function toggleFullscreen() {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}

export function StationScreen() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const device_id = useMemo(stationId, []);
  const [area, setArea] = useState(stationArea);
  if (!user) return null;
  const choosesArea = user.role !== 'dispatcher';

  return (
    <main className="station" aria-label={t('station.label')}>
      <header className="station__bar">
        <span className="station__who">
          {user.display_name || user.username}
          {user.area ? ` · ${t('common.areaNamed', { area: user.area })}` : ''} · {device_id}
        </span>
        {choosesArea && (
          <AreaPicker
            value={area}
            onChange={(chosen) => {
              setArea(chosen);
              setStationArea(chosen);
            }}
          />
        )}
        <span className="station__tools">
          <button type="button" className="button button--small" onClick={toggleFullscreen}>
            {t('station.fullScreen')}
          </button>
          <Link to="/scan" className="button button--small">
            {t('station.exit')}
          </Link>
        </span>
      </header>
      <PackingWorkspace area={choosesArea ? area : null} device_id={device_id} owner={user.id} />
    </main>
  );
}
