// The parent being packed, with the count `17/30` big enough to read from a metre away. The
// count includes children scanned but not sent yet (marked so), and the box shows the answer
// to the last scan too: its colour and shape frame the count.
import type { Bag } from '../../../lib/api/types';
import { FeedbackIcon } from '../../scanning/components/FeedbackIcon';
import { feedbackIcon, type Feedback } from '../../scanning/feedback';
import { progressOf } from '../packing';

const STATUS_LABELS: Record<string, string> = { pending: 'empty', in_progress: 'packing', completed: 'complete' };

const STATE_WORDS: Record<Feedback['tone'], string> = {
  success: 'last scan counted',
  notice: 'nothing changed',
  refusal: 'last scan NOT counted',
  invalid: 'last scan NOT counted',
  warning: 'last scan not sent yet',
  caution: 'check the last scan',
};

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
  if (pendingParent) {
    return (
      <section className="parent parent--pending-send" aria-label="Current parent" data-testid="current-parent" data-state="warning">
        <div className="parent__head">
          <span className="parent__qr">{pendingParent}</span>
          <span className="parent__meta">not opened yet — no connection</span>
        </div>
        <p className="parent__count" data-testid="parent-count" aria-label={`${unsent} children not sent yet`}>
          +{unsent}
        </p>
        <p className="parent__unsent" data-testid="parent-unsent">
          <FeedbackIcon icon="clock" className="parent__state-icon" /> {unsent} not sent yet
        </p>
      </section>
    );
  }
  if (!parent) {
    return (
      <section className="parent parent--none" aria-label="Current parent">
        <p className="parent__prompt">Scan a parent bag to start</p>
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
      aria-label="Current parent"
      data-testid="current-parent"
      data-state={last?.colour ?? 'idle'}
    >
      <div className="parent__head">
        <span className="parent__qr">{parent.qr}</span>
        <span className="parent__meta">
          {parent.parent_type ?? ''} · {STATUS_LABELS[status] ?? status}
          {parent.area ? ` · ${parent.area}` : ''}
          {parent.bill_id ? ` · bill ${parent.bill_id}` : ''}
        </span>
      </div>
      <p className="parent__count" data-testid="parent-count" aria-label={`${count} of ${progress.max} children`}>
        {count}/{progress.max}
      </p>
      {unsent > 0 && (
        <p className="parent__unsent" data-testid="parent-unsent">
          <FeedbackIcon icon="clock" className="parent__state-icon" /> {unsent} of these not sent yet
        </p>
      )}
      {last && (
        <p className={`parent__state parent__state--${last.colour}`} data-testid="parent-state">
          <FeedbackIcon icon={feedbackIcon(last)} className="parent__state-icon" /> {STATE_WORDS[last.tone]}
        </p>
      )}
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={progress.max} aria-valuenow={count} aria-label="Children packed">
        <div className="progress__bar progress__bar--unsent" style={{ width: `${percent}%` }} />
        <div className="progress__bar progress__bar--sent" style={{ width: `${confirmedPercent}%` }} />
      </div>
    </section>
  );
}
