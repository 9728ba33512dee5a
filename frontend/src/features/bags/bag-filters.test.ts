import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { exportPath } from '../../lib/api/download-link';
import { bagFiltersFrom, bagQuery } from './bag-filters';

const RAVI = '0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01';
const document = JSON.parse(readFileSync(new URL('../../../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, { get: { parameters: { name: string; in: string }[] } }>;
};
const queryParameters = (path: string) => document.paths[path]!.get.parameters.filter((p) => p.in === 'query').map((p) => p.name);

describe('bag list filters → export query', () => {
  it('exports exactly the filters in the address bar, the days as the site’s instants, no display name', () => {
    const filters = bagFiltersFrom(
      new URLSearchParams({ q: 'SB1', kind: 'parent', status: 'completed', area: 'jaipur', billed: 'false', user: RAVI, user_name: 'ravi', from: '2026-11-28', to: '2026-11-28' }),
    );
    expect(bagQuery(filters, 'Asia/Kolkata')).toEqual({
      q: 'SB1', kind: 'parent', status: 'completed', area: 'jaipur', linked: null, billed: false, user: RAVI,
      from: '2026-11-27T18:30:00.000Z', to: '2026-11-28T18:30:00.000Z',
    });
    expect(exportPath('bags', 'csv', bagQuery(filters, 'Asia/Kolkata'))).toBe(
      `/api/v1/exports/bags.csv?q=SB1&kind=parent&status=completed&area=jaipur&billed=false&user=${RAVI}` +
        '&from=2026-11-27T18%3A30%3A00.000Z&to=2026-11-28T18%3A30%3A00.000Z',
    );
  });

  it('exports everything when nothing is filtered, and drops what the API would refuse', () => {
    const filters = bagFiltersFrom(new URLSearchParams({ kind: 'box', status: 'lost', linked: 'maybe', user: 'ravi', user_name: 'ravi' }));
    expect(exportPath('bags', 'xlsx', bagQuery(filters, 'Asia/Kolkata'))).toBe('/api/v1/exports/bags.xlsx');
  });

  it('asks only for parameters the export takes, and the list takes the same plus its page', () => {
    const query = Object.keys(bagQuery(bagFiltersFrom(new URLSearchParams()), null));
    const exported = queryParameters('/api/v1/exports/bags.{format}');
    expect(exported).toEqual(expect.arrayContaining(query));
    expect(queryParameters('/api/v1/bags').sort()).toEqual([...exported, 'limit', 'cursor'].sort());
  });
});
