// The sign-in form's rules and what a refused sign-in shows. With a second factor on, the
// server answers a right password without a code by asking for one (`details.totp =
// "required"`), and a wrong or reused code with `"invalid"`: both keep the password and show
// the code field, so a person types only the code.
import { t } from '../../i18n';
import { isRecord, type ProblemSummary } from '../../lib/api/problem';
import { isTotpCode } from '../../lib/api/server-rules';
import { normalizeCode } from './totp';

export type LoginField = 'username' | 'password' | 'totp';
export type LoginErrors = Partial<Record<LoginField, string>>;

export interface LoginValues {
  username: string;
  password: string;
  /** Null until the server asks for a code. */
  totp: string | null;
}

export function totpInvalidMessage(): string {
  return t('login.codeInvalid');
}

export function validateLogin(values: LoginValues): LoginErrors {
  const errors: LoginErrors = {};
  if (!values.username.trim()) errors.username = t('login.enterUsername');
  if (!values.password) errors.password = t('login.enterPassword');
  if (values.totp !== null) {
    const code = normalizeCode(values.totp);
    // A malformed code would count as a failed sign-in towards the lockout: stop it here.
    if (!code) errors.totp = t('login.enterCode');
    else if (!isTotpCode(code)) errors.totp = t('login.codeShape');
  }
  return errors;
}

export type TotpAnswer = 'required' | 'invalid';

/** Whether a refused sign-in is about the second factor, and how. */
export function totpAnswer(problem: ProblemSummary): TotpAnswer | null {
  if (problem.code !== 'unauthorized' || !isRecord(problem.details)) return null;
  const { totp } = problem.details;
  return totp === 'required' || totp === 'invalid' ? totp : null;
}

export interface LoginFailure {
  /** The password was right and a code is wanted: keep the password, show the code field. */
  askCode: boolean;
  errors: LoginErrors;
  /** The banner; null when the fields say it all. */
  problem: ProblemSummary | null;
}

export function loginFailure(problem: ProblemSummary): LoginFailure {
  switch (totpAnswer(problem)) {
    case 'required':
      return { askCode: true, errors: {}, problem: null };
    case 'invalid':
      return { askCode: true, errors: { totp: totpInvalidMessage() }, problem: null };
    default:
      return { askCode: false, errors: problem.fields, problem };
  }
}
