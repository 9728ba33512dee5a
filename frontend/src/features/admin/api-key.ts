// API keys (admin, issue #18): the new-key form's body, checked against the schema generated
// from the OpenAPI document (`CreateApiKey`), and the one rule it does not state there: a key
// bound to an area cannot have the scopes that reach every area (bill, export), so the form
// takes them away when an area is chosen. The server's `details.fields` land on the same fields.
import { t } from '../../i18n';
import type { ProblemSummary } from '../../lib/api/problem';
import { AREA_WIDE_SCOPES } from '../../lib/api/server-rules';
import type { ApiKey, CreateApiKey, Scope } from '../../lib/api/types';
import { checkBody, limits, range } from '../../lib/api/validation';

/** Every scope, in the order the form offers them (the schema's `Scope`, held to it both ways). */
export const SCOPES = ['read', 'scan', 'bill', 'export', 'epcis'] as const satisfies readonly Scope[];
type Unlisted = Exclude<Scope, (typeof SCOPES)[number]>;
/** Compiles only while every scope of the schema is in `SCOPES`. */
export const EVERY_SCOPE_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

export interface ApiKeyFormValues {
  name: string;
  scopes: Scope[];
  /** An area's code, or "" for a key that reaches every area. */
  area: string;
  /** As typed; "" for the site's per-user limit. */
  requests_per_minute: string;
}

export type ApiKeyField = keyof ApiKeyFormValues;
export type ApiKeyFieldErrors = Partial<Record<ApiKeyField, string>>;

export const API_KEY_FIELDS: ApiKeyField[] = ['name', 'scopes', 'area', 'requests_per_minute'];
export const EMPTY_API_KEY_FORM: ApiKeyFormValues = { name: '', scopes: ['read'], area: '', requests_per_minute: '' };

/** Whether the form offers `scope` with this area chosen ("" = none). */
export function scopeAllowed(scope: Scope, area: string): boolean {
  return area === '' || !AREA_WIDE_SCOPES.includes(scope);
}

/** The form after choosing an area: the scopes that area-bound keys cannot have are taken away. */
export function withArea(values: ApiKeyFormValues, area: string): ApiKeyFormValues {
  return { ...values, area, scopes: values.scopes.filter((scope) => scopeAllowed(scope, area)) };
}

/** The form with `scope` ticked or not; a scope the area does not allow stays off. */
export function withScope(values: ApiKeyFormValues, scope: Scope, on: boolean): ApiKeyFormValues {
  const chosen = new Set(values.scopes);
  if (on && scopeAllowed(scope, values.area)) chosen.add(scope);
  else chosen.delete(scope);
  return { ...values, scopes: SCOPES.filter((known) => chosen.has(known)) };
}

export function toCreateApiKey(values: ApiKeyFormValues): CreateApiKey {
  const body: CreateApiKey = { name: values.name.trim(), scopes: SCOPES.filter((scope) => values.scopes.includes(scope)) };
  if (values.area !== '') body.area = values.area;
  const limit = values.requests_per_minute.trim();
  if (limit !== '') body.requests_per_minute = Number(limit);
  return body;
}

export function validateApiKey(values: ApiKeyFormValues): ApiKeyFieldErrors {
  const first: ApiKeyFieldErrors = {};
  if (values.name.trim() === '') first.name = t('validation.required');
  if (values.scopes.length === 0) first.scopes = t('apiKeys.errors.noScope');
  const wide = values.scopes.find((scope) => !scopeAllowed(scope, values.area));
  if (wide) first.scopes = t('apiKeys.errors.wideScope', { scope: scopeLabel(wide) });
  return checkBody('CreateApiKey', toCreateApiKey(values), API_KEY_FIELDS, {
    first,
    words: { requests_per_minute: t('apiKeys.limitRule', range(limits.CreateApiKey.requests_per_minute)) },
  });
}

/** The server's per-field words on the form's fields; a retired area on the area. */
export function serverApiKeyErrors(problem: ProblemSummary): ApiKeyFieldErrors {
  const errors: ApiKeyFieldErrors = {};
  for (const field of API_KEY_FIELDS) {
    const message = problem.fields[field];
    if (message) errors[field] = message;
  }
  if (problem.code === 'area_retired' && !errors.area) errors.area = problem.message;
  return errors;
}

export function scopeLabel(scope: Scope): string {
  return t(`apiKeys.scope.${scope}`);
}

/** What a scope allows, for the form's hint under each box. */
export function scopeHint(scope: Scope): string {
  return t(`apiKeys.scopeHint.${scope}`);
}

/** Live keys first, newest first within each group (the server sends newest first). */
export function sortApiKeys(keys: readonly ApiKey[]): ApiKey[] {
  return [...keys].sort((a, b) => Number(a.revoked_at != null) - Number(b.revoked_at != null) || b.created_at.localeCompare(a.created_at));
}
