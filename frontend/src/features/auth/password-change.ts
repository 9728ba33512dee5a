// Changing one's own password (POST /auth/password): the body checked before sending (the
// `ChangePassword` schema for the length, the policy's character classes in
// lib/api/server-rules.ts), the new one typed twice, and the server's answers
// (`current_password` wrong, `new_password` too weak) on the field they are about.
import { t } from '../../i18n';
import type { ProblemSummary } from '../../lib/api/problem';
import type { ChangePassword } from '../../lib/api/types';
import { checkBody } from '../../lib/api/validation';

export interface PasswordChangeValues {
  current_password: string;
  new_password: string;
  repeat_password: string;
}

export type PasswordChangeField = keyof PasswordChangeValues;
export type PasswordChangeErrors = Partial<Record<PasswordChangeField, string>>;

export const EMPTY_PASSWORD_CHANGE: PasswordChangeValues = { current_password: '', new_password: '', repeat_password: '' };

const FIELDS: readonly PasswordChangeField[] = ['current_password', 'new_password', 'repeat_password'];

export function validatePasswordChange(values: PasswordChangeValues): PasswordChangeErrors {
  const first: PasswordChangeErrors = {};
  if (!values.current_password) first.current_password = t('account.enterCurrent');
  const errors = checkBody('ChangePassword', toChangePassword(values), FIELDS, { first });
  if (!errors.new_password && values.repeat_password !== values.new_password) errors.repeat_password = t('account.noMatch');
  return errors;
}

export function toChangePassword(values: PasswordChangeValues): ChangePassword {
  return { current_password: values.current_password, new_password: values.new_password };
}

/** The server's `details.fields` on the form's fields; anything else stays a banner. */
export function serverPasswordErrors(problem: ProblemSummary): PasswordChangeErrors {
  const errors: PasswordChangeErrors = {};
  if (problem.fields.current_password) errors.current_password = problem.fields.current_password;
  if (problem.fields.new_password) errors.new_password = problem.fields.new_password;
  return errors;
}
