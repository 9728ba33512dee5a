// Turning one's own second factor on and off. The signed-in user is held by the session (the
// header, the guards and this screen read it there), so each change writes the server's new
// description of the user back into it.
import { api, session, unwrap } from '../../../lib/api/client';
import type { TotpDisableRequest, TotpSetup, User } from '../../../lib/api/types';
import { normalizeCode } from '../totp';

/** A fresh secret, not yet needed at sign-in: only `enableTotp` with a code from it turns it on. */
export function startTotpSetup(password: string): Promise<TotpSetup> {
  return unwrap(api.POST('/api/v1/auth/totp/setup', { body: { password } }));
}

export async function enableTotp(code: string): Promise<User> {
  const user = await unwrap(api.POST('/api/v1/auth/totp/enable', { body: { code: normalizeCode(code) } }));
  session.updateUser(user);
  return user;
}

export async function disableTotp({ password, code }: TotpDisableRequest): Promise<void> {
  const before = session.user();
  await unwrap(api.POST('/api/v1/auth/totp/disable', { body: { password, code: normalizeCode(code) } }));
  try {
    await refreshCurrentUser();
  } catch {
    // The 204 already says it is off; the screen must not keep offering "Turn off".
    if (before) session.updateUser({ ...before, totp_enabled: false });
  }
}

/** Re-reads `/auth/me`, e.g. when the server says the second factor is already on (another tab). */
export async function refreshCurrentUser(): Promise<void> {
  session.updateUser(await unwrap(api.GET('/api/v1/auth/me')));
}
