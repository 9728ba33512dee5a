// Which sections of the app each role may use (SPEC §6). Navigation and route guards both
// read this table, so a section a role cannot use is neither shown nor reachable.
import { t } from '../../i18n';
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
  /** In the language on screen when `navigationFor` was called. */
  label: string;
}

const NAVIGATION: readonly Omit<NavigationEntry, 'label'>[] = [
  { section: 'dashboard', path: '/' },
  { section: 'scanning', path: '/scan' },
  { section: 'bags', path: '/bags' },
  { section: 'bills', path: '/bills' },
  { section: 'returns', path: '/returns' },
  { section: 'trace', path: '/trace' },
  { section: 'history', path: '/history' },
  { section: 'reports', path: '/reports' },
  { section: 'users', path: '/users' },
  { section: 'admin', path: '/admin' },
];

/** The main sections; "Change password" (`account`) sits with the user's name instead. */
export function navigationFor(role: Role): NavigationEntry[] {
  return NAVIGATION.filter((entry) => canUse(role, entry.section)).map((entry) => ({ ...entry, label: t(`nav.${entry.section}`) }));
}

/** Where a user lands after signing in: the floor goes straight to scanning. */
export function homePathFor(role: Role): string {
  return role === 'dispatcher' ? '/scan' : '/';
}

/** A role in the language on screen. */
export function roleLabel(role: Role): string {
  return t(`roles.${role}`);
}
