// The parent type form (`CreateParentType`, SPEC §2): the body as it would be sent, checked
// before sending against the schema generated from the OpenAPI document (code, name, count and
// weight ranges) and the server's rules it does not state (lib/api/server-rules.ts: the QR
// pattern's length in bytes). The server checks again (the QR pattern is a Rust regular
// expression, so only the server can say whether it compiles); its `details.fields` and
// `duplicate` land on the same fields.
import { t } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import type { ProblemSummary } from '../../lib/api/problem';
import type { CreateParentType } from '../../lib/api/types';
import { checkBody, limits, range } from '../../lib/api/validation';

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

/** A number as typed (a decimal comma too): undefined when empty, NaN when not a number. */
function numberOf(text: string): number | undefined {
  const trimmed = text.trim().replace(',', '.');
  return trimmed ? Number(trimmed) : undefined;
}

/** The request body of the form's values. The pattern is sent exactly as typed; no child weight means the server's 1 kg. */
export function toCreateParentType(values: ParentTypeFormValues): CreateParentType {
  const child = numberOf(values.child_weight_kg);
  const body = {
    code: values.code.trim().toLowerCase(),
    name: values.name.trim(),
    qr_pattern: values.qr_pattern,
    max_children: numberOf(values.max_children),
    expected_weight_kg: numberOf(values.expected_weight_kg),
    ...(child === undefined ? {} : { child_weight_kg: child }),
  };
  // Until validateParentType passes, a number may still be missing or NaN (the schema names
  // it); the form sends only a body that passed, which is the API's shape.
  return body as CreateParentType;
}

export function validateParentType(values: ParentTypeFormValues): ParentTypeFieldErrors {
  const kilograms = t('parentTypes.errors.kilograms');
  return checkBody('CreateParentType', toCreateParentType(values), PARENT_TYPE_FIELDS, {
    words: {
      max_children: t('parentTypes.errors.maxChildren', range(limits.CreateParentType.max_children)),
      expected_weight_kg: kilograms,
      child_weight_kg: kilograms,
    },
  });
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
