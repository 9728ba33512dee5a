import { describe, expect, it } from 'vitest';

import { exportPath } from './download-link';

describe('exportPath', () => {
  it('names the export and keeps only the filters that are set, in order', () => {
    expect(exportPath('bags', 'csv')).toBe('/api/v1/exports/bags.csv');
    expect(exportPath('audit', 'xlsx', { action: 'login', actor: null, from: '', to: undefined })).toBe(
      '/api/v1/exports/audit.xlsx?action=login',
    );
  });

  it('encodes values the way the browser will send them back', () => {
    expect(exportPath('audit', 'csv', { from: '2026-11-27T18:30:00.000Z', action: 'user updated' })).toBe(
      '/api/v1/exports/audit.csv?from=2026-11-27T18%3A30%3A00.000Z&action=user+updated',
    );
  });
});
