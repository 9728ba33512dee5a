// The audit trail's actions in plain words. The codes are those the server writes (every
// `audit_trail::record`, `client::audit_entry` and `admin_entry` call in crates/api); the
// filter offers these words and sends the code as `action`. A code newer than this list is
// shown as the server wrote it, underscores as spaces. Pure, for tests.
import { t } from '../../i18n';

/** In the order the filter offers them: signing in and accounts, users, bags and bills, returns, data, integrations. */
export const AUDIT_ACTIONS = [
  'login', 'login_failed', 'logout', 'password_changed', 'user_language_changed',
  'totp_setup_started', 'totp_enabled', 'totp_disabled', 'totp_reset',
  'user_created', 'user_updated', 'user_deleted', 'user_unlocked',
  'parent_type_created', 'bag_deleted',
  'bill_created', 'bill_updated', 'bill_parent_added', 'bill_parent_removed', 'bill_completed', 'bill_reopened', 'bill_deleted',
  'return_created', 'return_updated', 'return_parent_added', 'return_finalized', 'return_cancelled',
  'bags_imported', 'bills_imported', 'export',
  'api_key_created', 'api_key_rotated', 'api_key_revoked',
  'webhook_created', 'webhook_updated', 'webhook_deleted', 'webhook_redelivered',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function asAuditAction(value: string | null | undefined): AuditAction | null {
  return AUDIT_ACTIONS.find((action) => action === value) ?? null;
}

/** `bill_updated` → "Bill changed"; an unknown code in its own words. */
export function auditActionLabel(code: string): string {
  const action = asAuditAction(code);
  return action ? t(`admin.audit.actions.${action}`) : code.replace(/_/g, ' ');
}

/** The action filter's choices: the words a person reads, the code the API takes. */
export function auditActionChoices(): { value: AuditAction; label: string }[] {
  return AUDIT_ACTIONS.map((action) => ({ value: action, label: auditActionLabel(action) }));
}

const TARGET_KINDS = ['user', 'bill', 'bag', 'return', 'parent_type', 'bags', 'bills', 'events', 'audit', 'api_key', 'webhook'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function usernameIn(record: unknown): string | null {
  return typeof record === 'object' && record !== null && 'username' in record && typeof record.username === 'string' ? record.username : null;
}

/** The parts of an audit entry (`AuditEntry`) that say what it was about. */
interface AuditTarget {
  target_kind?: string | null;
  target_id?: string | null;
  before?: unknown;
  after?: unknown;
}

/** What an entry was about: "bill B-1"; a user named rather than by id when the record says who. */
export function auditTargetText(entry: AuditTarget): string {
  const kind = entry.target_kind ?? null;
  const known = TARGET_KINDS.find((candidate) => candidate === kind);
  const kindWords = known ? t(`admin.audit.target.${known}`) : kind;
  let id = entry.target_id ?? null;
  if (kind === 'user' && id && UUID.test(id)) id = usernameIn(entry.after) ?? usernameIn(entry.before) ?? id;
  return [kindWords, id].filter(Boolean).join(' ');
}
