// Scans that are waiting to be sent, shown only while there are some: how many, each code
// (oldest first), and "Retry now" while the connection is down.
import { useTranslation } from 'react-i18next';

import type { ScanQueueState } from '../scan-queue';

export function QueueStatus({ queue, onRetry }: { queue: ScanQueueState; onRetry: () => void }) {
  const { t } = useTranslation();
  if (queue.waiting === 0) return null;
  const count = queue.waiting;
  return (
    <div className={queue.offline ? 'queue queue--offline' : 'queue'} role="status" aria-live="polite" data-testid="queue-status">
      {queue.offline ? (
        <>
          <span>{t('queue.offline', { count })}</span>
          <button type="button" className="button button--small" onClick={onRetry}>
            {t('queue.retryNow')}
          </button>
        </>
      ) : (
        <span>{t('queue.sending', { count })}</span>
      )}
      {queue.offline && (
        <ol className="queue__list" aria-label={t('queue.notSentYet')} data-testid="queue-list">
          {queue.scans.map((scan, index) => (
            <li key={`${index}-${scan.code}`}>
              <span className="queue__code">{scan.code}</span> <span className="queue__mark">{t('queue.notSentMark')}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
