// The server's rules that ../openapi/openapi.json does not state as constraints (it says them in
// a `description` at most), so the generated schemas (zod.gen.ts) cannot check them. This is the
// one place the SPA repeats server rules by hand; each names the server code it mirrors. The
// other checks before sending come from the document (validation.ts), or are the forms' own (an
// empty field, a password typed twice, how a number is typed), or need the server's data (a
// bill's capacity never below the parents loaded, in features/bills/bill.ts).
//
// `UNSTATED` puts each rule on the request-body field it belongs to; `checkBody` applies it
// after the schema. When the API starts stating one of them (a `pattern`, a `maxLength`…),
// `npm run gen:api` puts it in zod.gen.ts and server-rules.test.ts fails until the copy here
// is deleted.
//
// No zod (nor i18n/format) here: the sign-in form uses the TOTP rule, so this file is part of the
// first load (about 0.7 KiB gzipped), which must stay small.
import { t } from '../../i18n';
import type * as Generated from './zod.gen';
import type { Role } from './types';

/** The request bodies zod.gen.ts has a schema for. */
export type SchemaName = Exclude<keyof typeof Generated, 'limits'>;

/** A field's problem in words, or undefined when the value passes. */
export type Rule = (value: string) => string | undefined;

/** C0 and C1 control characters (crates/domain/src/text.rs refuses them in free text). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;

const characters = (text: string) => [...text].length;

/**
 * The password policy, SPEC §7 (crates/domain/src/password.rs): 8–128 characters with an
 * upper-case letter, a lower-case letter, a digit and a symbol; the message names what is missing.
 */
export const PASSWORD = { min: 8, max: 128 } as const;

export function passwordProblem(password: string): string | undefined {
  const length = characters(password);
  if (length < PASSWORD.min) return t('password.tooShort', PASSWORD);
  if (length > PASSWORD.max) return t('password.tooLong', PASSWORD);
  const missing = [
    [/\p{Lu}/u.test(password), t('password.upper')],
    [/\p{Ll}/u.test(password), t('password.lower')],
    [/[0-9]/.test(password), t('password.digit')],
    [/[^\p{L}\p{N}\s]/u.test(password), t('password.symbol')],
  ] as const;
  const absent = missing.filter(([present]) => !present).map(([, what]) => what);
  return absent.length > 0 ? t('password.mustContain', { what: absent.join(', ') }) : undefined;
}

/** A username (crates/domain/src/user.rs `Username`): 3–40 letters, digits, `.`, `_` or `-`, trimmed. */
export const USERNAME = { min: 3, max: 40 } as const;

export function usernameProblem(username: string): string | undefined {
  const value = username.trim();
  const fits = characters(value) >= USERNAME.min && characters(value) <= USERNAME.max && /^[A-Za-z0-9._-]*$/.test(value);
  return fits ? undefined : t('rules.username', USERNAME);
}

/** A display name (crates/api/src/routes/users.rs `check_display_name`): at most 80 characters, trimmed, no control characters. */
export const DISPLAY_NAME = { max: 80 } as const;

export function displayNameProblem(name: string): string | undefined {
  const value = name.trim();
  if (CONTROL.test(value)) return t('validation.characters');
  return characters(value) > DISPLAY_NAME.max ? t('validation.tooLong', { count: DISPLAY_NAME.max, max: String(DISPLAY_NAME.max) }) : undefined;
}

/** A dispatcher needs a dispatch area; admins and billers have none (`CreateUser.area`, SPEC §6). Across two fields. */
export function dispatcherAreaProblem(role: Role, area: string): string | undefined {
  return role === 'dispatcher' && !area ? t('rules.dispatcherArea') : undefined;
}

/** A parent type's code (crates/domain/src/parent_type.rs): 2–40 lower-case letters, digits or `_`, a letter first, after trimming and lower-casing. */
export const PARENT_TYPE_CODE = { min: 2, max: 40 } as const;

export function parentTypeCodeProblem(code: string): string | undefined {
  const value = code.trim().toLowerCase();
  const fits = value.length >= PARENT_TYPE_CODE.min && value.length <= PARENT_TYPE_CODE.max && /^[a-z][a-z0-9_]*$/.test(value);
  return fits ? undefined : t('rules.parentTypeCode', PARENT_TYPE_CODE);
}

/** A parent type's name (same file): 1–80 characters, trimmed, no control characters. */
export const PARENT_TYPE_NAME = { min: 1, max: 80 } as const;

export function parentTypeNameProblem(name: string): string | undefined {
  const value = name.trim();
  if (CONTROL.test(value)) return t('validation.characters');
  const length = characters(value);
  return length >= PARENT_TYPE_NAME.min && length <= PARENT_TYPE_NAME.max ? undefined : t('rules.parentTypeName', PARENT_TYPE_NAME);
}

/**
 * A parent type's QR pattern (same file): 1–200 bytes of UTF-8, as typed. Whether it compiles
 * is the server's to say: it is a Rust regular expression, not a JavaScript one.
 */
export const QR_PATTERN = { min: 1, max: 200 } as const;

export function qrPatternProblem(pattern: string): string | undefined {
  const bytes = new TextEncoder().encode(pattern).length;
  return bytes >= QR_PATTERN.min && bytes <= QR_PATTERN.max ? undefined : t('rules.qrPattern', QR_PATTERN);
}

/** A bill id (crates/domain/src/identifier/bill_id.rs): 3–50 letters, digits, `-`, `_` or `/`, trimmed. */
export const BILL_ID = { min: 3, max: 50 } as const;

export function billIdProblem(billId: string): string | undefined {
  const value = billId.trim();
  const fits = value.length >= BILL_ID.min && value.length <= BILL_ID.max && /^[A-Za-z0-9_/-]*$/.test(value);
  return fits ? undefined : t('rules.billId', BILL_ID);
}

/**
 * An authenticator code (crates/api/src/auth/totp.rs): 6 digits, spaces taken out first
 * (apps show `123 456`). The sign-in and two-step forms call it with their own words (the
 * sign-in's come with the first load).
 */
export function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s+/g, ''));
}

const signInCode: Rule = (code) => (isTotpCode(code) ? undefined : t('login.codeShape'));
const accountCode: Rule = (code) => (isTotpCode(code) ? undefined : t('totp.codeShape'));

type FieldsOf<S extends SchemaName> = keyof NonNullable<(typeof Generated)[S]['_zod']['output']>;

/** The rules above on the body fields they belong to; `checkBody` applies them after the schema. */
export const UNSTATED = {
  ChangePassword: { new_password: passwordProblem },
  CreateBill: { bill_id: billIdProblem },
  CreateParentType: { code: parentTypeCodeProblem, name: parentTypeNameProblem, qr_pattern: qrPatternProblem },
  CreateUser: { username: usernameProblem, display_name: displayNameProblem, password: passwordProblem },
  LoginRequest: { totp: signInCode },
  TotpCode: { code: accountCode },
  TotpDisableRequest: { code: accountCode },
  UpdateUser: { display_name: displayNameProblem, password: passwordProblem },
} satisfies { [S in SchemaName]?: { [F in FieldsOf<S>]?: Rule } };
