// A new API key: what it is for, its scopes, an area it is bound to (then no bill or export
// scope: those boxes are turned off), and its own request limit. The answer carries the secret.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { AreaOptions } from '../../../components/AreaOptions';
import { CheckboxGroup } from '../../../components/CheckboxGroup';
import { SelectField, TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { useAreas } from '../../../lib/api/reference-data';
import type { IssuedApiKey } from '../../../lib/api/types';
import { limits, range } from '../../../lib/api/validation';
import { useCreateApiKey } from '../api/api-keys';
import {
  EMPTY_API_KEY_FORM, SCOPES, scopeAllowed, scopeHint, scopeLabel, serverApiKeyErrors, toCreateApiKey, validateApiKey,
  withArea, withScope, type ApiKeyFieldErrors,
} from '../api-key';

interface ApiKeyFormProps {
  onIssued: (key: IssuedApiKey) => void;
  onCancel: () => void;
}

export function ApiKeyForm({ onIssued, onCancel }: ApiKeyFormProps) {
  const { t } = useTranslation();
  const areas = useAreas();
  const create = useCreateApiKey();
  const [values, setValues] = useState(EMPTY_API_KEY_FORM);
  const [errors, setErrors] = useState<ApiKeyFieldErrors>({});
  const [problem, setProblem] = useState<ProblemSummary | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateApiKey(values);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    try {
      onIssued(await create.mutateAsync(toCreateApiKey(values)));
      create.reset(); // the secret lives in the dialog only
      setValues(EMPTY_API_KEY_FORM);
    } catch (error) {
      const summary = toProblem(error);
      const fieldErrors = serverApiKeyErrors(summary);
      setErrors(fieldErrors);
      setProblem(Object.keys(fieldErrors).length > 0 ? { ...summary, message: t('common.correctFields') } : summary);
    }
  }

  const limit = range(limits.CreateApiKey.requests_per_minute);
  return (
    <form className="form panel" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="api-key-create-title">
      <h2 id="api-key-create-title">{t('apiKeys.new')}</h2>
      {problem && <ProblemNotice problem={problem} />}
      <TextField id="api-key-name" label={t('apiKeys.name')} hint={t('apiKeys.nameHint')} value={values.name} error={errors.name}
        autoComplete="off" onChange={(event) => {
          const name = event.target.value;
          setValues((current) => ({ ...current, name }));
          setErrors((current) => ({ ...current, name: undefined }));
        }} />
      <SelectField id="api-key-area" label={t('apiKeys.area')} hint={t('apiKeys.areaHint')} value={values.area} error={errors.area}
        onChange={(event) => {
          const area = event.target.value;
          setValues((current) => withArea(current, area));
          setErrors((current) => ({ ...current, area: undefined, scopes: undefined }));
        }}>
        <option value="">{t('apiKeys.everyArea')}</option>
        <AreaOptions areas={areas.data} />
      </SelectField>
      <CheckboxGroup
        legend={t('apiKeys.scopes')}
        testId="api-key-scopes"
        hint={values.area ? t('apiKeys.areaScopesHint') : undefined}
        options={SCOPES.map((scope) => ({
          value: scope,
          label: scopeLabel(scope),
          hint: scopeAllowed(scope, values.area) ? scopeHint(scope) : t('apiKeys.notWithArea'),
          disabled: !scopeAllowed(scope, values.area),
        }))}
        chosen={values.scopes}
        error={errors.scopes}
        onToggle={(scope, on) => {
          setValues((current) => withScope(current, scope, on));
          setErrors((current) => ({ ...current, scopes: undefined }));
        }}
      />
      <TextField id="api-key-limit" label={t('apiKeys.limit')} hint={t('apiKeys.limitHint', limit)} inputMode="numeric"
        value={values.requests_per_minute} error={errors.requests_per_minute} autoComplete="off"
        onChange={(event) => {
          const requests = event.target.value;
          setValues((current) => ({ ...current, requests_per_minute: requests }));
          setErrors((current) => ({ ...current, requests_per_minute: undefined }));
        }} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? t('common.creating') : t('apiKeys.create')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
