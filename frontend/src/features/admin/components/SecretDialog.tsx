// The one time a secret is shown (a new or rotated API key, a new webhook's signing secret): a
// modal with the secret, a copy button, the warning that it will not be shown again, and how to
// use it. Closing before copying asks first. The state lives in `secret-once.ts`.
import { useEffect, useId, useRef, type Dispatch } from 'react';
import { Trans, useTranslation } from 'react-i18next';

import { copyText, type SecretAction, type SecretDialogState } from '../secret-once';

interface SecretDialogProps {
  state: SecretDialogState;
  dispatch: Dispatch<SecretAction>;
}

export function SecretDialog({ state, dispatch }: SecretDialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (state.open && !element.open) element.showModal();
    if (!state.open && element.open) element.close();
  }, [state.open]);

  async function copy() {
    if (!state.open) return;
    const copied = await copyText(state.secret, navigator.clipboard, () => {
      // Plain-HTTP LAN pages have no Clipboard API: select the text and use the copy command.
      field.current?.select();
      return document.execCommand('copy');
    });
    dispatch({ type: copied ? 'copied' : 'copyFailed' });
  }

  return (
    <dialog
      ref={dialog}
      className="dialog dialog--wide"
      aria-labelledby={titleId}
      data-testid="secret-dialog"
      onCancel={(event) => {
        event.preventDefault();
        dispatch({ type: 'close' });
      }}
    >
      {state.open && (
        <>
          <h2 id={titleId}>{state.kind === 'api_key' ? t('secret.apiKeyTitle', { name: state.subject }) : t('secret.webhookTitle', { url: state.subject })}</h2>
          <p className="notice notice--warning" role="alert">
            <strong>{t('secret.onceWarning')}</strong>
          </p>
          <div className="field">
            <label htmlFor={`${titleId}-secret`}>{state.kind === 'api_key' ? t('secret.apiKeyLabel') : t('secret.webhookLabel')}</label>
            <input
              ref={field}
              id={`${titleId}-secret`}
              className="secret"
              readOnly
              value={state.secret}
              spellCheck={false}
              autoComplete="off"
              data-testid="issued-secret"
              onFocus={(event) => event.target.select()}
            />
          </div>
          <div className="form__actions">
            <button type="button" className="button button--primary" onClick={() => void copy()}>
              {t('secret.copy')}
            </button>
            <span role="status" className={state.copy === 'failed' ? 'field__error' : 'muted'}>
              {state.copy === 'copied' ? t('secret.copied') : state.copy === 'failed' ? t('secret.copyFailed') : ''}
            </span>
          </div>
          {state.kind === 'api_key' ? (
            <p className="muted">
              <Trans i18nKey="secret.apiKeyUse" components={{ code: <code /> }} />
            </p>
          ) : (
            <div className="muted">
              <p>
                <Trans i18nKey="secret.webhookVerify" components={{ code: <code /> }} />
              </p>
              <p>
                <Trans i18nKey="secret.webhookRetries" components={{ code: <code /> }} />
              </p>
            </div>
          )}
          {state.confirmingClose ? (
            <div className="notice notice--warning" role="alert">
              <p>{t('secret.notCopied')}</p>
              <div className="dialog__actions">
                <button type="button" className="button" autoFocus onClick={() => dispatch({ type: 'keepOpen' })}>
                  {t('secret.goBack')}
                </button>
                <button type="button" className="button button--danger" onClick={() => dispatch({ type: 'closeAnyway' })}>
                  {t('secret.closeAnyway')}
                </button>
              </div>
            </div>
          ) : (
            <div className="dialog__actions">
              <button type="button" className="button" onClick={() => dispatch({ type: 'close' })}>
                {t('secret.done')}
              </button>
            </div>
          )}
        </>
      )}
    </dialog>
  );
}
