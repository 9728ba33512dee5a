// Pure shaping of the dashboard's figures: the big numbers, the activity chart's points.
import { t } from '../../i18n';
import type { ActivityPoint, Stats } from '../../lib/api/types';
import { hourIn } from '../../lib/dates';

export interface Figure {
  label: string;
  value: number;
}

export function headlineFigures(stats: Stats): Figure[] {
  return [
    { label: t('stats.scansToday'), value: stats.scans_today },
    { label: t('stats.scansLastHour'), value: stats.scans_last_hour },
    { label: t('stats.parents'), value: stats.parents_total },
    { label: t('stats.children'), value: stats.children_total },
    { label: t('stats.unlinkedChildren'), value: stats.unlinked_children },
    { label: t('stats.bags'), value: stats.bags_total },
    { label: t('stats.billsNew'), value: stats.bills.new },
    { label: t('stats.billsLoading'), value: stats.bills.processing },
    { label: t('stats.billsCompleted'), value: stats.bills.completed },
  ];
}

export interface ChartPoint {
  /** `HH:00` on the site's clock */
  hour: string;
  scans: number;
}

/** The API's zero-filled hourly series as chart points labelled by the hour on the site's clock. */
export function hourlyPoints(series: ActivityPoint[], timeZone: string | null): ChartPoint[] {
  return series.map((point) => ({ hour: `${hourIn(timeZone, new Date(point.at))}:00`, scans: point.scans }));
}

export function areaLabel(area: string | null | undefined): string {
  return area ? area.replace(/_/g, ' ') : t('stats.noArea');
}
