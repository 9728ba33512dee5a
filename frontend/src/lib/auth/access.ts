// Which sections of the app each role may use (SPEC §6). Navigation and route guards both
// read this table, so a section a role cannot use is neither shown nor reachable.
import type { Role } from '../api/types';

export type Section =
  | 'dashboard' | 'account' | 'scanning' | 'bags' | 'bills' | 'returns' | 'trace' | 'history' | 'reports' | 'users' | 'admin';

// History and reports are open to every role: the server scopes a dispatcher to their area.
const EVERYONE: Section[] = ['dashboard', 'account', 'scanning', 'bags', 'trace', 'history', 'reports'];

const SECTIONS_BY_ROLE: Record<Role, ReadonlySet<Section>> = {
  admin: new Set<Section>([...EVERYONE, 'bills', 'returns', 'users', 'admin']),
  biller: new Set<Section>([...EVERYONE, 'bills', 'returns']),
  dispatcher: new Set<Section>(EVERYONE),
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
  { section: 'history', path: '/history', label: 'History' },
  { section: 'reports', path: '/reports', label: 'Reports' },
  { section: 'users', path: '/users', label: 'Users' },
  { section: 'admin', path: '/admin', label: 'Admin' },
];

/** The main sections; "Change password" (`account`) sits with the user's name instead. */
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
