// The end-of-day report (SPEC §8, GET /reports/eod) shaped for tables: one row per operator
// and per area with a total row, busiest first. Pure, so the shaping is tested without a browser.
import { t } from '../../i18n';
import type { Area, DayFigures, EndOfDay } from '../../lib/api/types';

export type FigureKey = keyof DayFigures;

export interface EodColumn {
  key: FigureKey;
}

/** A column's header in the language on screen. */
export function columnLabel(key: FigureKey): string {
  return t(`reports.columns.${key}`);
}

const BILL_COLUMNS: EodColumn[] = [{ key: 'bills_created' }, { key: 'bills_completed' }];

const PACKING_COLUMNS: EodColumn[] = [{ key: 'parents_created' }, { key: 'parents_completed' }, { key: 'children_packed' }];

/** Operators did everything; an area's figures are packing only (a bill has no area). */
export const OPERATOR_COLUMNS: EodColumn[] = [...PACKING_COLUMNS, ...BILL_COLUMNS];
export const AREA_COLUMNS: EodColumn[] = PACKING_COLUMNS;

export interface EodRow {
  key: string;
  label: string;
  figures: DayFigures;
  total: boolean;
}

const ZERO: DayFigures = { bills_created: 0, bills_completed: 0, parents_created: 0, parents_completed: 0, children_packed: 0 };

function figuresOf(row: DayFigures): DayFigures {
  return {
    bills_created: row.bills_created, bills_completed: row.bills_completed, parents_created: row.parents_created,
    parents_completed: row.parents_completed, children_packed: row.children_packed,
  };
}

function sum(rows: DayFigures[]): DayFigures {
  return rows.reduce<DayFigures>(
    (total, row) => ({
      bills_created: total.bills_created + row.bills_created,
      bills_completed: total.bills_completed + row.bills_completed,
      parents_created: total.parents_created + row.parents_created,
      parents_completed: total.parents_completed + row.parents_completed,
      children_packed: total.children_packed + row.children_packed,
    }),
    ZERO,
  );
}

/** Most children packed first, then most parents, then by name: the floor's ranking. */
function busiestFirst(a: EodRow, b: EodRow): number {
  return (
    b.figures.children_packed - a.figures.children_packed ||
    b.figures.parents_created - a.figures.parents_created ||
    a.label.localeCompare(b.label)
  );
}

export function operatorRows(report: EndOfDay): EodRow[] {
  const rows = report.operators
    .map((operator) => ({
      key: operator.username ?? '',
      label: operator.username ?? t('reports.noOperator'),
      figures: figuresOf(operator),
      total: false,
    }))
    .sort(busiestFirst);
  return rows.length === 0 ? [] : [...rows, { key: 'total', label: t('reports.total'), figures: figuresOf(report), total: true }];
}

export function areaRows(report: EndOfDay, areas: Pick<Area, 'code' | 'name'>[] = []): EodRow[] {
  const names = new Map(areas.map((area) => [area.code, area.name]));
  const rows = report.areas
    .map((area) => ({
      key: area.area ?? '',
      label: area.area ? (names.get(area.area) ?? area.area) : t('stats.noArea'),
      figures: figuresOf(area),
      total: false,
    }))
    .sort(busiestFirst);
  return rows.length === 0 ? [] : [...rows, { key: 'total', label: t('reports.total'), figures: sum(rows.map((row) => row.figures)), total: true }];
}

/** The day's totals as big numbers, packing first. */
export function eodHeadline(report: EndOfDay): { label: string; value: number }[] {
  return OPERATOR_COLUMNS.map((column) => ({ label: columnLabel(column.key), value: report[column.key] }));
}

/** Nothing at all happened that day (or in the dispatcher's area). */
export function isQuietDay(report: EndOfDay): boolean {
  return OPERATOR_COLUMNS.every((column) => report[column.key] === 0);
}
