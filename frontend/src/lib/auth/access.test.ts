import { describe, expect, it } from 'vitest';

import { canUse, homePathFor, navigationFor } from './access';

describe('role access', () => {
  it('gives admins everything', () => {
    expect(navigationFor('admin').map((entry) => entry.label)).toEqual([
      'Dashboard', 'Scanning', 'Bags', 'Bills', 'Returns', 'Trace', 'Users', 'Admin',
    ]);
  });

  it('gives billers all but administration', () => {
    expect(navigationFor('biller').map((entry) => entry.section)).toEqual([
      'dashboard', 'scanning', 'bags', 'bills', 'returns', 'trace',
    ]);
    expect(canUse('biller', 'users')).toBe(false);
    expect(canUse('biller', 'admin')).toBe(false);
  });

  it('gives dispatchers scanning, bags, trace and the dashboard only', () => {
    expect(navigationFor('dispatcher').map((entry) => entry.section)).toEqual([
      'dashboard', 'scanning', 'bags', 'trace',
    ]);
    expect(canUse('dispatcher', 'bills')).toBe(false);
    expect(canUse('dispatcher', 'returns')).toBe(false);
    expect(canUse('dispatcher', 'users')).toBe(false);
    expect(canUse('dispatcher', 'admin')).toBe(false);
  });

  it('sends dispatchers straight to scanning', () => {
    expect(homePathFor('dispatcher')).toBe('/scan');
    expect(homePathFor('admin')).toBe('/');
  });
});
