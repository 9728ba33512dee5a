// The children in the parent on screen, newest first, each with "Remove" (asked first by the
// workspace), for the one bag that should not be in it.
import { useTranslation } from 'react-i18next';

import type { Bag } from '../../../lib/api/types';

interface ParentChildrenProps {
  parent: Bag;
  children: Bag[];
  disabled: boolean;
  onRemove: (child_qr: string) => void;
}

export function ParentChildren({ parent, children, disabled, onRemove }: ParentChildrenProps) {
  const { t } = useTranslation();
  if (children.length === 0) return null;
  return (
    <details className="children panel" data-testid="parent-children">
      <summary>
        {t('packing.childrenIn', { parent: parent.qr, count: children.length })}
      </summary>
      <ul className="children__list">
        {children.map((child) => (
          <li key={child.qr} className="children__item">
            <span className="children__qr">{child.qr}</span>
            <button type="button" className="button button--small button--danger" disabled={disabled} onClick={() => onRemove(child.qr)}>
              {t('common.remove')}<span className="visually-hidden"> {child.qr}</span>
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
