// The parent being packed, with the count `17/30` big enough to read from a metre away.
import type { Bag } from '../../../lib/api/types';
import { progressOf } from '../packing';

const STATUS_LABELS: Record<string, string> = { pending: 'empty', in_progress: 'packing', completed: 'complete' };

export function ParentProgress({ parent }: { parent: Bag | null }) {
  if (!parent) {
    return (
      <section className="parent parent--none" aria-label="Current parent">
        <p className="parent__prompt">Scan a parent bag to start</p>
      </section>
    );
  }
  const { count, max, ratio } = progressOf(parent);
  const percent = Math.round(ratio * 100);
  return (
    <section className={`parent parent--${parent.status}`} aria-label="Current parent" data-testid="current-parent">
      <div className="parent__head">
        <span className="parent__qr">{parent.qr}</span>
        <span className="parent__meta">
          {parent.parent_type ?? ''} · {STATUS_LABELS[parent.status] ?? parent.status}
          {parent.area ? ` · ${parent.area}` : ''}
          {parent.bill_id ? ` · bill ${parent.bill_id}` : ''}
        </span>
      </div>
      <p className="parent__count" data-testid="parent-count" aria-label={`${count} of ${max} children`}>
        {count}/{max}
      </p>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={max} aria-valuenow={count} aria-label="Children packed">
        <div className="progress__bar" style={{ width: `${percent}%` }} />
      </div>
    </section>
  );
}
