// A webhook subscription's URL, event types and description: a new one (the answer carries its
// signing secret) or changes to one (only what changed is sent).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { CheckboxGroup } from '../../../components/CheckboxGroup';
import { TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { lengths, limits } from '../../../lib/api/validation';
import {
  serverWebhookErrors, WEBHOOK_EVENTS, webhookEventLabel, withEvent, type WebhookFieldErrors, type WebhookFormValues,
} from '../webhook';

interface WebhookFormProps {
  title: string;
  initial: WebhookFormValues;
  submitLabel: string;
  busy: boolean;
  validate: (values: WebhookFormValues) => WebhookFieldErrors;
  onSubmit: (values: WebhookFormValues) => Promise<void>;
  onCancel: () => void;
}

export function WebhookForm({ title, initial, submitLabel, busy, validate, onSubmit, onCancel }: WebhookFormProps) {
  const { t } = useTranslation();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<WebhookFieldErrors>({});
  const [problem, setProblem] = useState<ProblemSummary | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate(values);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    try {
      await onSubmit(values);
    } catch (error) {
      const summary = toProblem(error);
      const fieldErrors = serverWebhookErrors(summary);
      setErrors(fieldErrors);
      setProblem(Object.keys(fieldErrors).length > 0 ? { ...summary, message: t('common.correctFields') } : summary);
    }
  }

  const set = (change: (current: WebhookFormValues) => WebhookFormValues, field: keyof WebhookFormValues) => {
    setValues(change);
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  return (
    <form className="form panel" onSubmit={(event) => void submit(event)} noValidate aria-label={title}>
      <h2>{title}</h2>
      {problem && <ProblemNotice problem={problem} />}
      <TextField id="webhook-url" label={t('webhooks.url')} hint={t('webhooks.urlHint')} type="url" inputMode="url" spellCheck={false}
        autoComplete="off" value={values.url} error={errors.url}
        onChange={(event) => {
          const url = event.target.value;
          set((current) => ({ ...current, url }), 'url');
        }} />
      <CheckboxGroup
        legend={t('webhooks.events')}
        testId="webhook-events"
        options={WEBHOOK_EVENTS.map((event) => ({ value: event, label: webhookEventLabel(event), hint: event }))}
        chosen={values.events}
        error={errors.events}
        onToggle={(event, on) => set((current) => withEvent(current, event, on), 'events')}
      />
      <TextField id="webhook-description" label={t('webhooks.description')}
        hint={t('webhooks.descriptionHint', lengths(limits.CreateWebhook.description))} autoComplete="off"
        value={values.description} error={errors.description}
        onChange={(event) => {
          const description = event.target.value;
          set((current) => ({ ...current, description }), 'description');
        }} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('common.saving') : submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

