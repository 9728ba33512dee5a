// The server's rules that ../openapi/openapi.json does not state as constraints (it says them in
// a `description` at most), so the generated schemas (zod.gen.ts) cannot check them. This is the
// one place the SPA repeats server rules by hand; each names the server code it mirrors. What
// the document states (lengths, patterns, ranges: the bill id, a username, a display name, a
// parent type's code and name, a password's length…) comes from it (validation.ts, with a
// field's own sentence from FIELD_WORDS there). The other checks before sending are the forms'
// own (an empty field, a password typed twice, how a number is typed), or need the server's data
// (a bill's capacity never below the parents loaded, in features/bills/bill.ts).
//
// `UNSTATED` puts each rule on the request-body field it belongs to; `checkBody` applies it
// after the schema, so a rule here sees only values the schema passed. When the API starts
// stating one of them (a `pattern`, a `maxLength`…), `npm run gen:api` puts it in zod.gen.ts and
// server-rules.test.ts fails until the copy here is deleted.
//
// No zod (nor i18n/format) here: the sign-in form uses the TOTP rule, so this file is part of the
// first load (about 0.7 KiB gzipped), which must stay small.
import { t } from '../../i18n';
import type * as Generated from './zod.gen';

/** The request bodies zod.gen.ts has a schema for. */
export type SchemaName = Exclude<keyof typeof Generated, 'limits'>;

/** A field's problem in words, or undefined when the value passes. */
export type Rule = (value: string) => string | undefined;

/**
 * The password policy's character classes, SPEC §7 (crates/domain/src/password.rs): an
 * upper-case letter, a lower-case letter, a digit and a symbol; the message names what is
 * missing. The length (8–128 characters) is the document's (`minLength`/`maxLength`), checked
 * by the schema before this.
 */
export function passwordProblem(password: string): string | undefined {
  const missing = [
    [/\p{Lu}/u.test(password), t('password.upper')],
    [/\p{Ll}/u.test(password), t('password.lower')],
    [/[0-9]/.test(password), t('password.digit')],
    [/[^\p{L}\p{N}\s]/u.test(password), t('password.symbol')],
  ] as const;
  const absent = missing.filter(([present]) => !present).map(([, what]) => what);
  return absent.length > 0 ? t('password.mustContain', { what: absent.join(', ') }) : undefined;
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

/**
 * The API key scopes that reach every area (crates/domain/src/integration.rs, `check_scopes`):
 * a key bound to an area cannot have them (`validation_failed` on `scopes`). The document says
 * so only in `CreateApiKey.area`'s description.
 */
export const AREA_WIDE_SCOPES: readonly string[] = ['bill', 'export'];

/** The fields of a request body. */
export type FieldsOf<S extends SchemaName> = keyof NonNullable<(typeof Generated)[S]['_zod']['output']>;

/** The rules above on the body fields they belong to; `checkBody` applies them after the schema. */
export const UNSTATED = {
  ChangePassword: { new_password: passwordProblem },
  CreateUser: { password: passwordProblem },
  LoginRequest: { totp: signInCode },
  TotpCode: { code: accountCode },
  TotpDisableRequest: { code: accountCode },
  UpdateUser: { password: passwordProblem },
} satisfies { [S in SchemaName]?: { [F in FieldsOf<S>]?: Rule } };
