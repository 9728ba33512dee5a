// The parents on a bill, with their child counts (a parent not full says how many it is
// short) and, while the bill is open, a "Remove" each (the workspace asks first).
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
  if (parents.length === 0) return <p className="muted">None yet.</p>;
  return (
    <table className="table" data-testid="bill-parents">
      <caption className="visually-hidden">Parents on this bill</caption>
      <thead>
        <tr>
          <th scope="col">Parent</th>
          <th scope="col">Children</th>
          <th scope="col">Type</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {parents.map((parent) => {
          const shortfall = parentShortfall(parent);
          return (
            <tr key={parent.qr} data-incomplete={shortfall ? true : undefined}>
              <td data-label="Parent">
                <Link to={`/trace/${encodeURIComponent(parent.qr)}`}>{parent.qr}</Link>
              </td>
              <td data-label="Children">
                {parent.child_count ?? 0}/{parent.max_children ?? 0}
                {shortfall && <span className="badge badge--warning"> {shortfall.short} short</span>}
              </td>
              <td data-label="Type">{parent.parent_type ?? '—'}</td>
              <td>
                {open && (
                  <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => onRemove(parent.qr)}>
                    Remove<span className="visually-hidden"> {parent.qr}</span>
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
