// The dashboard's live stream (`GET /api/v1/stream`): the scans of the last minute as they are
// counted, the last changes, and the figures asked for again when something changed (at most
// once a second). While the stream is down the figures are polled instead (api/stats.ts).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import { renewSession, session } from '../../../lib/api/client';
import { openEventStream, type StreamState } from '../../../lib/api/event-stream';
import { activityMoved, addChange, readLiveMessage, throttle, type LiveActivity, type LiveChange } from '../live';

export const STREAM_PATH = '/api/v1/stream';
/** How long the server may answer GET /stats from its cache (its description: 5 s), and a little. */
const SERVER_CACHE_MS = 5_500;

export interface LiveDashboard {
  state: StreamState;
  activity: LiveActivity | null;
  changes: LiveChange[];
}

export function useLiveDashboard(): LiveDashboard {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');
  const [activity, setActivity] = useState<LiveActivity | null>(null);
  const [changes, setChanges] = useState<LiveChange[]>([]);

  useEffect(() => {
    // The server keeps its figures 5 s: once more after that, so the last change is in them.
    const stats = throttle(() => void queryClient.invalidateQueries({ queryKey: ['stats'], exact: true }), 1000, { settleMs: SERVER_CACHE_MS });
    const chart = throttle(() => void queryClient.invalidateQueries({ queryKey: ['stats', 'activity'] }), 5000, { settleMs: SERVER_CACHE_MS });
    let previous: LiveActivity | null = null;
    let wasPaused = false;

    const stream = openEventStream({
      url: STREAM_PATH,
      accessToken: () => session.accessToken(),
      renew: renewSession,
      onState: (next) => {
        // Back after a gap: what changed meanwhile was not announced here.
        if (next === 'open' && wasPaused) {
          stats.request();
          chart.request();
        }
        if (next === 'paused') wasPaused = true;
        setState(next);
      },
      onMessage: (message) => {
        const live = readLiveMessage(message);
        if (!live) return;
        if (live.type === 'reset') {
          // Changes were missed: the feed has gaps, and the figures are read again.
          setChanges([]);
          stats.request();
          chart.request();
        } else if (live.type === 'activity') {
          if (activityMoved(previous, live.activity)) {
            stats.request();
            chart.request();
          }
          previous = live.activity;
          setActivity(live.activity);
        } else {
          stats.request();
          setChanges((feed) => addChange(feed, live.change));
        }
      },
    });
    const online = () => stream.reconnectNow();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      stream.close();
      stats.cancel();
      chart.cancel();
    };
  }, [queryClient]);

  return { state, activity, changes };
}
