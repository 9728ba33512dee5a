import { describe, expect, it } from 'vitest';

import { fileNameFromDisposition } from './files';

describe('fileNameFromDisposition', () => {
  it('reads plain and RFC 5987 names', () => {
    expect(fileNameFromDisposition('attachment; filename="eod-2026-11-28.csv"', 'eod.csv')).toBe('eod-2026-11-28.csv');
    expect(fileNameFromDisposition("attachment; filename*=UTF-8''eod%202026.csv", 'eod.csv')).toBe('eod 2026.csv');
  });

  it('falls back when there is no name', () => {
    expect(fileNameFromDisposition(null, 'eod.csv')).toBe('eod.csv');
    expect(fileNameFromDisposition('attachment', 'eod.csv')).toBe('eod.csv');
  });
});
