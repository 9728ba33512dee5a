// Dispatch areas (admin, issue #17): the list with retired ones marked, adding one, renaming
// and retiring or bringing one back. A retired area keeps its bags, users and history.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { TextField } from '../../../components/Field';
import { Empty, Loading, ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { useAreas } from '../../../lib/api/reference-data';
import type { Area } from '../../../lib/api/types';
import { useCreateArea, useUpdateArea } from '../api/areas';
import {
  EMPTY_AREA_FORM, serverAreaErrors, sortAreas, toCreateArea, toRenameArea, validateArea, validateRename,
  type AreaField, type AreaFieldErrors,
} from '../area';
import { AdminTabs } from './AdminTabs';

function AreaForm({ onDone }: { onDone: (area: Area) => void }) {
  const { t } = useTranslation();
  const create = useCreateArea();
  const [values, setValues] = useState(EMPTY_AREA_FORM);
  const [errors, setErrors] = useState<AreaFieldErrors>({});
  const [problem, setProblem] = useState<ProblemSummary | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateArea(values);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    try {
      onDone(await create.mutateAsync(toCreateArea(values)));
      setValues(EMPTY_AREA_FORM);
    } catch (error) {
      const summary = toProblem(error);
      const fieldErrors = serverAreaErrors(summary);
      setErrors(fieldErrors);
      setProblem(Object.keys(fieldErrors).length > 0 ? { ...summary, message: t('common.correctFields') } : summary);
    }
  }

  const field = (key: AreaField, label: string, hint: string) => (
    <TextField
      id={`area-${key}`}
      label={label}
      hint={hint}
      value={values[key]}
      error={errors[key]}
      autoComplete="off"
      onChange={(event) => {
        const value = event.target.value;
        setValues((current) => ({ ...current, [key]: value }));
        setErrors((current) => ({ ...current, [key]: undefined }));
      }}
    />
  );

  return (
    <form className="form panel" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="area-create-title">
      <h2 id="area-create-title">{t('areas.new')}</h2>
      {problem && <ProblemNotice problem={problem} />}
      {field('code', t('areas.code'), t('areas.codeHint'))}
      {field('name', t('areas.name'), t('areas.nameHint'))}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? t('common.saving') : t('areas.create')}
        </button>
      </div>
    </form>
  );
}

function AreaRow({ area, onChanged }: { area: Area; onChanged: (message: string) => void }) {
  const { t } = useTranslation();
  const update = useUpdateArea();
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<ProblemSummary | null>(null);

  async function change(body: Parameters<typeof update.mutateAsync>[0]['body'], message: string) {
    setProblem(null);
    try {
      await update.mutateAsync({ code: area.code, body });
      setName(null);
      onChanged(message);
    } catch (failure) {
      const summary = toProblem(failure);
      setError(summary.fields.name);
      setProblem(summary);
    }
  }

  function rename(event: FormEvent) {
    event.preventDefault();
    const wrong = validateRename(name ?? '');
    setError(wrong);
    if (!wrong) void change(toRenameArea(name ?? ''), t('areas.renamed', { code: area.code }));
  }

  return (
    <tr className={area.retired ? 'muted' : undefined}>
      <td data-label={t('areas.code')}>{area.code}</td>
      <td data-label={t('areas.name')}>
        {name === null ? (
          area.name
        ) : (
          <form onSubmit={rename} noValidate>
            <TextField id={`area-rename-${area.code}`} label={t('areas.name')} value={name} error={error} onChange={(event) => setName(event.target.value)} />
            <button type="submit" className="button button--primary" disabled={update.isPending}>{t('areas.save')}</button>
            <button type="button" className="button" onClick={() => setName(null)}>{t('common.cancel')}</button>
          </form>
        )}
        {problem && <ProblemNotice problem={problem} />}
      </td>
      <td data-label={t('areas.status')}>{area.retired ? t('areas.retired') : t('areas.inUse')}</td>
      <td>
        {name === null && (
          <button type="button" className="button" onClick={() => setName(area.name)}>{t('areas.rename')}</button>
        )}
        <button
          type="button"
          className="button"
          disabled={update.isPending}
          onClick={() => void change({ retired: !area.retired }, t(area.retired ? 'areas.restored' : 'areas.retiredNow', { code: area.code }))}
        >
          {area.retired ? t('areas.restore') : t('areas.retire')}
        </button>
      </td>
    </tr>
  );
}

export function AreasScreen() {
  const { t } = useTranslation();
  const areas = useAreas();
  const [message, setMessage] = useState<string | null>(null);

  return (
    <section className="page" aria-labelledby="areas-title">
      <h1 id="areas-title">{t('areas.title')}</h1>
      <AdminTabs />
      {message && (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      )}
      <AreaForm onDone={(area) => setMessage(t('areas.added', { name: area.name, code: area.code }))} />
      {areas.isPending ? (
        <Loading label={t('areas.loading')} />
      ) : areas.isError ? (
        <ProblemNotice problem={toProblem(areas.error)} onRetry={() => void areas.refetch()} />
      ) : areas.data.length === 0 ? (
        <Empty>{t('areas.empty')}</Empty>
      ) : (
        <table className="table" data-testid="areas">
          <caption className="visually-hidden">{t('areas.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('areas.code')}</th>
              <th scope="col">{t('areas.name')}</th>
              <th scope="col">{t('areas.status')}</th>
              <th scope="col">{t('areas.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sortAreas(areas.data).map((area) => (
              <AreaRow key={area.code} area={area} onChanged={setMessage} />
            ))}
          </tbody>
        </table>
      )}
      <p className="muted">{t('areas.retiredExplained')}</p>
    </section>
  );
}
