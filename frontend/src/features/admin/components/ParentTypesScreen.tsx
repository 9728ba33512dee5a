// Parent types (admin, SPEC §2): what each type's QR looks like, how many children it takes
// and what it should weigh; add a new one. The API offers no change or delete of a type.
import { useState } from 'react';

import { Empty, Loading, ProblemNotice } from '../../../components/Notices';
import { toProblem } from '../../../lib/api/problem';
import { useParentTypes } from '../../../lib/api/reference-data';
import { capacityText } from '../parent-type';
import { AdminTabs } from './AdminTabs';
import { ParentTypeForm } from './ParentTypeForm';

export function ParentTypesScreen() {
  const types = useParentTypes();
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  return (
    <section className="page" aria-labelledby="parent-types-title">
      <div className="page__header">
        <h1 id="parent-types-title">Parent types</h1>
        {!creating && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setMessage(null);
              setCreating(true);
            }}
          >
            New parent type
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
            setMessage(`${type.name} (${type.code}) added: parents matching ${type.qr_pattern} can be packed now.`);
          }}
        />
      )}
      {types.isPending ? (
        <Loading label="Loading parent types…" />
      ) : types.isError ? (
        <ProblemNotice problem={toProblem(types.error)} onRetry={() => void types.refetch()} />
      ) : types.data.length === 0 ? (
        <Empty>No parent types yet: no parent QR is accepted until one is added.</Empty>
      ) : (
        <table className="table" data-testid="parent-types">
          <caption className="visually-hidden">Parent types</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Name</th>
              <th scope="col">QR pattern</th>
              <th scope="col">Capacity and weight</th>
            </tr>
          </thead>
          <tbody>
            {types.data.map((type) => (
              <tr key={type.code}>
                <td data-label="Code">{type.code}</td>
                <td data-label="Name">{type.name}</td>
                <td data-label="QR pattern">
                  <code>{type.qr_pattern}</code>
                </td>
                <td data-label="Capacity and weight">{capacityText(type)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted">A parent type cannot be changed or removed once added; add a new one instead.</p>
    </section>
  );
}
