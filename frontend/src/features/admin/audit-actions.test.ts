import { describe, expect, it } from 'vitest';

import en from '../../i18n/en.json';
import hi from '../../i18n/hi.json';
import { AUDIT_ACTIONS, asAuditAction, auditActionChoices, auditActionLabel, auditTargetText } from './audit-actions';

describe('audit actions', () => {
  it('has words for every action the server writes, in English and Hindi, and none for others', () => {
    for (const words of [en.admin.audit.actions, hi.admin.audit.actions]) {
      expect(Object.keys(words).sort()).toEqual([...AUDIT_ACTIONS].sort());
    }
  });

  it('names an action in plain words, and a newer one as the server wrote it', () => {
    expect(auditActionLabel('user_created')).toBe('User created');
    expect(auditActionLabel('bill_updated')).toBe('Bill changed');
    expect(auditActionLabel('login_failed')).toBe('Sign-in failed');
    expect(auditActionLabel('area_renamed')).toBe('area renamed');
  });

  it('offers the words and sends the code', () => {
    const choices = auditActionChoices();
    expect(choices).toHaveLength(AUDIT_ACTIONS.length);
    expect(choices.find((choice) => choice.label === 'Bill changed')?.value).toBe('bill_updated');
    expect(asAuditAction('export')).toBe('export');
    expect(asAuditAction('drop_table')).toBeNull();
  });

  it('says what an entry was about, naming a user rather than their id', () => {
    const id = '0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01';
    expect(auditTargetText({ target_kind: 'user', target_id: id, before: null, after: { username: 'ravi' } })).toBe('user ravi');
    expect(auditTargetText({ target_kind: 'user', target_id: id, before: { username: 'old' }, after: null })).toBe('user old');
    expect(auditTargetText({ target_kind: 'user', target_id: id, before: null, after: null })).toBe(`user ${id}`);
    expect(auditTargetText({ target_kind: 'bill', target_id: 'B-1', before: null, after: null })).toBe('bill B-1');
    expect(auditTargetText({ target_kind: 'return', target_id: 'RTN-1', before: null, after: null })).toBe('return ticket RTN-1');
    expect(auditTargetText({ target_kind: 'gadget', target_id: 'g1', before: null, after: null })).toBe('gadget g1');
    expect(auditTargetText({ target_kind: null, target_id: null, before: null, after: null })).toBe('');
  });
});
