// Station mode: the packing workspace alone on the screen, for a fixed scanner at a packing
// table. No navigation to wander into; only who is signed in, the station id and a way out.
import { useMemo } from 'react';
import { Link } from 'react-router';

import { useCurrentUser } from '../../../lib/auth/useCurrentUser';
import { stationId } from '../station-id';
import { PackingWorkspace } from './PackingWorkspace';

function toggleFullscreen() {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}

export function StationScreen() {
  const user = useCurrentUser();
  const device_id = useMemo(stationId, []);
  if (!user) return null;

  return (
    <main className="station" aria-label="Packing station">
      <header className="station__bar">
        <span className="station__who">
          {user.display_name || user.username}
          {user.area ? ` · ${user.area}` : ''} · {device_id}
        </span>
        <span className="station__tools">
          <button type="button" className="button button--small" onClick={toggleFullscreen}>
            Full screen
          </button>
          <Link to="/scan" className="button button--small">
            Exit station
          </Link>
        </span>
      </header>
      <PackingWorkspace area={null} device_id={device_id} />
    </main>
  );
}
