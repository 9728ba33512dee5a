// A secret the server answers once (a new or rotated API key, a new webhook's signing secret):
// shown in a dialog until the admin closes it, then forgotten — it is kept nowhere else. Closing
// before the secret was copied asks first, since nobody can show it again. Pure, for tests.

export type SecretKind = 'api_key' | 'webhook';
export type CopyState = 'idle' | 'copied' | 'failed';

export type SecretDialogState =
  | { open: false }
  | { open: true; kind: SecretKind; subject: string; secret: string; copy: CopyState; confirmingClose: boolean };

export type SecretAction =
  | { type: 'issued'; kind: SecretKind; subject: string; secret: string }
  | { type: 'copied' }
  | { type: 'copyFailed' }
  /** "Done" (or Escape). */
  | { type: 'close' }
  /** "Close anyway", after the question. */
  | { type: 'closeAnyway' }
  /** "Go back", after the question. */
  | { type: 'keepOpen' };

export const SECRET_CLOSED: SecretDialogState = { open: false };

export function secretDialog(state: SecretDialogState, action: SecretAction): SecretDialogState {
  if (action.type === 'issued') {
    return { open: true, kind: action.kind, subject: action.subject, secret: action.secret, copy: 'idle', confirmingClose: false };
  }
  if (!state.open) return state;
  switch (action.type) {
    case 'copied':
      return { ...state, copy: 'copied', confirmingClose: false };
    case 'copyFailed':
      return { ...state, copy: 'failed' };
    case 'close':
      return state.copy === 'copied' ? SECRET_CLOSED : { ...state, confirmingClose: true };
    case 'closeAnyway':
      return SECRET_CLOSED;
    case 'keepOpen':
      return { ...state, confirmingClose: false };
  }
}

/** The clipboard where the page may use it (HTTPS or this machine), else the old copy command. */
export async function copyText(text: string, clipboard: Pick<Clipboard, 'writeText'> | undefined, fallback: () => boolean): Promise<boolean> {
  if (clipboard) {
    try {
      await clipboard.writeText(text);
      return true;
    } catch {
      // refused (no permission, not focused): try the fallback
    }
  }
  try {
    return fallback();
  } catch {
    return false;
  }
}
