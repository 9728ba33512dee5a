// A request body checked before it is sent, so a person sees a problem on its field at once:
// first against the zod schema generated from ../openapi/openapi.json (zod.gen.ts: every
// length, range, pattern, choice and required field the API states), then against the
// server's rules the document does not state (server-rules.ts). The server checks again; its
// `details.fields` land on the same fields. Messages are i18n words with the document's numbers:
// a field whose rule takes a sentence to say (a bill id, a username…) has it in FIELD_WORDS, for
// every form that sends it; other problems are said in general words (issueMessage).
import type { core } from 'zod/mini';

import { t } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { UNSTATED, type FieldsOf, type Rule, type SchemaName } from './server-rules';
import * as generated from './zod.gen';
import { limits } from './zod.gen';

export { limits };

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** A range from the document as words' placeholders: `{ min: '1', max: '500' }` (numbers as the language writes them). */
export function range(limit: { minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number }): { min: string; max: string } {
  const min = limit.minimum ?? limit.exclusiveMinimum;
  const max = limit.maximum ?? limit.exclusiveMaximum;
  return { min: min === undefined ? '' : formatNumber(min), max: max === undefined ? '' : formatNumber(max) };
}

/** A length from the document as words' placeholders: `{ min: '3', max: '50' }` (numbers as the language writes them). */
export function lengths(limit: { minLength?: number; maxLength?: number }): { min: string; max: string } {
  const { minLength: min, maxLength: max } = limit;
  return { min: min === undefined ? '' : formatNumber(min), max: max === undefined ? '' : formatNumber(max) };
}

/**
 * A field's own sentence for a schema problem on it, or undefined to say it in general words.
 * `value` is the field's value in the body (never undefined: a missing field "is required").
 */
type FieldWords = (issue: core.$ZodIssue, value: unknown) => string | undefined;

/**
 * The fields whose rule is clearer said whole (which characters, how many) than as one broken
 * part of it, in every form that sends them. A form's own `words` still come first.
 */
/** The document's `if`/`then` between role and area: a dispatcher needs an area, others have none. */
function dispatcherArea(issue: core.$ZodIssue): string | undefined {
  return issue.code === 'custom' ? t('rules.dispatcherArea') : undefined;
}

/** A webhook's URL that is no http(s) address: the rule in words (lengths are said as lengths). */
function webhookUrl(issue: core.$ZodIssue): string | undefined {
  return issue.code === 'invalid_format' ? t('rules.webhookUrl') : undefined;
}

const FIELD_WORDS: { [S in SchemaName]?: { [F in FieldsOf<S>]?: FieldWords } } = {
  CreateBill: {
    bill_id: () => t('rules.billId', lengths(limits.CreateBill.bill_id)),
  },
  CreateParentType: {
    code: () => t('rules.parentTypeCode', lengths(limits.CreateParentType.code)),
    // A control character is said as such.
    qr_pattern: (issue) => (issue.code === 'invalid_format' ? undefined : t('rules.qrPattern', lengths(limits.CreateParentType.qr_pattern))),
    // A control character is said as such; a name of nothing but spaces is too short.
    name: (issue, value) =>
      issue.code === 'invalid_format' && !(typeof value === 'string' && value.trim() === '')
        ? undefined
        : t('rules.parentTypeName', lengths(limits.CreateParentType.name)),
  },
  CreateUser: {
    username: () => t('rules.username', lengths(limits.CreateUser.username)),
    area: dispatcherArea,
  },
  UpdateUser: {
    area: dispatcherArea,
  },
  CreateWebhook: {
    url: webhookUrl,
  },
  UpdateWebhook: {
    url: webhookUrl,
  },
};

/** One schema problem in words. `missing`: the field is absent from the body. */
export function issueMessage(issue: core.$ZodIssue, missing = false): string {
  switch (issue.code) {
    case 'invalid_type':
      if (missing) return t('validation.required');
      if (issue.expected === 'int') return t('validation.wholeNumber');
      return issue.expected === 'number' ? t('validation.number') : t('validation.invalid');
    case 'too_big': {
      const max = formatNumber(Number(issue.maximum));
      if (issue.origin === 'string') return t('validation.tooLong', { count: Number(issue.maximum), max });
      if (issue.origin !== 'number' && issue.origin !== 'int') return t('validation.invalid');
      return issue.inclusive === false ? t('validation.lessThan', { max }) : t('validation.atMost', { max });
    }
    case 'too_small': {
      const min = formatNumber(Number(issue.minimum));
      if (issue.origin === 'string') return t('validation.tooShort', { count: Number(issue.minimum), min });
      if (issue.origin !== 'number' && issue.origin !== 'int') return t('validation.invalid');
      return issue.inclusive === false ? t('validation.moreThan', { min }) : t('validation.atLeast', { min });
    }
    case 'invalid_format':
      return t('validation.characters');
    case 'invalid_value':
      return t('validation.choice');
    default:
      return t('validation.invalid');
  }
}

export interface CheckOptions<F extends string> {
  /**
   * A field's own sentence for any schema problem on it (e.g. "A whole number from 1 to 500.",
   * numbers from `limits`); without it, the field's sentence in FIELD_WORDS, if it has one.
   */
  words?: FieldErrors<F>;
  /** What the form found itself (an empty field, two fields that disagree): it comes first on its field. */
  first?: FieldErrors<F>;
}

/**
 * The problems of `body` (the request as it would be sent) on the form's `fields`, one per
 * field, in the order of `fields`: the form's own first, then the schema's, then the server
 * rules the document does not state. Problems on keys that are not form fields are left to
 * the server.
 */
export function checkBody<F extends string>(
  name: SchemaName,
  body: object,
  fields: readonly F[],
  { words = {}, first = {} }: CheckOptions<F> = {},
): FieldErrors<F> {
  const values = body as Record<string, unknown>;
  const isField = (key: unknown): key is F => typeof key === 'string' && (fields as readonly string[]).includes(key);
  const found: FieldErrors<F> = { ...first };
  const fieldWords: Partial<Record<string, FieldWords>> = FIELD_WORDS[name] ?? {};
  const result = generated[name].safeParse(body);
  for (const issue of result.success ? [] : result.error.issues) {
    const field = issue.path[0];
    if (!isField(field) || found[field] !== undefined) continue;
    const value = values[field];
    // An absent field is said to be missing, unless a rule between fields (`custom`) wants it.
    const own = value === undefined && issue.code !== 'custom' ? undefined : fieldWords[field]?.(issue, value);
    found[field] = words[field] ?? own ?? issueMessage(issue, value === undefined);
  }
  const rules: Partial<Record<string, Rule>> = UNSTATED[name as keyof typeof UNSTATED] ?? {};
  for (const [field, rule] of Object.entries(rules)) {
    const value = values[field];
    if (!isField(field) || found[field] !== undefined || typeof value !== 'string' || !rule) continue;
    const problem = rule(value);
    if (problem) found[field] = problem;
  }
  const errors: FieldErrors<F> = {};
  for (const field of fields) if (found[field] !== undefined) errors[field] = found[field];
  return errors;
}
