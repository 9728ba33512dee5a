import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { DataTable, type Column } from '../../../components/DataTable';
import { bagStatusLabel } from '../../../i18n/labels';
import { useFormat, type Formatters } from '../../../i18n/useFormat';
import type { Bag } from '../../../lib/api/types';

function columns(t: TFunction, format: Formatters): Column<Bag>[] {
  const contents = (bag: Bag): string => {
    if (bag.kind === 'parent') {
      const count = `${bag.child_count ?? 0}/${bag.max_children ?? 0}`;
      return bag.bill_id ? `${count} · ${t('bags.onBill', { bill: bag.bill_id })}` : count;
    }
    return bag.parent_qr ? t('bags.inParent', { parent: bag.parent_qr }) : t('bags.loose');
  };
  const kind = (bag: Bag): string => {
    if (bag.kind !== 'parent') return t('bags.child');
    return bag.parent_type ? t('bags.parentOfType', { type: bag.parent_type }) : t('bags.parent');
  };
  return [
    { header: t('bags.qr'), cell: (bag) => <Link to={`/trace/${encodeURIComponent(bag.qr)}`}>{bag.qr}</Link> },
    { header: t('bags.kind'), cell: kind },
    { header: t('bags.status'), cell: (bag) => bagStatusLabel(bag.status) },
    { header: t('bags.contents'), cell: contents },
    { header: t('filters.area'), cell: (bag) => bag.area ?? '—' },
    { header: t('bags.firstSeen'), cell: (bag) => format.instant(bag.created_at) },
  ];
}

export function BagTable({ bags }: { bags: Bag[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return <DataTable caption={t('bags.title')} columns={columns(t, format)} rows={bags} rowKey={(bag) => bag.qr} />;
}
