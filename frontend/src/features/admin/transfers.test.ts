import { describe, expect, it } from 'vitest';

import { importFileProblem } from './transfers';

describe('importFileProblem', () => {
  it('takes CSV and XLSX up to 16 MB', () => {
    expect(importFileProblem({ name: 'bags.CSV', size: 10 })).toBeNull();
    expect(importFileProblem({ name: 'bags.xlsx', size: 10 })).toBeNull();
    expect(importFileProblem({ name: 'bags.txt', size: 10 })).toMatch(/csv/);
    expect(importFileProblem({ name: 'bags.csv', size: 17 * 1024 * 1024 })).toMatch(/16 MB/);
  });
});
