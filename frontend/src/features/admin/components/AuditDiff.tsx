// One audit entry's change as lines a person reads: the field in words and old → new (added,
// removed, or for a secret only "changed"). A long record (one created or deleted whole) shows
// its first lines and folds the rest.
import { useTranslation } from 'react-i18next';

import { useFormat } from '../../../i18n/useFormat';
import type { AuditEntry } from '../../../lib/api/types';
import { auditDiff, describeAuditChange, type AuditChange } from '../audit-diff';

const SHOWN = 6;

export function AuditDiff({ entry }: { entry: Pick<AuditEntry, 'before' | 'after' | 'target_kind'> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const changes = auditDiff(entry.before, entry.after);
  if (changes.length === 0) return <>—</>;
  const words = { instant: (iso: string) => format.instant(iso, 'dateTimeSeconds'), targetKind: entry.target_kind ?? null };
  const line = (change: AuditChange) => {
    const { field, text } = describeAuditChange(change, words);
    return (
      <li key={change.field} data-change={change.kind} data-field={change.field}>
        <span className="audit-diff__field">{field}:</span> {text}
      </li>
    );
  };
  // Folding just one line would save nothing.
  const folded = changes.length > SHOWN + 1 ? changes.slice(SHOWN) : [];
  return (
    <>
      <ul className="audit-diff">{changes.slice(0, changes.length - folded.length).map(line)}</ul>
      {folded.length > 0 && (
        <details className="audit-diff__more">
          <summary>{t('admin.audit.diff.more', { count: folded.length })}</summary>
          <ul className="audit-diff">{folded.map(line)}</ul>
        </details>
      )}
    </>
  );
}
