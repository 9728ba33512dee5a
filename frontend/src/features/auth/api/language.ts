// One's own language (PATCH /auth/me): kept on the account, so it follows the person to any
// scanner they sign in on. The server's new description of the user goes into the session.
import { api, session, unwrap } from '../../../lib/api/client';
import type { Language, User } from '../../../lib/api/types';

export async function updateOwnLanguage(language: Language): Promise<User> {
  const user = await unwrap(api.PATCH('/api/v1/auth/me', { body: { language } }));
  session.updateUser(user);
  return user;
}
