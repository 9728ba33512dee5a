// Parent types (admin, SPEC §2): what each type's QR looks like, how many children it takes
// and what it should weigh; add a new one, edit one, retire one or bring it back (issue #17).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { Empty, Loading, ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { useParentTypes } from '../../../lib/api/reference-data';
import type { ParentType } from '../../../lib/api/types';
import { useUpdateParentType } from '../api/parent-types';
import { capacityText } from '../parent-type';
import { AdminTabs } from './AdminTabs';
import { ParentTypeEditForm } from './ParentTypeEditForm';
import { ParentTypeForm } from './ParentTypeForm';

export function ParentTypesScreen() {
  const { t } = useTranslation();
  const types = useParentTypes();
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [editing, setEditing] = useState<ParentType | null>(null);
  const [problem, setProblem] = useState<ProblemSummary | null>(null);
  const update = useUpdateParentType();
  const toggleRetired = async (type: ParentType) => {
    setProblem(null);
    try {
      const saved = await update.mutateAsync({ code: type.code, body: { retired: !type.retired } });
      setMessage(t(saved.retired ? 'parentTypes.retiredNow' : 'parentTypes.restored', { code: saved.code }));
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  return (
    <section className="page" aria-labelledby="parent-types-title">
      <div className="page__header">
        <h1 id="parent-types-title">{t('parentTypes.title')}</h1>
        {!creating && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setMessage(null);
              setCreating(true);
            }}
          >
            {t('parentTypes.new')}
          </button>
        )}
      </div>
      <AdminTabs />
      {message && (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      )}
      {problem && <ProblemNotice problem={problem} />}
      {editing && (
        <ParentTypeEditForm
          key={editing.code}
          type={editing}
          onCancel={() => setEditing(null)}
          onSaved={(type) => {
            setEditing(null);
            setMessage(t('parentTypes.saved', { code: type.code }));
          }}
        />
      )}
      {creating && (
        <ParentTypeForm
          onCancel={() => setCreating(false)}
          onCreated={(type) => {
            setCreating(false);
            setMessage(t('parentTypes.added', { name: type.name, code: type.code, pattern: type.qr_pattern }));
          }}
        />
      )}
      {types.isPending ? (
        <Loading label={t('parentTypes.loading')} />
      ) : types.isError ? (
        <ProblemNotice problem={toProblem(types.error)} onRetry={() => void types.refetch()} />
      ) : types.data.length === 0 ? (
        <Empty>{t('parentTypes.empty')}</Empty>
      ) : (
        <table className="table" data-testid="parent-types">
          <caption className="visually-hidden">{t('parentTypes.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('parentTypes.code')}</th>
              <th scope="col">{t('parentTypes.name')}</th>
              <th scope="col">{t('parentTypes.pattern')}</th>
              <th scope="col">{t('parentTypes.capacityColumn')}</th>
              <th scope="col">{t('parentTypes.status')}</th>
              <th scope="col">{t('parentTypes.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {types.data.map((type) => (
              <tr key={type.code}>
                <td data-label={t('parentTypes.code')}>{type.code}</td>
                <td data-label={t('parentTypes.name')}>{type.name}</td>
                <td data-label={t('parentTypes.pattern')}>
                  <code>{type.qr_pattern}</code>
                </td>
                <td data-label={t('parentTypes.capacityColumn')}>{capacityText(type)}</td>
                <td data-label={t('parentTypes.status')}>{type.retired ? t('parentTypes.retired') : t('parentTypes.inUse')}</td>
                <td>
                  <button type="button" className="button" onClick={() => setEditing(type)}>
                    {t('parentTypes.edit')}
                  </button>
                  <button type="button" className="button" disabled={update.isPending} onClick={() => void toggleRetired(type)}>
                    {type.retired ? t('parentTypes.restore') : t('parentTypes.retire')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted">{t('parentTypes.retiredExplained')}</p>
    </section>
  );
}
