import { Link } from 'react-router';

import { DataTable, type Column } from '../../../components/DataTable';
import type { Bag } from '../../../lib/api/types';

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

function contents(bag: Bag): string {
  if (bag.kind === 'parent') return `${bag.child_count ?? 0}/${bag.max_children ?? 0}${bag.bill_id ? ` · bill ${bag.bill_id}` : ''}`;
  return bag.parent_qr ? `in ${bag.parent_qr}` : 'loose';
}

const COLUMNS: Column<Bag>[] = [
  { header: 'QR', cell: (bag) => <Link to={`/trace/${encodeURIComponent(bag.qr)}`}>{bag.qr}</Link> },
  { header: 'Kind', cell: (bag) => (bag.kind === 'parent' ? `parent${bag.parent_type ? ` (${bag.parent_type})` : ''}` : 'child') },
  { header: 'Status', cell: (bag) => bag.status.replace('_', ' ') },
  { header: 'Contents', cell: contents },
  { header: 'Area', cell: (bag) => bag.area ?? '—' },
  { header: 'First seen', cell: (bag) => WHEN.format(new Date(bag.created_at)) },
];

export function BagTable({ bags }: { bags: Bag[] }) {
  return <DataTable caption="Bags" columns={COLUMNS} rows={bags} rowKey={(bag) => bag.qr} />;
}
