import { describe, expect, it } from 'vitest';

import { downloadName, importFileProblem } from './transfers';

describe('downloadName', () => {
  it('reads the server’s file name', () => {
    expect(downloadName('attachment; filename="bags-2026-11-28.csv"', 'bags', 'csv')).toBe('bags-2026-11-28.csv');
    expect(downloadName("attachment; filename*=UTF-8''bills%202026.xlsx", 'bills', 'xlsx')).toBe('bills 2026.xlsx');
  });
  it('falls back to table.format', () => {
    expect(downloadName(null, 'events', 'xlsx')).toBe('events.xlsx');
    expect(downloadName('attachment', 'bags', 'csv')).toBe('bags.csv');
  });
});

describe('importFileProblem', () => {
  it('takes CSV and XLSX up to 16 MB', () => {
    expect(importFileProblem({ name: 'bags.CSV', size: 10 })).toBeNull();
    expect(importFileProblem({ name: 'bags.xlsx', size: 10 })).toBeNull();
    expect(importFileProblem({ name: 'bags.txt', size: 10 })).toMatch(/csv/);
    expect(importFileProblem({ name: 'bags.csv', size: 17 * 1024 * 1024 })).toMatch(/16 MB/);
  });
});
