// Parent types (admin, SPEC §2): what each type's QR looks like, how many children it takes
// and what it should weigh; add a new one. The API offers no change or delete of a type.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { Empty, Loading, ProblemNotice } from '../../../components/Notices';
import { toProblem } from '../../../lib/api/problem';
import { useParentTypes } from '../../../lib/api/reference-data';
import { capacityText } from '../parent-type';
import { AdminTabs } from './AdminTabs';
import { ParentTypeForm } from './ParentTypeForm';

export function ParentTypesScreen() {
  const { t } = useTranslation();
  const types = useParentTypes();
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

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
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted">{t('parentTypes.cannotChange')}</p>
    </section>
  );
}
