// The sign-in form's rules and what a refused sign-in shows. With a second factor on, the
// server answers a right password without a code by asking for one (`details.totp =
// "required"`), and a wrong or reused code with `"invalid"`: both keep the password and show
// the code field, so a person types only the code.
import { isRecord, type ProblemSummary } from '../../lib/api/problem';
import { normalizeCode } from './totp';

export type LoginField = 'username' | 'password' | 'totp';
export type LoginErrors = Partial<Record<LoginField, string>>;

export interface LoginValues {
  username: string;
  password: string;
  /** Null until the server asks for a code. */
  totp: string | null;
}

export const TOTP_INVALID_MESSAGE = 'That code is wrong or was already used — wait for the next one.';

export function validateLogin(values: LoginValues): LoginErrors {
  const errors: LoginErrors = {};
  if (!values.username.trim()) errors.username = 'Enter your username.';
  if (!values.password) errors.password = 'Enter your password.';
  if (values.totp !== null) {
    const code = normalizeCode(values.totp);
    // A malformed code would count as a failed sign-in towards the lockout: stop it here.
    if (!code) errors.totp = 'Enter the code from your authenticator app.';
    else if (!/^\d{6}$/.test(code)) errors.totp = 'The code is the 6 digits your app shows.';
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
      return { askCode: true, errors: { totp: TOTP_INVALID_MESSAGE }, problem: null };
    default:
      return { askCode: false, errors: problem.fields, problem };
  }
}
