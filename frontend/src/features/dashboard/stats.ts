// Pure shaping of the dashboard's figures: the big numbers, the activity chart's points.
import type { ActivityPoint, Stats } from '../../lib/api/types';

export interface Figure {
  label: string;
  value: number;
}

export function headlineFigures(stats: Stats): Figure[] {
  return [
    { label: 'Scans today', value: stats.scans_today },
    { label: 'Scans last hour', value: stats.scans_last_hour },
    { label: 'Parents', value: stats.parents_total },
    { label: 'Children', value: stats.children_total },
    { label: 'Unlinked children', value: stats.unlinked_children },
    { label: 'Bags', value: stats.bags_total },
    { label: 'Bills new', value: stats.bills.new },
    { label: 'Bills loading', value: stats.bills.processing },
    { label: 'Bills completed', value: stats.bills.completed },
  ];
}

export interface ChartPoint {
  /** `HH:00` (UTC hour) */
  hour: string;
  scans: number;
}

/** The API's zero-filled hourly series as chart points labelled by UTC hour. */
export function hourlyPoints(series: ActivityPoint[]): ChartPoint[] {
  return series.map((point) => ({ hour: `${new Date(point.at).toISOString().slice(11, 13)}:00`, scans: point.scans }));
}

export function areaLabel(area: string | null | undefined): string {
  return area ? area.replace(/_/g, ' ') : 'no area';
}
