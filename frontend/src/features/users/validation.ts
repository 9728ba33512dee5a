// The user forms' checks before sending (`CreateUser`, `UpdateUser`): the body as it would be
// sent, against the schema generated from the OpenAPI document (username, display name, a
// password's length, a dispatcher's area) and the server's rules it does not state
// (lib/api/server-rules.ts: the password's character classes). The server checks again; its
// `details.fields` land on the same fields.
import { t } from '../../i18n';
import type { CreateUser, Role, UpdateUser, User } from '../../lib/api/types';
import { checkBody } from '../../lib/api/validation';

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

/** The form's fields, in the order a person meets them. */
const USER_FIELDS: readonly UserField[] = ['username', 'display_name', 'password', 'role', 'area'];

export function validateNewUser(values: UserFormValues): FieldErrors {
  return checkBody('CreateUser', toCreateUser(values), USER_FIELDS);
}

/** On edit every field is checked as it would be after saving; an empty password keeps the current one. */
export function validateUserChanges(values: UserFormValues): FieldErrors {
  const body: UpdateUser = { display_name: values.display_name.trim(), role: values.role, area: values.role === 'dispatcher' ? values.area || null : null };
  if (values.password) body.password = values.password;
  return checkBody('UpdateUser', body, USER_FIELDS);
}

export function toCreateUser(values: UserFormValues): CreateUser {
  const body: CreateUser = { username: values.username.trim(), password: values.password, role: values.role };
  if (values.display_name.trim()) body.display_name = values.display_name.trim();
  if (values.role === 'dispatcher' && values.area) body.area = values.area;
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
  if (code === 'area_conflict' && !errors.area) errors.area = t('errors.area_conflict');
  return errors;
}
