// Turns whatever an API call failed with (a problem+json body, a bare status, a dropped
// connection) into plain words for a person and per-field messages for a form.
import { currentLanguage, DEFAULT_LANGUAGE, t } from '../../i18n';
import type { ErrorCode, Problem } from './types';

/** The API's codes, plus the two failures that never reach the API. */
export type FailureCode = ErrorCode | 'network_error' | 'unexpected';

export interface ProblemSummary {
  code: FailureCode;
  /** HTTP status, or null when no answer arrived. */
  status: number | null;
  /** One sentence a person can act on. */
  message: string;
  /** Per-field messages from `details.fields`, keyed by the request's field name. */
  fields: Record<string, string>;
  /** The problem's `details` as sent (e.g. `parent_qr` for `child_linked_elsewhere`). */
  details: unknown;
  request_id: string | null;
  /** Seconds from a `Retry-After` header, when the answer had one. */
  retry_after_s: number | null;
}

// A table rather than a list, so a code added to the schema fails to compile until it is here.
const ERROR_CODES: Record<ErrorCode, true> = {
  malformed_request: true, validation_failed: true, invalid_qr: true, wrong_kind: true,
  self_link: true, child_linked_elsewhere: true, parent_full: true, parent_completed: true,
  parent_on_other_bill: true, bill_at_capacity: true, bill_completed: true, bill_not_full: true,
  duplicate: true, last_admin: true, not_found: true, method_not_allowed: true,
  unauthorized: true, forbidden: true, other_area: true, account_locked: true, rate_limited: true,
  payload_too_large: true, unsupported_media_type: true, idempotency_conflict: true,
  unavailable: true, internal: true, return_closed: true, child_in_parent: true, parent_not_empty: true,
  parent_on_bill: true, batch_rejected: true, bill_not_completed: true, capacity_below_loaded: true,
  parent_empty: true, undo_expired: true, totp_not_set_up: true, return_empty: true, area_conflict: true,
  download_link_invalid: true, area_retired: true, parent_type_retired: true,
  max_children_below_held: true, parent_type_in_use: true, webhook_disabled: true,
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/**
 * A problem+json body as the server may send it: `message` today, and RFC 9457's `detail`
 * (the same words, or more specific ones) once the server adds it. Either is enough.
 */
export type ProblemBody = Omit<Problem, 'message' | 'request_id'> & {
  message?: string;
  detail?: string;
  request_id?: string;
};

export function isProblem(value: unknown): value is ProblemBody {
  return (
    isRecord(value) &&
    typeof value.status === 'number' &&
    (typeof value.message === 'string' || typeof value.detail === 'string') &&
    isErrorCode(value.code)
  );
}

/** The server's own words for a problem: RFC 9457 `detail` when present, else `message`. */
export function problemText(problem: ProblemBody): string | null {
  if (typeof problem.detail === 'string' && problem.detail !== '') return problem.detail;
  return typeof problem.message === 'string' ? problem.message : null;
}

/** `details.fields` = `[{field, message}]` → `{field: message}` (several messages joined). */
export function fieldMessages(details: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!isRecord(details) || !Array.isArray(details.fields)) return fields;
  for (const entry of details.fields) {
    if (!isRecord(entry) || typeof entry.field !== 'string' || typeof entry.message !== 'string') {
      continue;
    }
    const previous = fields[entry.field];
    fields[entry.field] = previous ? `${previous}; ${entry.message}` : entry.message;
  }
  return fields;
}

function retryAfterSeconds(response: Response | undefined): number | null {
  const raw = response?.headers.get('Retry-After');
  if (!raw) return null;
  // delta-seconds, or an HTTP-date (RFC 9110 §10.2.3).
  const seconds = /^\s*\d+\s*$/.test(raw) ? Number(raw) : (Date.parse(raw) - Date.now()) / 1000;
  if (!Number.isFinite(seconds)) return null;
  return Math.max(0, Math.ceil(seconds));
}

/** A wait in words: seconds under a minute ("5 seconds"), else whole minutes rounded up. */
function waitText(seconds: number): string {
  if (seconds < 60) return t('errors.wait.seconds', { count: Math.max(1, Math.ceil(seconds)) });
  return t('errors.wait.minutes', { count: Math.ceil(seconds / 60) });
}

/**
 * Codes whose words are ours in every language: about the connection, the session, the
 * server's health, or what a dispatcher may not learn (another area).
 */
const OWN_WORDS: ReadonlySet<FailureCode> = new Set<FailureCode>([
  'network_error', 'unauthorized', 'forbidden', 'other_area', 'payload_too_large', 'idempotency_conflict', 'unavailable', 'internal',
]);

/**
 * Plain words for a failure, in the language on screen, from its stable code. Where the
 * problem is about the data (which bag, which count), the server's own words are the most
 * exact; they are English, so they are shown as they are in English and stand in for a code
 * no other language has words for.
 */
function plainWords(code: FailureCode, serverMessage: string | null, retryAfter: number | null): string {
  switch (code) {
    case 'account_locked':
      return retryAfter ? t('errors.account_locked_wait', { wait: waitText(retryAfter) }) : t('errors.account_locked');
    case 'rate_limited':
      return retryAfter ? t('errors.rate_limited_wait', { wait: waitText(retryAfter) }) : t('errors.rate_limited');
    case 'unexpected':
      return serverMessage ?? t('errors.unexpected');
    default:
      if (OWN_WORDS.has(code)) return t(`errors.${code}`);
      if (serverMessage && currentLanguage() === DEFAULT_LANGUAGE) return serverMessage;
      return t(`errors.${code}`, { defaultValue: serverMessage ?? t('errors.refused') });
  }
}

/**
 * Summarise a failed call. `error` is openapi-fetch's parsed error body (or a thrown
 * exception); `response` the HTTP response when there was one.
 */
export function summarizeProblem(error: unknown, response?: Response): ProblemSummary {
  const retry_after_s = retryAfterSeconds(response);
  if (isProblem(error)) {
    return {
      code: error.code,
      status: error.status,
      message: plainWords(error.code, problemText(error), retry_after_s),
      fields: fieldMessages(error.details),
      details: error.details,
      request_id: typeof error.request_id === 'string' ? error.request_id : response?.headers.get('x-request-id') ?? null,
      retry_after_s,
    };
  }
  if (!response) {
    return {
      code: 'network_error',
      status: null,
      message: plainWords('network_error', null, null),
      fields: {},
      details: undefined,
      request_id: null,
      retry_after_s: null,
    };
  }
  // An answer that is not problem+json (a proxy's error page, a bare 502 or 429 …).
  const code: FailureCode =
    response.status === 401 ? 'unauthorized'
    : response.status === 403 ? 'forbidden'
    : response.status === 429 ? 'rate_limited'
    : response.status === 502 || response.status === 503 || response.status === 504 ? 'unavailable'
    : 'unexpected';
  return {
    code,
    status: response.status,
    message: plainWords(code, t('errors.status', { status: response.status }), retry_after_s),
    fields: {},
    details: undefined,
    request_id: response.headers.get('x-request-id'),
    retry_after_s,
  };
}

/** Thrown by `unwrap`, so TanStack Query and try/catch see one error type. */
export class ApiError extends Error {
  readonly problem: ProblemSummary;
  constructor(problem: ProblemSummary) {
    super(problem.message);
    this.name = 'ApiError';
    this.problem = problem;
  }
}

/** Whatever was thrown, as a summary (an ApiError keeps its own). */
export function toProblem(thrown: unknown): ProblemSummary {
  if (thrown instanceof ApiError) return thrown.problem;
  return summarizeProblem(thrown);
}

/** A failure worth retrying unchanged later: no answer, or the server said it is briefly down. */
export function isTransient(problem: ProblemSummary): boolean {
  return (
    problem.code === 'network_error' ||
    problem.code === 'unavailable' ||
    problem.code === 'rate_limited' ||
    (problem.status !== null && problem.status >= 502 && problem.status <= 504)
  );
}
