// The user rules the API states (OpenAPI `CreateUser`, `UpdateUser`, SPEC §6–7), checked
// before sending so a person sees the problem on the field at once. The server checks
// again; its `details.fields` land on the same fields.
import { t } from '../../i18n';
import type { CreateUser, Role, UpdateUser, User } from '../../lib/api/types';
import { passwordError } from '../../lib/auth/password-policy';

export type UserField = 'username' | 'display_name' | 'password' | 'role' | 'area';
export type FieldErrors = Partial<Record<UserField, string>>;

export interface UserFormValues {
  username: string;
  display_name: string;
  password: string;
  role: Role;
  area: string;
}

export const EMPTY_USER_FORM: UserFormValues = { username: '', display_name: '', password: '', role: 'dispatcher', area: '' };

const USERNAME = /^[A-Za-z0-9._-]{3,40}$/;

export function usernameError(username: string): string | undefined {
  return USERNAME.test(username.trim()) ? undefined : t('users.errors.username');
}

export function displayNameError(name: string): string | undefined {
  return [...name.trim()].length > 80 ? t('users.errors.displayName') : undefined;
}

/** A dispatcher needs an area; admins and billers have none. */
export function areaError(role: Role, area: string): string | undefined {
  return role === 'dispatcher' && !area ? t('users.errors.area') : undefined;
}

function compact(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message !== undefined));
}

export function validateNewUser(values: UserFormValues): FieldErrors {
  return compact({
    username: usernameError(values.username),
    display_name: displayNameError(values.display_name),
    password: passwordError(values.password),
    area: areaError(values.role, values.area),
  });
}

/** On edit the password is optional: empty keeps the current one. */
export function validateUserChanges(values: UserFormValues): FieldErrors {
  return compact({
    display_name: displayNameError(values.display_name),
    password: values.password ? passwordError(values.password) : undefined,
    area: areaError(values.role, values.area),
  });
}

export function toCreateUser(values: UserFormValues): CreateUser {
  const body: CreateUser = { username: values.username.trim(), password: values.password, role: values.role };
  if (values.display_name.trim()) body.display_name = values.display_name.trim();
  if (values.role === 'dispatcher') body.area = values.area;
  return body;
}

/** Only what changed; the area is cleared when the role no longer has one. */
export function toUpdateUser(user: User, values: UserFormValues): UpdateUser {
  const body: UpdateUser = {};
  if (values.display_name.trim() !== user.display_name) body.display_name = values.display_name.trim();
  if (values.role !== user.role) body.role = values.role;
  const area = values.role === 'dispatcher' ? values.area : null;
  if (area !== (user.area ?? null)) body.area = area;
  if (values.password) body.password = values.password;
  return body;
}

export function formValuesOf(user: User): UserFormValues {
  return { username: user.username, display_name: user.display_name, password: '', role: user.role, area: user.area ?? '' };
}

/** Server field names that are not form fields still need a home: `duplicate` means the username. */
export function serverFieldErrors(code: string, fields: Record<string, string>, message: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, text] of Object.entries(fields)) {
    if (field === 'username' || field === 'display_name' || field === 'password' || field === 'role' || field === 'area') {
      errors[field] = text;
    }
  }
  if (code === 'duplicate' && !errors.username) errors.username = t('users.errors.taken');
  if (code === 'last_admin' && !errors.role) errors.role = message;
  return errors;
}
