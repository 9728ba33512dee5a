// Turns whatever an API call failed with (a problem+json body, a bare status, a dropped
// connection) into plain words for a person and per-field messages for a form.
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
  parent_on_bill: true, batch_rejected: true,
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
  if (seconds < 60) {
    const whole = Math.max(1, Math.ceil(seconds));
    return whole === 1 ? '1 second' : `${whole} seconds`;
  }
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** Our own words where the server's are about transport, the server's where they are about the data. */
function plainWords(code: FailureCode, serverMessage: string | null, retryAfter: number | null): string {
  switch (code) {
    case 'network_error':
      return 'No connection to the server. Check the Wi-Fi and try again.';
    case 'unauthorized':
      return 'Your session has ended. Please sign in again.';
    case 'forbidden':
      return 'Your role is not allowed to do this.';
    case 'other_area':
      // Nothing about the other area: a dispatcher may not learn more of it.
      return 'This bag belongs to another area.';
    case 'account_locked':
      return retryAfter
        ? `This account is locked after too many failed sign-ins. Try again in ${waitText(retryAfter)}, or ask an admin to unlock it.`
        : 'This account is locked after too many failed sign-ins. Ask an admin to unlock it.';
    case 'rate_limited':
      return retryAfter
        ? `Too many attempts. Wait ${waitText(retryAfter)} and try again.`
        : 'Too many attempts. Wait a little and try again.';
    case 'unavailable':
      return 'The server cannot reach its database right now. Try again in a moment.';
    case 'internal':
      return 'Something went wrong on the server. Try again; if it keeps happening, tell an admin.';
    case 'payload_too_large':
      return 'That is too much data to send at once.';
    case 'idempotency_conflict':
      return 'This request was already sent with different content. Scan again.';
    case 'unexpected':
      return serverMessage ?? 'The server gave an answer this screen does not understand.';
    default:
      return serverMessage ?? 'The request was refused.';
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
    message: plainWords(code, `The server answered ${response.status}.`, retry_after_s),
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
