// Signing in, restoring the tab's session after a reload, and signing out.
import { t } from '../../../i18n';
import { api, session, unwrap } from '../../../lib/api/client';
import { ApiError } from '../../../lib/api/problem';
import type { ChangePassword, LoginRequest, User } from '../../../lib/api/types';
import { totpAnswer } from '../login-form';
import { normalizeCode } from '../totp';

export interface Credentials {
  username: string;
  password: string;
  /** The authenticator code, once the server has asked for one. */
  totp?: string | null;
}

export async function logIn({ username, password, totp }: Credentials): Promise<User> {
  const body: LoginRequest = { username: username.trim(), password };
  if (totp) body.totp = normalizeCode(totp);
  try {
    const pair = await unwrap(api.POST('/api/v1/auth/login', { body }));
    session.signIn(pair);
    return pair.user;
  } catch (error) {
    // On this screen a 401 means the credentials, not an expired session; one about the
    // second factor says the password was right, and the screen asks for the code.
    if (error instanceof ApiError && error.problem.code === 'unauthorized' && totpAnswer(error.problem) === null) {
      throw new ApiError({ ...error.problem, message: t('login.wrongCredentials') });
    }
    throw error;
  }
}

let restoring: Promise<void> | null = null;

/**
 * After a reload the access token is gone but sessionStorage still holds the refresh token:
 * trade it for a new pair (or, with no network, carry on as the same user until there is). Runs once per page load (React may mount twice in development,
 * and a refresh token presented twice revokes the session).
 */
export function restoreSession(): Promise<void> {
  restoring ??= (async () => {
    const refresh_token = session.refreshToken();
    if (!refresh_token || session.user()) return;
    try {
      const { data, response } = await api.POST('/api/v1/auth/refresh', { body: { refresh_token } });
      if (data) session.signIn(data);
      else if (response.status === 401 || response.status === 422) session.clear();
    } catch {
      // No network (the app shell came from the service worker): open the screens for the
      // user this tab was signed in as; the refresh token renews the session once it is back.
      session.resumeOffline();
    }
  })();
  return restoring;
}

/** Ends this tab's session, or with `everywhere` every session of the user. */
export async function logOut({ everywhere = false }: { everywhere?: boolean } = {}): Promise<void> {
  const refresh_token = session.refreshToken();
  try {
    // Without a refresh token there is no session to name, and an empty body would mean
    // "every session": only sign out locally then.
    if (everywhere) await api.POST('/api/v1/auth/logout', { body: { everywhere: true } });
    else if (refresh_token) await api.POST('/api/v1/auth/logout', { body: { refresh_token } });
  } catch {
    // Signed out locally even when the server cannot be told.
  } finally {
    session.clear();
  }
}

/**
 * Changes the signed-in user's password. The server then revokes every refresh token, this
 * tab's too, so the tab signs in again with the new password to stay signed in. 'signed_out'
 * when that sign-in did not work (e.g. a second factor is needed): the tab is signed out.
 */
export async function changeOwnPassword(body: ChangePassword): Promise<'signed_in' | 'signed_out'> {
  const user = session.user();
  await unwrap(api.POST('/api/v1/auth/password', { body }));
  if (!user) return 'signed_out';
  try {
    await logIn({ username: user.username, password: body.new_password });
    return 'signed_in';
  } catch {
    session.clear();
    return 'signed_out';
  }
}
