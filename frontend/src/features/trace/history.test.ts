import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { exportPath } from '../../lib/api/download-link';
import {
  EVENT_KINDS, eventFiltersFrom, eventFiltersToParams, eventKindLabel, eventQuery, NO_EVENT_FILTERS, rangeProblem, withTime,
} from './history';

const RAVI = '0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01';

describe('event history filters', () => {
  it('reads the address bar and drops what the API would refuse', () => {
    const filters = eventFiltersFrom(
      new URLSearchParams({ bag: ' SB00017 ', kind: 'child_linked', user: RAVI, user_name: 'ravi', from: '2026-11-28T00:00:00.000Z' }),
    );
    expect(filters).toEqual({
      ...NO_EVENT_FILTERS, bag: 'SB00017', kind: 'child_linked', user: RAVI, user_name: 'ravi', from: '2026-11-28T00:00:00.000Z',
    });
    expect(eventFiltersFrom(new URLSearchParams({ kind: 'exploded', user: 'ravi', user_name: 'ravi', to: 'yesterday' }))).toEqual(
      NO_EVENT_FILTERS,
    );
  });

  it('round-trips through the address bar and sends no display name', () => {
    const filters = { ...NO_EVENT_FILTERS, bill: 'B-1', user: RAVI, user_name: 'ravi' };
    expect(eventFiltersFrom(eventFiltersToParams(filters))).toEqual(filters);
    expect(eventFiltersToParams(NO_EVENT_FILTERS).toString()).toBe('');
    expect(eventQuery(filters)).not.toHaveProperty('user_name');
    expect(eventQuery(filters)).toMatchObject({ bill: 'B-1', user: RAVI });
  });

  it('turns times typed on the site clock into instants and checks the range', () => {
    const zone = 'Asia/Kolkata';
    const from = withTime(NO_EVENT_FILTERS, 'from', '2026-11-28T10:00', zone);
    expect(from.from).toBe('2026-11-28T04:30:00.000Z');
    expect(withTime(from, 'from', '', zone).from).toBeNull();
    expect(rangeProblem(withTime(from, 'to', '2026-11-28T11:00', zone))).toBeNull();
    expect(rangeProblem(withTime(from, 'to', '2026-11-28T09:00', zone))).toBe('must be after “From”');
    expect(rangeProblem(from)).toBeNull();
  });

  it('labels every kind the server records', () => {
    expect(EVENT_KINDS).toContain('child_linked');
    expect(eventKindLabel('bill_parent_added')).toBe('Bill parent added');
  });
});

describe('event history filters → export query', () => {
  const document = JSON.parse(readFileSync(new URL('../../../../openapi/openapi.json', import.meta.url), 'utf8')) as {
    paths: Record<string, { get: { parameters: { name: string; in: string }[] } }>;
  };
  const queryParameters = (path: string) => document.paths[path]!.get.parameters.filter((p) => p.in === 'query').map((p) => p.name);

  it('exports exactly the filters in the address bar, without the display name', () => {
    const filters = eventFiltersFrom(new URLSearchParams({ kind: 'child_linked', area: 'jaipur', user: RAVI, user_name: 'ravi', from: '2026-11-28T04:30:00.000Z' }));
    expect(exportPath('events', 'csv', eventQuery(filters))).toBe(
      `/api/v1/exports/events.csv?kind=child_linked&area=jaipur&user=${RAVI}&from=2026-11-28T04%3A30%3A00.000Z`,
    );
    expect(exportPath('events', 'xlsx', eventQuery(NO_EVENT_FILTERS))).toBe('/api/v1/exports/events.xlsx');
  });

  it('asks only for parameters the export takes, and the list takes the same plus its page', () => {
    const query = Object.keys(eventQuery(NO_EVENT_FILTERS));
    const exported = queryParameters('/api/v1/exports/events.{format}');
    expect(exported).toEqual(expect.arrayContaining(query));
    expect(queryParameters('/api/v1/events').sort()).toEqual([...exported, 'limit', 'cursor'].sort());
  });
});
