// Changing one's own password (POST /auth/password): the policy checked before sending, the
// new one typed twice, and the server's answers (`current_password` wrong, `new_password`
// too weak) on the field they are about.
import { t } from '../../i18n';
import type { ProblemSummary } from '../../lib/api/problem';
import type { ChangePassword } from '../../lib/api/types';
import { passwordError } from '../../lib/auth/password-policy';

export interface PasswordChangeValues {
  current_password: string;
  new_password: string;
  repeat_password: string;
}

export type PasswordChangeField = keyof PasswordChangeValues;
export type PasswordChangeErrors = Partial<Record<PasswordChangeField, string>>;

export const EMPTY_PASSWORD_CHANGE: PasswordChangeValues = { current_password: '', new_password: '', repeat_password: '' };

export function validatePasswordChange(values: PasswordChangeValues): PasswordChangeErrors {
  const errors: PasswordChangeErrors = {};
  if (!values.current_password) errors.current_password = t('account.enterCurrent');
  const weak = passwordError(values.new_password);
  if (weak) errors.new_password = weak;
  else if (values.repeat_password !== values.new_password) errors.repeat_password = t('account.noMatch');
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
