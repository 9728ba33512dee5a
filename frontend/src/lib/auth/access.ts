// Which sections of the app each role may use (SPEC §6). Navigation and route guards both
// read this table, so a section a role cannot use is neither shown nor reachable.
import type { Role } from '../api/types';

export type Section = 'dashboard' | 'scanning' | 'bags' | 'bills' | 'returns' | 'trace' | 'users' | 'admin';

const SECTIONS_BY_ROLE: Record<Role, ReadonlySet<Section>> = {
  admin: new Set<Section>(['dashboard', 'scanning', 'bags', 'bills', 'returns', 'trace', 'users', 'admin']),
  biller: new Set<Section>(['dashboard', 'scanning', 'bags', 'bills', 'returns', 'trace']),
  dispatcher: new Set<Section>(['dashboard', 'scanning', 'bags', 'trace']),
};

export function canUse(role: Role, section: Section): boolean {
  return SECTIONS_BY_ROLE[role].has(section);
}

export interface NavigationEntry {
  section: Section;
  path: string;
  label: string;
}

export const NAVIGATION: readonly NavigationEntry[] = [
  { section: 'dashboard', path: '/', label: 'Dashboard' },
  { section: 'scanning', path: '/scan', label: 'Scanning' },
  { section: 'bags', path: '/bags', label: 'Bags' },
  { section: 'bills', path: '/bills', label: 'Bills' },
  { section: 'returns', path: '/returns', label: 'Returns' },
  { section: 'trace', path: '/trace', label: 'Trace' },
  { section: 'users', path: '/users', label: 'Users' },
  { section: 'admin', path: '/admin', label: 'Admin' },
];

export function navigationFor(role: Role): NavigationEntry[] {
  return NAVIGATION.filter((entry) => canUse(role, entry.section));
}

/** Where a user lands after signing in: the floor goes straight to scanning. */
export function homePathFor(role: Role): string {
  return role === 'dispatcher' ? '/scan' : '/';
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  biller: 'Biller',
  dispatcher: 'Dispatcher',
};
