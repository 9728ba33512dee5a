import { describe, expect, it } from 'vitest';

import type { EndOfDay } from '../../lib/api/types';
import { AREA_COLUMNS, areaRows, eodHeadline, isQuietDay, operatorRows } from './eod';

const figures = (parents_created: number, children_packed: number, bills_created = 0) => ({
  bills_created, bills_completed: 0, parents_created, parents_completed: 0, children_packed,
});

const day: EndOfDay = {
  date: '2026-11-28',
  from: '2026-11-28T00:00:00+05:30',
  to: '2026-11-29T00:00:00+05:30',
  ...figures(5, 40, 2),
  operators: [
    { username: 'asha', ...figures(1, 10) },
    { username: 'ravi', ...figures(3, 30) },
    { username: null, ...figures(1, 0) },
    { username: 'billy', ...figures(0, 0, 2) },
  ],
  areas: [
    { area: 'sri_ganganagar', ...figures(1, 10) },
    { area: 'lucknow', ...figures(3, 30) },
    { area: null, ...figures(1, 0) },
  ],
};

describe('end-of-day tables', () => {
  it('ranks operators by children packed, then parents, then name, and ends with the day’s total', () => {
    const rows = operatorRows(day);
    expect(rows.map((row) => row.label)).toEqual(['ravi', 'asha', 'no operator (imports, system)', 'billy', 'Total']);
    expect(rows.at(-1)).toMatchObject({ total: true, figures: figures(5, 40, 2) });
    expect(rows[0]?.figures).toEqual(figures(3, 30));
  });

  it('names areas, adds them up and leaves bills out', () => {
    const rows = areaRows(day, [{ code: 'sri_ganganagar', name: 'Sri Ganganagar' }]);
    expect(rows.map((row) => row.label)).toEqual(['lucknow', 'Sri Ganganagar', 'no area', 'Total']);
    expect(rows.at(-1)?.figures).toEqual(figures(5, 40));
    expect(AREA_COLUMNS.map((column) => column.key)).not.toContain('bills_created');
  });

  it('has no rows on a quiet day', () => {
    const quiet: EndOfDay = { date: '2026-11-29', from: '2026-11-29T00:00:00+05:30', to: '2026-11-30T00:00:00+05:30', ...figures(0, 0), operators: [], areas: [] };
    expect(operatorRows(quiet)).toEqual([]);
    expect(areaRows(quiet)).toEqual([]);
    expect(isQuietDay(quiet)).toBe(true);
    expect(isQuietDay(day)).toBe(false);
  });

  it('leads with the packing totals', () => {
    expect(eodHeadline(day).map((figure) => `${figure.label} ${figure.value}`)).toEqual([
      'Parents created 5', 'Parents completed 0', 'Children packed 40', 'Bills created 2', 'Bills completed 0',
    ]);
  });
});
