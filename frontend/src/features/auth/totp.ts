// The second factor on the account screen (POST /auth/totp/setup, /enable, /disable): the
// secret shown so a person can type it, the code's shape checked before sending (a wrong code
// costs a try), and the server's `password` / `code` answers on their fields.
import { t } from '../../i18n';
import type { ProblemSummary } from '../../lib/api/problem';
import { isTotpCode } from '../../lib/api/server-rules';

/** Authenticator apps show codes as `123 456`; the server ignores the space too. */
export function normalizeCode(text: string): string {
  return text.replace(/\s+/g, '');
}

export function codeError(text: string): string | undefined {
  const code = normalizeCode(text);
  if (!code) return t('totp.enterCode');
  return isTotpCode(code) ? undefined : t('totp.codeShape');
}

/** Base32 in blocks of four: 32 letters in a row are easy to mistype, eight blocks are not. */
export function groupSecret(secret: string, size = 4): string {
  const plain = secret.replace(/\s+/g, '').toUpperCase();
  return (plain.match(new RegExp(`.{1,${size}}`, 'g')) ?? []).join(' ');
}

/** Only an `otpauth:` address becomes a link: an href taken from an answer must not run script. */
export function isOtpauthUri(uri: string): boolean {
  return /^otpauth:\/\//i.test(uri.trim());
}

export type TotpField = 'password' | 'code';
export type TotpErrors = Partial<Record<TotpField, string>>;

/** Field checks for the forms that take these fields; the server checks again. */
export function validateTotpForm(values: Partial<Record<TotpField, string>>): TotpErrors {
  const errors: TotpErrors = {};
  if (values.password !== undefined && !values.password) errors.password = t('totp.enterPassword');
  if (values.code !== undefined) {
    const wrong = codeError(values.code);
    if (wrong) errors.code = wrong;
  }
  return errors;
}

/** The server's `details.fields` on the form's fields; anything else stays a banner. */
export function serverTotpErrors(problem: ProblemSummary, fields: readonly TotpField[]): TotpErrors {
  const errors: TotpErrors = {};
  for (const field of fields) {
    const message = problem.fields[field];
    if (message) errors[field] = message;
  }
  return errors;
}
