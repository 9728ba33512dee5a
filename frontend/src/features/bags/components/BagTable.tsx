import { Link } from 'react-router';

import type { Bag } from '../../../lib/api/types';

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

function contents(bag: Bag): string {
  if (bag.kind === 'parent') return `${bag.child_count ?? 0}/${bag.max_children ?? 0}${bag.bill_id ? ` · bill ${bag.bill_id}` : ''}`;
  return bag.parent_qr ? `in ${bag.parent_qr}` : 'loose';
}

export function BagTable({ bags }: { bags: Bag[] }) {
  return (
    <table className="table">
      <caption className="visually-hidden">Bags</caption>
      <thead>
        <tr>
          <th scope="col">QR</th>
          <th scope="col">Kind</th>
          <th scope="col">Status</th>
          <th scope="col">Contents</th>
          <th scope="col">Area</th>
          <th scope="col">First seen</th>
        </tr>
      </thead>
      <tbody>
        {bags.map((bag) => (
          <tr key={bag.qr}>
            <td data-label="QR">
              <Link to={`/trace/${encodeURIComponent(bag.qr)}`}>{bag.qr}</Link>
            </td>
            <td data-label="Kind">{bag.kind === 'parent' ? `parent${bag.parent_type ? ` (${bag.parent_type})` : ''}` : 'child'}</td>
            <td data-label="Status">{bag.status.replace('_', ' ')}</td>
            <td data-label="Contents">{contents(bag)}</td>
            <td data-label="Area">{bag.area ?? '—'}</td>
            <td data-label="First seen">{WHEN.format(new Date(bag.created_at))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
