import { describe, expect, it } from 'vitest';

import type { ParentType } from '../../lib/api/types';
import { editValuesOf, refusalField, toUpdateParentType, validateParentTypeEdit } from './parent-type-edit';

const mustard: ParentType = {
  code: 'mustard', name: 'Mustard', qr_pattern: 'SB\\d{5}', max_children: 30, expected_weight_kg: 30,
  child_weight_kg: 1, created_at: '2026-11-28T09:00:00Z', retired: false,
};

describe('parent type edit', () => {
  it('sends nothing when nothing changed', () => {
    expect(toUpdateParentType(mustard, editValuesOf(mustard))).toEqual({});
    expect(validateParentTypeEdit(mustard, editValuesOf(mustard))).toEqual({});
  });

  it('sends only the changed fields, numbers as numbers', () => {
    const values = { ...editValuesOf(mustard), name: ' Mustard big ', max_children: '25', child_weight_kg: '1,5' };
    expect(toUpdateParentType(mustard, values)).toEqual({ name: 'Mustard big', max_children: 25, child_weight_kg: 1.5 });
  });

  it('never sends an unchanged pattern (a type in use refuses any pattern)', () => {
    const values = { ...editValuesOf(mustard), name: 'Rai' };
    expect(toUpdateParentType(mustard, values)).not.toHaveProperty('qr_pattern');
  });

  it('names each bad field before sending', () => {
    const values = { ...editValuesOf(mustard), max_children: '0', expected_weight_kg: 'heavy', name: ' ' };
    expect(Object.keys(validateParentTypeEdit(mustard, values)).sort()).toEqual(['expected_weight_kg', 'max_children', 'name']);
  });

  it('puts the server\'s refusals on the field they are about', () => {
    expect(refusalField('max_children_below_held')).toBe('max_children');
    expect(refusalField('parent_type_in_use')).toBe('qr_pattern');
    expect(refusalField('forbidden')).toBeNull();
  });
});
