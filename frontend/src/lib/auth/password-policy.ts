// The password policy the API states (SPEC §7, `CreateUser`, `ChangePassword`): 8–128
// characters with upper case, lower case, a digit and a symbol. Checked before sending so a
// person sees the problem on the field at once; the server checks again.
import { t } from '../../i18n';

/** A message in the server's words ("must contain a digit"), or undefined when it passes. */
export function passwordError(password: string): string | undefined {
  const length = [...password].length;
  if (length < 8) return t('password.tooShort');
  if (length > 128) return t('password.tooLong');
  const missing = [
    [/\p{Lu}/u.test(password), t('password.upper')],
    [/\p{Ll}/u.test(password), t('password.lower')],
    [/[0-9]/.test(password), t('password.digit')],
    [/[^\p{L}\p{N}\s]/u.test(password), t('password.symbol')],
  ] as const;
  const absent = missing.filter(([present]) => !present).map(([, what]) => what);
  return absent.length > 0 ? t('password.mustContain', { what: absent.join(', ') }) : undefined;
}
