// Scans that are waiting to be sent, shown only while there are some: how many, each code
// (oldest first), and "Retry now" while the connection is down.
import type { ScanQueueState } from '../scan-queue';

export function QueueStatus({ queue, onRetry }: { queue: ScanQueueState; onRetry: () => void }) {
  if (queue.waiting === 0) return null;
  const scans = `${queue.waiting} scan${queue.waiting === 1 ? '' : 's'}`;
  return (
    <div className={queue.offline ? 'queue queue--offline' : 'queue'} role="status" aria-live="polite" data-testid="queue-status">
      {queue.offline ? (
        <>
          <span>No connection — {scans} kept, sending when it is back.</span>
          <button type="button" className="button button--small" onClick={onRetry}>
            Retry now
          </button>
        </>
      ) : (
        <span>Sending {scans}…</span>
      )}
      {queue.offline && (
        <ol className="queue__list" aria-label="Not sent yet" data-testid="queue-list">
          {queue.scans.map((scan, index) => (
            <li key={`${index}-${scan.code}`}>
              <span className="queue__code">{scan.code}</span> <span className="queue__mark">not sent yet</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
