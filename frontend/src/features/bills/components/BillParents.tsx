// The parents on a bill, with their child counts (a parent not full says how many it is
// short) and, while the bill is open, a "Remove" each (the workspace asks first).
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import type { Bag } from '../../../lib/api/types';
import { parentShortfall } from '../bill';

interface BillParentsProps {
  parents: Bag[];
  open: boolean;
  busy: boolean;
  onRemove: (qr: string) => void;
}

export function BillParents({ parents, open, busy, onRemove }: BillParentsProps) {
  const { t } = useTranslation();
  if (parents.length === 0) return <p className="muted">{t('common.noneYet')}</p>;
  return (
    <table className="table" data-testid="bill-parents">
      <caption className="visually-hidden">{t('bills.parentsCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('bills.parent')}</th>
          <th scope="col">{t('bills.children')}</th>
          <th scope="col">{t('bills.type')}</th>
          <th scope="col" className="no-print">
            <span className="visually-hidden">{t('common.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {parents.map((parent) => {
          const shortfall = parentShortfall(parent);
          return (
            <tr key={parent.qr} data-incomplete={shortfall ? true : undefined}>
              <td data-label={t('bills.parent')}>
                <Link to={`/trace/${encodeURIComponent(parent.qr)}`}>{parent.qr}</Link>
              </td>
              <td data-label={t('bills.children')}>
                {parent.child_count ?? 0}/{parent.max_children ?? 0}
                {shortfall && <span className="badge badge--warning"> {t('bills.short', { count: shortfall.short })}</span>}
              </td>
              <td data-label={t('bills.type')}>{parent.parent_type ?? '—'}</td>
              <td className="no-print">
                {open && (
                  <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => onRemove(parent.qr)}>
                    {t('common.remove')}<span className="visually-hidden"> {parent.qr}</span>
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
