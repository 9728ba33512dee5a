// The parent type rules the API states (`CreateParentType`, SPEC §2), checked before sending
// so a person sees the problem on the field at once. The server checks again (the QR pattern
// is a Rust regular expression, so only the server can say whether it compiles); its
// `details.fields` and `duplicate` land on the same fields.
import { t } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import type { ProblemSummary } from '../../lib/api/problem';
import type { CreateParentType } from '../../lib/api/types';

export interface ParentTypeFormValues {
  code: string;
  name: string;
  qr_pattern: string;
  max_children: string;
  expected_weight_kg: string;
  child_weight_kg: string;
}

export type ParentTypeField = keyof ParentTypeFormValues;
export type ParentTypeFieldErrors = Partial<Record<ParentTypeField, string>>;

export const PARENT_TYPE_FIELDS: ParentTypeField[] = ['code', 'name', 'qr_pattern', 'max_children', 'expected_weight_kg', 'child_weight_kg'];

export const EMPTY_PARENT_TYPE_FORM: ParentTypeFormValues = {
  code: '', name: '', qr_pattern: '', max_children: '', expected_weight_kg: '', child_weight_kg: '1',
};

const CODE = /^[a-z][a-z0-9_]{1,39}$/;

/** A number as typed; '' and anything else that is not a finite number is null. */
function numberOf(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!trimmed) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

function kilograms(text: string): string | undefined {
  const value = numberOf(text);
  return value !== null && value > 0 && value < 1e6 ? undefined : t('parentTypes.errors.kilograms');
}

export function validateParentType(values: ParentTypeFormValues): ParentTypeFieldErrors {
  const errors: ParentTypeFieldErrors = {};
  if (!CODE.test(values.code.trim().toLowerCase())) errors.code = t('parentTypes.errors.code');
  const name = [...values.name.trim()].length;
  if (name < 1 || name > 80) errors.name = t('parentTypes.errors.name');
  if (values.qr_pattern.length < 1 || values.qr_pattern.length > 200) errors.qr_pattern = t('parentTypes.errors.pattern');
  const max = numberOf(values.max_children);
  if (max === null || !Number.isInteger(max) || max < 1 || max > 1000) errors.max_children = t('parentTypes.errors.maxChildren');
  const expected = kilograms(values.expected_weight_kg);
  if (expected) errors.expected_weight_kg = expected;
  const child = kilograms(values.child_weight_kg);
  if (child) errors.child_weight_kg = child;
  return errors;
}

/** The request body of valid form values. The pattern is sent exactly as typed. */
export function toCreateParentType(values: ParentTypeFormValues): CreateParentType {
  return {
    code: values.code.trim().toLowerCase(),
    name: values.name.trim(),
    qr_pattern: values.qr_pattern,
    max_children: Number(values.max_children.trim()),
    expected_weight_kg: numberOf(values.expected_weight_kg) ?? 0,
    child_weight_kg: numberOf(values.child_weight_kg) ?? 1,
  };
}

/** The server's `details.fields` on the form's fields; `duplicate` means the code is taken. */
export function serverParentTypeErrors(problem: ProblemSummary): ParentTypeFieldErrors {
  const errors: ParentTypeFieldErrors = {};
  for (const field of PARENT_TYPE_FIELDS) {
    const message = problem.fields[field];
    if (message) errors[field] = message;
  }
  if (problem.code === 'duplicate' && !errors.code) errors.code = t('parentTypes.errors.taken');
  return errors;
}

/** `30 × 1 kg, expected 30 kg` for the list. */
export function capacityText(type: { max_children: number; child_weight_kg: number; expected_weight_kg: number }): string {
  const kg = (value: number) => t('common.kg', { kg: formatNumber(Math.round(value * 100) / 100, { maximumFractionDigits: 2 }) });
  return t('parentTypes.capacity', { max: formatNumber(type.max_children), child: kg(type.child_weight_kg), expected: kg(type.expected_weight_kg) });
}
