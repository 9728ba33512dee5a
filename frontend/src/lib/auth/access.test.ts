import { describe, expect, it } from 'vitest';

import type { Role } from '../api/types';
import { canUse, homePathFor, navigationFor } from './access';

describe('role access', () => {
  it('gives admins everything', () => {
    expect(navigationFor('admin').map((entry) => entry.label)).toEqual([
      'Dashboard', 'Scanning', 'Bags', 'Bills', 'Returns', 'Trace', 'History', 'Reports', 'Users', 'Admin',
    ]);
  });

  it('gives billers all but administration', () => {
    expect(navigationFor('biller').map((entry) => entry.section)).toEqual([
      'dashboard', 'scanning', 'bags', 'bills', 'returns', 'trace', 'history', 'reports',
    ]);
    expect(canUse('biller', 'users')).toBe(false);
    expect(canUse('biller', 'admin')).toBe(false);
  });

  it('gives dispatchers scanning, bags, trace, history, reports and the dashboard only', () => {
    expect(navigationFor('dispatcher').map((entry) => entry.section)).toEqual([
      'dashboard', 'scanning', 'bags', 'trace', 'history', 'reports',
    ]);
    expect(canUse('dispatcher', 'bills')).toBe(false);
    expect(canUse('dispatcher', 'returns')).toBe(false);
    expect(canUse('dispatcher', 'users')).toBe(false);
    expect(canUse('dispatcher', 'admin')).toBe(false);
  });

  it('lets every role change its own password', () => {
    const roles: Role[] = ['admin', 'biller', 'dispatcher'];
    expect(roles.every((role) => canUse(role, 'account'))).toBe(true);
  });

  it('sends dispatchers straight to scanning', () => {
    expect(homePathFor('dispatcher')).toBe('/scan');
    expect(homePathFor('admin')).toBe('/');
  });
});
