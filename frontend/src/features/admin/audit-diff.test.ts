import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { i18n, loadLanguage } from '../../i18n';
import { auditDiff, auditFieldLabel, auditValueText, describeAuditChange, isSecretField, type AuditChange } from './audit-diff';

const words = { instant: (iso: string) => `<${iso}>`, targetKind: 'bill' };
const lines = (changes: AuditChange[], targetKind = 'bill') =>
  changes.map((change) => describeAuditChange(change, { ...words, targetKind })).map(({ field, text }) => `${field}: ${text}`);

describe('audit diff', () => {
  it('lists only the fields that changed, old value to new', () => {
    const before = { bill_id: 'B-1', vehicle_number: 'RJ14', description: '', capacity: 2, status: 'new' };
    const after = { bill_id: 'B-1', vehicle_number: 'RJ14 GB 9999', description: 'rice', capacity: 2, status: 'processing' };
    expect(auditDiff(before, after)).toEqual([
      { kind: 'changed', field: 'vehicle_number', before: 'RJ14', after: 'RJ14 GB 9999' },
      { kind: 'changed', field: 'description', before: '', after: 'rice' },
      { kind: 'changed', field: 'status', before: 'new', after: 'processing' },
    ]);
    expect(lines(auditDiff(before, after))).toEqual([
      'Vehicle number: RJ14 → RJ14 GB 9999',
      'Description: (empty) → rice',
      'Status: new → processing',
    ]);
  });

  it('shows fields only after as added and only before as removed, leaving out empty ones', () => {
    expect(lines(auditDiff(null, { qr: 'SB1', parent_qr: null, child_count: 1200 }), 'bag')).toEqual(['QR: SB1 (added)', 'Children: 1,200 (added)']);
    expect(lines(auditDiff({ role: 'dispatcher', area: 'lucknow' }, { role: 'biller' }), 'user')).toEqual([
      'Role: Dispatcher → Biller',
      'Area: lucknow (removed)',
    ]);
    expect(auditDiff(null, null)).toEqual([]);
    expect(auditDiff({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it('flattens nested records to dotted names, and words each part', () => {
    const after = { already_linked: false, bill: { capacity: 2, status: 'processing' }, parent: { qr: 'SB1', status: 'completed' } };
    const changes = auditDiff(null, after);
    expect(changes.map((change) => change.field)).toEqual(['already_linked', 'bill.capacity', 'bill.status', 'parent.qr', 'parent.status']);
    expect(lines(changes)).toEqual([
      'Already on the bill: No (added)',
      'Bill › Capacity: 2 (added)',
      'Bill › Status: processing (added)',
      'Parent › QR: SB1 (added)',
      'Parent › Status: completed (added)',
    ]);
    expect(auditDiff(null, { codes: ['A', 'B'], items: [{ qr: 'X' }] })).toEqual([
      { kind: 'added', field: 'codes', after: 'A, B' },
      { kind: 'added', field: 'items.1.qr', after: 'X' },
    ]);
    expect(auditFieldLabel('items.1.qr')).toBe('Items › #1 › QR');
    expect(auditFieldLabel('stopped_by_error')).toBe('Stopped by an error');
  });

  it('never shows a secret: a password, its hash, a token or a key only says “changed”', () => {
    const before = { username: 'ravi', password_hash: '$argon2id$v=19$old', totp: { secret: 'JBSWY3DP' } };
    const after = { username: 'ravi', password_hash: '$argon2id$v=19$new', totp: { secret: 'KRSXG5CT' }, refresh_token: 'abc' };
    const shown = lines(auditDiff(before, after), 'user');
    expect(shown).toEqual(['Password: changed', 'Totp › Secret: changed', 'Refresh token: changed']);
    expect(shown.join(' ')).not.toMatch(/argon|JBSWY3DP|KRSXG5CT|abc/);
    // The same hash both sides: nothing changed, nothing shown.
    expect(auditDiff({ password_hash: 'x' }, { password_hash: 'x' })).toEqual([]);
    expect(isSecretField('otpauth_uri')).toBe(true);
    expect(isSecretField('apiKey')).toBe(true);
    expect(isSecretField('totp_enabled')).toBe(false);
    expect(isSecretField('revoked')).toBe(false);
  });

  it('words values: yes/no, numbers, times on the screen’s clock, statuses by whose they are', () => {
    expect(auditValueText(true, 'locked', words)).toBe('Yes');
    expect(auditValueText(100000, 'rows', words)).toBe('1,00,000');
    expect(auditValueText('2026-11-28T09:00:00Z', 'updated_at', words)).toBe('<2026-11-28T09:00:00Z>');
    expect(auditValueText('committed', 'ticket.status', words)).toBe('finalised');
    expect(auditValueText('in_progress', 'parent.status', words)).toBe('in progress');
    expect(auditValueText('hi', 'language', words)).toBe('हिन्दी');
    expect(auditValueText(null, 'area', words)).toBe('(empty)');
  });
});

describe('audit diff in Hindi', () => {
  beforeAll(async () => {
    await loadLanguage('hi');
    await i18n.changeLanguage('hi');
  });
  afterAll(() => i18n.changeLanguage('en'));

  it('names fields and says what happened in Hindi', () => {
    expect(lines(auditDiff({ vehicle_number: 'RJ14' }, { vehicle_number: 'RJ19' }))).toEqual(['गाड़ी नंबर: RJ14 → RJ19']);
    expect(lines(auditDiff({ password_hash: 'a' }, { password_hash: 'b' }))).toEqual(['पासवर्ड: बदला']);
    expect(lines(auditDiff(null, { destination: 'Jaipur' }))).toEqual(['कहाँ भेजना है: Jaipur (जोड़ा)']);
  });
});
