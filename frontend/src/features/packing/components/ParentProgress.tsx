// The parent being packed, with the count `17/30` big enough to read from a metre away. The
// count includes children scanned but not sent yet (marked so), and the box shows the answer
// to the last scan too: its colour and shape frame the count.
import { useTranslation } from 'react-i18next';

import { packingStatusLabel } from '../../../i18n/labels';
import type { Bag } from '../../../lib/api/types';
import { FeedbackIcon, feedbackIcon, type Feedback } from '../../scanning';
import { progressOf } from '../packing';

interface ParentProgressProps {
  /** The parent as the server last described it. */
  parent: Bag | null;
  /** Children scanned into it that are not sent yet. */
  unsent: number;
  /** A parent scanned but not opened yet (no connection). */
  pendingParent: string | null;
  /** The answer to the last scan, shown on the counter too. */
  last: Feedback | null;
}

export function ParentProgress({ parent, unsent, pendingParent, last }: ParentProgressProps) {
  const { t } = useTranslation();
  if (pendingParent) {
    return (
      <section className="parent parent--pending-send" aria-label={t('packing.currentParent')} data-testid="current-parent" data-state="warning">
        <div className="parent__head">
          <span className="parent__qr">{pendingParent}</span>
          <span className="parent__meta">{t('packing.notOpenedYet')}</span>
        </div>
        <p className="parent__count" data-testid="parent-count" aria-label={t('packing.childrenNotSent', { count: unsent })}>
          +{unsent}
        </p>
        <p className="parent__unsent" data-testid="parent-unsent">
          <FeedbackIcon icon="clock" className="parent__state-icon" /> {t('packing.notSentYet', { count: unsent })}
        </p>
      </section>
    );
  }
  if (!parent) {
    return (
      <section className="parent parent--none" aria-label={t('packing.currentParent')}>
        <p className="parent__prompt">{t('packing.scanParentToStart')}</p>
      </section>
    );
  }
  const progress = progressOf(parent);
  const count = progress.count + unsent;
  const percent = Math.round(Math.min(1, progress.max > 0 ? count / progress.max : 0) * 100);
  const confirmedPercent = Math.round(progress.ratio * 100);
  const status = count >= progress.max && progress.max > 0 ? 'completed' : parent.status;
  return (
    <section
      className={`parent parent--${status}`}
      aria-label={t('packing.currentParent')}
      data-testid="current-parent"
      data-state={last?.colour ?? 'idle'}
    >
      <div className="parent__head">
        <span className="parent__qr">{parent.qr}</span>
        <span className="parent__meta">
          {parent.parent_type ?? ''} · {packingStatusLabel(status)}
          {parent.area ? ` · ${parent.area}` : ''}
          {parent.bill_id ? ` · ${t('packing.onBill', { bill: parent.bill_id })}` : ''}
        </span>
      </div>
      <p className="parent__count" data-testid="parent-count" aria-label={t('packing.countOf', { count, max: progress.max })}>
        {count}/{progress.max}
      </p>
      {unsent > 0 && (
        <p className="parent__unsent" data-testid="parent-unsent">
          <FeedbackIcon icon="clock" className="parent__state-icon" /> {t('packing.ofTheseNotSent', { count: unsent })}
        </p>
      )}
      {last && (
        <p className={`parent__state parent__state--${last.colour}`} data-testid="parent-state">
          <FeedbackIcon icon={feedbackIcon(last)} className="parent__state-icon" /> {t(`packing.lastState.${last.tone}`)}
        </p>
      )}
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={progress.max} aria-valuenow={count} aria-label={t('packing.childrenPacked')}>
        <div className="progress__bar progress__bar--unsent" style={{ width: `${percent}%` }} />
        <div className="progress__bar progress__bar--sent" style={{ width: `${confirmedPercent}%` }} />
      </div>
    </section>
  );
}
