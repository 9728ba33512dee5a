// Editing a parent type (issue #17): the form starts from the type as it is, and only the
// fields that changed are sent (`UpdateParentType`), so an unchanged QR pattern is never sent
// to a type in use. Checked against the schema generated from the OpenAPI document first; the
// server decides what only it can (a maximum below what open parents hold, a pattern in use or
// overlapping another type's), and its `details.fields` land on the same fields.
import { t } from '../../i18n';
import type { ParentType, UpdateParentType } from '../../lib/api/types';
import { checkBody, limits, range } from '../../lib/api/validation';

export interface ParentTypeEditValues {
  name: string;
  qr_pattern: string;
  max_children: string;
  expected_weight_kg: string;
  child_weight_kg: string;
}

export type ParentTypeEditField = keyof ParentTypeEditValues;
export type ParentTypeEditErrors = Partial<Record<ParentTypeEditField, string>>;

export const PARENT_TYPE_EDIT_FIELDS: ParentTypeEditField[] = ['name', 'qr_pattern', 'max_children', 'expected_weight_kg', 'child_weight_kg'];

export function editValuesOf(type: ParentType): ParentTypeEditValues {
  return {
    name: type.name,
    qr_pattern: type.qr_pattern,
    max_children: String(type.max_children),
    expected_weight_kg: String(type.expected_weight_kg),
    child_weight_kg: String(type.child_weight_kg),
  };
}

function numberOf(text: string): number {
  const trimmed = text.trim().replace(',', '.');
  return trimmed ? Number(trimmed) : Number.NaN;
}

/** Only what changed; an empty object when nothing did. */
export function toUpdateParentType(type: ParentType, values: ParentTypeEditValues): UpdateParentType {
  const body: UpdateParentType = {};
  const name = values.name.trim();
  if (name !== type.name) body.name = name;
  if (values.qr_pattern !== type.qr_pattern) body.qr_pattern = values.qr_pattern;
  const max = numberOf(values.max_children);
  if (max !== type.max_children) body.max_children = max;
  const expected = numberOf(values.expected_weight_kg);
  if (expected !== type.expected_weight_kg) body.expected_weight_kg = expected;
  const child = numberOf(values.child_weight_kg);
  if (child !== type.child_weight_kg) body.child_weight_kg = child;
  return body;
}

export function validateParentTypeEdit(type: ParentType, values: ParentTypeEditValues): ParentTypeEditErrors {
  const kilograms = t('parentTypes.errors.kilograms');
  return checkBody('UpdateParentType', toUpdateParentType(type, values), PARENT_TYPE_EDIT_FIELDS, {
    words: {
      max_children: t('parentTypes.errors.maxChildren', range(limits.CreateParentType.max_children)),
      expected_weight_kg: kilograms,
      child_weight_kg: kilograms,
    },
  });
}

/** Where a refusal of the server belongs on the form (`null`: above it, as a notice). */
export function refusalField(code: string): ParentTypeEditField | null {
  if (code === 'max_children_below_held') return 'max_children';
  if (code === 'parent_type_in_use') return 'qr_pattern';
  return null;
}
