// "Contents at a time" on a parent's trace: the instant asked about lives in the address bar
// (`/trace/SB00017?at=…`, RFC 3339), so the view can be shared or reloaded; without it the trace
// shows the parent's children now. Pure, for tests.
import { zonedInputToIso } from '../../lib/dates';

/** The instant in the address bar, or null when there is none or it is not a time. */
export function asOfFrom(params: URLSearchParams): string | null {
  const at = params.get('at');
  return at && !Number.isNaN(Date.parse(at)) ? at : null;
}

/** The address bar's parameters with `at` set to `iso`, or without it (back to now). */
export function withAsOf(params: URLSearchParams, iso: string | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (iso) next.set('at', iso);
  else next.delete('at');
  return next;
}

/** A time typed on the site's clock (`datetime-local`) as the instant to ask about; null when incomplete. */
export function asOfTyped(typed: string, timeZone: string | null): string | null {
  return zonedInputToIso(typed, timeZone);
}

/** Whether the answer is about the instant asked (the server may write it differently: `Z`, fractions). */
export function isAnswerFor(answerAt: string | null | undefined, askedAt: string): boolean {
  return !!answerAt && Date.parse(answerAt) === Date.parse(askedAt);
}
