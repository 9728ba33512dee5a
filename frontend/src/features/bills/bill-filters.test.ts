import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { exportPath } from '../../lib/api/download-link';
import { billQuery, NO_BILL_FILTERS } from './bill-filters';

const RAVI = '0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01';
const document = JSON.parse(readFileSync(new URL('../../../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, { get: { parameters: { name: string; in: string }[] } }>;
};
const queryParameters = (path: string) => document.paths[path]!.get.parameters.filter((p) => p.in === 'query').map((p) => p.name);

describe('bill list filters → export query', () => {
  it('exports the filters on screen: the person as creator, the site’s days as instants, no display name', () => {
    const filters = { status: 'completed' as const, q: 'RJ14', user: RAVI, user_name: 'ravi', from: '2026-11-28', to: null };
    expect(billQuery(filters, 'Asia/Kolkata')).toEqual({ status: 'completed', q: 'RJ14', creator: RAVI, from: '2026-11-27T18:30:00.000Z', to: null });
    expect(exportPath('bills', 'xlsx', billQuery(filters, 'Asia/Kolkata'))).toBe(
      `/api/v1/exports/bills.xlsx?status=completed&q=RJ14&creator=${RAVI}&from=2026-11-27T18%3A30%3A00.000Z`,
    );
    expect(exportPath('bills', 'csv', billQuery(NO_BILL_FILTERS, 'Asia/Kolkata'))).toBe('/api/v1/exports/bills.csv');
  });

  it('asks only for parameters the export takes, and the list takes the same plus its page', () => {
    const query = Object.keys(billQuery(NO_BILL_FILTERS, null));
    const exported = queryParameters('/api/v1/exports/bills.{format}');
    expect([...query].sort()).toEqual([...exported].sort());
    expect(queryParameters('/api/v1/bills').sort()).toEqual([...exported, 'limit', 'cursor'].sort());
  });
});
