// API keys (admin, issue #18): the keys with what each may do and when it was last used; a new
// key, a new secret for a key (rotate) and revoking one, each secret shown once.
import { useReducer, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DataTable, type Column } from '../../../components/DataTable';
import { Empty, Loading, ProblemNotice } from '../../../components/Notices';
import { useFormat, type Formatters } from '../../../i18n/useFormat';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import type { ApiKey, IssuedApiKey } from '../../../lib/api/types';
import { useApiKeys, useRevokeApiKey, useRotateApiKey } from '../api/api-keys';
import { scopeLabel, sortApiKeys } from '../api-key';
import { SECRET_CLOSED, secretDialog } from '../secret-once';
import { AdminTabs } from './AdminTabs';
import { ApiKeyForm } from './ApiKeyForm';
import { SecretDialog } from './SecretDialog';

type Question = { kind: 'rotate' | 'revoke'; key: ApiKey } | null;
function columns(t: TFunction, format: Formatters, ask: (question: Question) => void): Column<ApiKey>[] {
  return [
    {
      header: t('apiKeys.name'),
      cell: (key) => (
        <>
          <strong>{key.name}</strong>
          <span className="muted"> {t('apiKeys.actsAs', { name: key.acts_as })}</span>
        </>
      ),
    },
    { header: t('apiKeys.prefix'), cell: (key) => <code>{key.prefix}…</code> },
    { header: t('apiKeys.scopes'), cell: (key) => key.scopes.map(scopeLabel).join(', ') },
    { header: t('apiKeys.area'), cell: (key) => key.area ?? t('apiKeys.everyArea') },
    {
      header: t('apiKeys.limitShort'),
      cell: (key) => (key.requests_per_minute == null ? t('apiKeys.siteLimit') : t('apiKeys.perMinute', { count: key.requests_per_minute, requests: format.number(key.requests_per_minute) })),
    },
    { header: t('apiKeys.created'), cell: (key) => format.instant(key.created_at) },
    { header: t('apiKeys.lastUsed'), cell: (key) => (key.last_used_at ? format.instant(key.last_used_at) : t('apiKeys.never')) },
    {
      header: t('apiKeys.status'),
      cell: (key) =>
        key.revoked_at ? (
          <span className="badge badge--danger">{t('apiKeys.revokedAt', { time: format.instant(key.revoked_at) })}</span>
        ) : (
          t('apiKeys.live')
        ),
    },
    {
      header: t('common.actions'),
      headerHidden: true,
      cell: (key) =>
        key.revoked_at ? null : (
          <div className="row-actions">
            <button type="button" className="button button--small" onClick={() => ask({ kind: 'rotate', key })}>
              {t('apiKeys.rotate')}<span className="visually-hidden"> {key.name}</span>
            </button>
            <button type="button" className="button button--small button--danger" onClick={() => ask({ kind: 'revoke', key })}>
              {t('apiKeys.revoke')}<span className="visually-hidden"> {key.name}</span>
            </button>
          </div>
        ),
    },
  ];
}

export function ApiKeysScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const keys = useApiKeys(includeRevoked);
  const rotate = useRotateApiKey();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [question, setQuestion] = useState<Question>(null);
  const [problem, setProblem] = useState<ProblemSummary | null>(null);
  const [secret, dispatch] = useReducer(secretDialog, SECRET_CLOSED);

  const issued = (key: IssuedApiKey, text: string) => {
    setMessage(text);
    dispatch({ type: 'issued', kind: 'api_key', subject: key.name, secret: key.secret });
  };

  async function answer() {
    if (!question) return;
    setProblem(null);
    try {
      if (question.kind === 'rotate') {
        const key = await rotate.mutateAsync(question.key.id);
        rotate.reset(); // the secret lives in the dialog only
        issued(key, t('apiKeys.rotated', { name: key.name }));
      } else {
        const key = await revoke.mutateAsync(question.key.id);
        setMessage(t('apiKeys.revoked', { name: key.name }));
      }
    } catch (error) {
      setProblem(toProblem(error));
    }
    setQuestion(null);
  }

  return (
    <section className="page" aria-labelledby="api-keys-title">
      <div className="page__header">
        <h1 id="api-keys-title">{t('apiKeys.title')}</h1>
        {!creating && (
          <button type="button" className="button button--primary" onClick={() => {
            setMessage(null);
            setCreating(true);
          }}>
            {t('apiKeys.new')}
          </button>
        )}
      </div>
      <AdminTabs />
      <p className="muted">{t('apiKeys.explained')}</p>
      {message && (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      )}
      {problem && <ProblemNotice problem={problem} />}
      {creating && (
        <ApiKeyForm
          onCancel={() => setCreating(false)}
          onIssued={(key) => {
            setCreating(false);
            issued(key, t('apiKeys.issued', { name: key.name }));
          }}
        />
      )}
      <div className="check">
        <input id="api-keys-revoked" type="checkbox" checked={includeRevoked} onChange={(event) => setIncludeRevoked(event.target.checked)} />
        <label htmlFor="api-keys-revoked">{t('apiKeys.showRevoked')}</label>
      </div>
      {keys.isPending ? (
        <Loading label={t('apiKeys.loading')} />
      ) : keys.isError ? (
        <ProblemNotice problem={toProblem(keys.error)} onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <Empty>{t('apiKeys.empty')}</Empty>
      ) : (
        <DataTable
          caption={t('apiKeys.title')}
          testId="api-keys"
          columns={columns(t, format, setQuestion)}
          rows={sortApiKeys(keys.data)}
          rowKey={(key) => key.id}
          rowAttributes={(key) => ({ className: key.revoked_at ? 'muted' : undefined, 'data-name': key.name, 'data-revoked': key.revoked_at ? 'true' : 'false' })}
        />
      )}
      <ConfirmDialog
        open={question !== null}
        title={question?.kind === 'rotate' ? t('apiKeys.rotateQuestion', { name: question.key.name }) : t('apiKeys.revokeQuestion', { name: question?.key.name ?? '' })}
        confirmLabel={question?.kind === 'rotate' ? t('apiKeys.rotate') : t('apiKeys.revoke')}
        danger
        busy={rotate.isPending || revoke.isPending}
        onConfirm={() => void answer()}
        onCancel={() => setQuestion(null)}
      >
        <p>{question?.kind === 'rotate' ? t('apiKeys.rotateExplained') : t('apiKeys.revokeExplained')}</p>
      </ConfirmDialog>
      <SecretDialog state={secret} dispatch={dispatch} />
    </section>
  );
}
