import { describe, expect, it } from 'vitest';

import type { Area } from './api/types';
import { liveAreas } from './areas';

const area = (code: string, name: string, retired = false): Area => ({ code, name, created_at: '2026-11-28T09:00:00Z', retired });

describe('liveAreas', () => {
  const areas = [area('ranchi', 'Ranchi', true), area('akola', 'Akola'), area('jaipur', 'Jaipur')];

  it('offers only areas in use for new things', () => {
    expect(liveAreas(areas).map((a) => a.code)).toEqual(['akola', 'jaipur']);
    expect(liveAreas(areas, '').map((a) => a.code)).toEqual(['akola', 'jaipur']);
  });

  it('keeps the area a record already has, even retired, in its place', () => {
    expect(liveAreas(areas, 'ranchi').map((a) => a.code)).toEqual(['ranchi', 'akola', 'jaipur']);
    expect(liveAreas(areas, 'akola').map((a) => a.code)).toEqual(['akola', 'jaipur']);
    expect(liveAreas(areas, 'gone').map((a) => a.code)).toEqual(['akola', 'jaipur']);
  });
});
