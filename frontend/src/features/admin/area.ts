// Dispatch areas (admin, issue #17): the add form's body checked against the schema generated
// from the OpenAPI document (`CreateArea`), a rename checked against `UpdateArea`, and the
// server's `details.fields` and `duplicate` put on the same fields. A retired area still lists.
import { t } from '../../i18n';
import type { ProblemSummary } from '../../lib/api/problem';
import type { Area, CreateArea, UpdateArea } from '../../lib/api/types';
import { checkBody } from '../../lib/api/validation';

export interface AreaFormValues {
  code: string;
  name: string;
}

export type AreaField = keyof AreaFormValues;
export type AreaFieldErrors = Partial<Record<AreaField, string>>;

export const AREA_FIELDS: AreaField[] = ['code', 'name'];
export const EMPTY_AREA_FORM: AreaFormValues = { code: '', name: '' };

export function toCreateArea(values: AreaFormValues): CreateArea {
  return { code: values.code.trim().toLowerCase(), name: values.name.trim() };
}

export function validateArea(values: AreaFormValues): AreaFieldErrors {
  return checkBody('CreateArea', toCreateArea(values), AREA_FIELDS);
}

/** The body of a rename: the new name only. */
export function toRenameArea(name: string): UpdateArea {
  return { name: name.trim() };
}

export function validateRename(name: string): string | undefined {
  return checkBody('UpdateArea', toRenameArea(name), ['name'] as const).name;
}

export function serverAreaErrors(problem: ProblemSummary): AreaFieldErrors {
  const errors: AreaFieldErrors = {};
  for (const field of AREA_FIELDS) {
    const message = problem.fields[field];
    if (message) errors[field] = message;
  }
  if (problem.code === 'duplicate' && !errors.code) errors.code = t('areas.errors.taken');
  return errors;
}

/** Areas in use first, then retired ones, each by name. */
export function sortAreas(areas: readonly Area[]): Area[] {
  return [...areas].sort((a, b) => Number(a.retired) - Number(b.retired) || a.name.localeCompare(b.name));
}
