// An audit entry's record before and after, as a person reads it: one line per field that
// differs, nested records flattened to dotted names (`bill.capacity`, `ticket.status`), a field
// only after shown as added and one only before as removed, and a secret (a password, its hash,
// a token, an authenticator key) never shown: it says "changed". Pure, for tests.
import { LANGUAGE_NAMES, asLanguage, t } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { bagStatusLabel, billStatusLabel, returnStatusLabel } from '../../i18n/labels';

export type AuditValue = string | number | boolean | null;

export type AuditChange =
  | { kind: 'changed'; field: string; before: AuditValue; after: AuditValue }
  | { kind: 'added'; field: string; after: AuditValue }
  | { kind: 'removed'; field: string; before: AuditValue }
  | { kind: 'secret'; field: string };

/** Parts of a field's name that mark a secret (`password_hash`, `refresh_token`, `totp_secret`, `otpauth_uri`). */
const SECRET_PARTS = new Set(['password', 'passwd', 'passphrase', 'secret', 'hash', 'digest', 'salt', 'token', 'otpauth', 'key', 'credentials']);

export function isSecretField(name: string): boolean {
  return name.split(/[_\-\s]+|(?=[A-Z])/).some((part) => SECRET_PARTS.has(part.toLowerCase()));
}

/** A secret's value: compared, never shown. */
interface Hidden {
  hidden: string;
}

type Flat = Map<string, AuditValue | Hidden>;

function isHidden(value: AuditValue | Hidden | undefined): value is Hidden {
  return typeof value === 'object' && value !== null;
}

function isScalar(value: unknown): value is AuditValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function flatten(value: unknown, path: string, into: Flat): Flat {
  if (value === undefined) return into;
  if (isScalar(value)) {
    into.set(path, value);
  } else if (Array.isArray(value)) {
    if (value.every(isScalar)) into.set(path, value.map((item) => String(item)).join(', '));
    else value.forEach((item, index) => flatten(item, `${path}.${index + 1}`, into));
  } else if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const name = path ? `${path}.${key}` : key;
      if (isSecretField(key)) into.set(name, { hidden: JSON.stringify(inner) ?? '' });
      else flatten(inner, name, into);
    }
  }
  return into;
}

const blank = (value: AuditValue) => value === null || value === '';

/** The fields that differ, in the record's order (fields only after come last). */
export function auditDiff(before: unknown, after: unknown): AuditChange[] {
  const old = flatten(before ?? undefined, '', new Map());
  const now = flatten(after ?? undefined, '', new Map());
  const changes: AuditChange[] = [];
  for (const field of new Set([...old.keys(), ...now.keys()])) {
    const was = old.get(field);
    const is = now.get(field);
    if (isHidden(was) || isHidden(is)) {
      if (JSON.stringify(was) !== JSON.stringify(is)) changes.push({ kind: 'secret', field });
    } else if (was !== undefined && is !== undefined) {
      if (was !== is && !(blank(was) && blank(is))) changes.push({ kind: 'changed', field, before: was, after: is });
    } else if (is !== undefined) {
      // A record created: its empty fields say nothing.
      if (!blank(is)) changes.push({ kind: 'added', field, after: is });
    } else if (was !== undefined && !blank(was)) {
      changes.push({ kind: 'removed', field, before: was });
    }
  }
  return changes;
}

const FIELDS = [
  'id', 'username', 'display_name', 'role', 'area', 'locked', 'locked_until', 'totp_enabled', 'language', 'created_at',
  'updated_at', 'password', 'password_hash', 'bill_id', 'status', 'capacity', 'linked_count', 'returned_count',
  'child_count', 'actual_weight_kg', 'expected_weight_kg', 'weight_difference_kg', 'description', 'destination',
  'vehicle_number', 'completed_at', 'weighbridge_weight_kg', 'qr', 'kind', 'max_children', 'parent_qr', 'parent_type',
  'code', 'name', 'child_weight_kg', 'qr_pattern', 'notes', 'bag_count', 'closed_at', 'bill', 'parent', 'ticket',
  'already_linked', 'rows', 'accepted', 'batches_accepted', 'rejected', 'skipped', 'stopped_by_error', 'everywhere', 'revoked',
] as const;

function partWords(part: string): string {
  if (/^\d+$/.test(part)) return `#${part}`;
  const known = FIELDS.find((field) => field === part);
  if (known) return t(`admin.audit.field.${known}`);
  const words = part.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A dotted name in words: `bill.vehicle_number` → "Bill › Vehicle number". */
export function auditFieldLabel(field: string): string {
  return field.split('.').map(partWords).join(' › ');
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function statusWords(status: string, field: string, targetKind: string | null): string {
  const parts = field.split('.');
  const owner = parts.length > 1 ? parts[parts.length - 2] : targetKind;
  if (owner === 'bill') return billStatusLabel(status);
  if (owner === 'ticket' || owner === 'return') return returnStatusLabel(status);
  return bagStatusLabel(status);
}

function stringWords(value: string, field: string, targetKind: string | null): string {
  const name = field.split('.').pop() ?? field;
  if (name === 'role' && (value === 'admin' || value === 'biller' || value === 'dispatcher')) return t(`roles.${value}`);
  if (name === 'language') {
    const language = asLanguage(value);
    return language ? LANGUAGE_NAMES[language] : value;
  }
  if (name === 'status') return statusWords(value, field, targetKind);
  if (name === 'kind' && (value === 'parent' || value === 'child')) return t(`trace.kind.${value}`);
  return value;
}

export interface ValueWords {
  /** An RFC 3339 instant as the screen shows times (the site's clock). */
  instant: (iso: string) => string;
  /** The entry's `target_kind`, which says whose `status` a top-level status is. */
  targetKind?: string | null;
}

/** One value in words: yes/no, numbers as the language writes them, times on the site's clock, known codes in words. */
export function auditValueText(value: AuditValue, field: string, words: ValueWords): string {
  if (blank(value)) return t('admin.audit.diff.empty');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return words.instant(value);
  return stringWords(String(value), field, words.targetKind ?? null);
}

/** One change as a line: the field in words, and what became of it. */
export function describeAuditChange(change: AuditChange, words: ValueWords): { field: string; text: string } {
  const field = auditFieldLabel(change.field);
  const value = (of: AuditValue) => auditValueText(of, change.field, words);
  switch (change.kind) {
    case 'changed':
      return { field, text: `${value(change.before)} → ${value(change.after)}` };
    case 'added':
      return { field, text: t('admin.audit.diff.addedValue', { value: value(change.after) }) };
    case 'removed':
      return { field, text: t('admin.audit.diff.removedValue', { value: value(change.before) }) };
    case 'secret':
      return { field, text: t('admin.audit.diff.changed') };
  }
}
