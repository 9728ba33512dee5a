// The three states every data view has besides "here it is": loading, empty, failed.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { ProblemSummary } from '../lib/api/problem';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="notice notice--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t('common.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="notice notice--empty">{children}</p>;
}

export function ProblemNotice({ problem, onRetry }: { problem: ProblemSummary; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice--error" role="alert">
      <p>{problem.message}</p>
      {problem.request_id && (
        // For whoever reads the server's logs; the person at the screen needs the message only.
        <details className="notice__detail">
          <summary>{t('common.details')}</summary>
          <p>{t('common.requestId', { id: problem.request_id })}</p>
        </details>
      )}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.tryAgain')}
        </button>
      )}
    </div>
  );
}
