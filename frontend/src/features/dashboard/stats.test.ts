import { describe, expect, it } from 'vitest';

import type { Stats } from '../../lib/api/types';
import { areaLabel, headlineFigures, hourlyPoints } from './stats';

const stats: Stats = {
  bags_total: 10, parents_total: 2, children_total: 8, unlinked_children: 1, scans_today: 12, scans_last_hour: 3,
  bills: { new: 1, processing: 2, completed: 3 }, areas: [], generated_at: '2026-11-28T10:00:00Z',
};

describe('dashboard figures', () => {
  it('lists the headline numbers, scans first', () => {
    const figures = headlineFigures(stats);
    expect(figures[0]).toEqual({ label: 'Scans today', value: 12 });
    expect(figures.find((f) => f.label === 'Bills completed')?.value).toBe(3);
    expect(figures).toHaveLength(9);
  });

  it('labels hourly points by the hour on the site clock', () => {
    const series = [{ at: '2026-11-28T00:00:00Z', scans: 0 }, { at: '2026-11-28T13:00:00Z', scans: 7 }];
    expect(hourlyPoints(series, 'UTC')).toEqual([
      { hour: '00:00', scans: 0 },
      { hour: '13:00', scans: 7 },
    ]);
    // Asia/Kolkata is UTC+05:30: the hour starting 18:30 UTC is the site's 00:00.
    expect(hourlyPoints([{ at: '2026-11-27T18:30:00Z', scans: 2 }], 'Asia/Kolkata')).toEqual([{ hour: '00:00', scans: 2 }]);
  });

  it('names areas in plain words', () => {
    expect(areaLabel('sri_ganganagar')).toBe('sri ganganagar');
    expect(areaLabel(null)).toBe('no area');
  });
});
