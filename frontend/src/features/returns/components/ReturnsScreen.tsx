// Return tickets: list by status, open a new one (area of the C&F point, notes).
import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import { AreaOptions } from '../../../components/AreaOptions';
import { DataTable, type Column } from '../../../components/DataTable';
import { SelectField, TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { PagedList } from '../../../components/PagedList';
import { returnStatusLabel } from '../../../i18n/labels';
import { useFormat, type Formatters } from '../../../i18n/useFormat';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { useAreas } from '../../../lib/api/reference-data';
import type { ReturnTicket } from '../../../lib/api/types';
import type { FieldErrors } from '../../../lib/api/validation';
import { createReturn, useReturnList } from '../api/returns';
import { RETURN_STATUSES, toCreateReturn, validateReturn, type ReturnField } from '../return-ticket';

function columns(t: TFunction, format: Formatters): Column<ReturnTicket>[] {
  return [
    { header: t('returns.ticket'), cell: (ticket) => <Link to={`/returns/${encodeURIComponent(ticket.code)}`}>{ticket.code}</Link> },
    { header: t('returns.status'), cell: (ticket) => returnStatusLabel(ticket.status) },
    { header: t('bags.title'), cell: (ticket) => format.number(ticket.bag_count) },
    { header: t('returns.area'), cell: (ticket) => ticket.area ?? '—' },
    { header: t('returns.created'), cell: (ticket) => format.instant(ticket.created_at) },
  ];
}

export function ReturnsScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [status, setStatus] = useState<string | null>(null);
  const list = useReturnList(status);

  return (
    <section className="page" aria-labelledby="returns-title">
      <h1 id="returns-title">{t('returns.title')}</h1>
      <ReturnCreateForm onCreated={(code) => void navigate(`/returns/${encodeURIComponent(code)}`)} />
      <div className="filters">
        <div className="field field--inline">
          <label htmlFor="returns-status">{t('returns.status')}</label>
          <select id="returns-status" value={status ?? ''} onChange={(event) => setStatus(event.target.value || null)}>
            <option value="">{t('common.any')}</option>
            {RETURN_STATUSES.map((value) => (
              <option key={value} value={value}>
                {returnStatusLabel(value)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <PagedList query={list} loadingLabel={t('returns.loading')} empty={t('returns.empty')}>
        {(tickets) => <DataTable caption={t('returns.caption')} columns={columns(t, format)} rows={tickets} rowKey={(ticket) => ticket.code} />}
      </PagedList>
    </section>
  );
}

function ReturnCreateForm({ onCreated }: { onCreated: (code: string) => void }) {
  const { t } = useTranslation();
  const areas = useAreas();
  const [area, setArea] = useState('');
  const [notes, setNotes] = useState('');
  const [problem, setProblem] = useState<ProblemSummary | null>(null);
  const [errors, setErrors] = useState<FieldErrors<ReturnField>>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateReturn({ area, notes });
    setErrors(found);
    setProblem(null);
    if (found.area || found.notes) {
      document.getElementById(found.area ? 'return-area' : 'return-notes')?.focus();
      return;
    }
    setBusy(true);
    try {
      const ticket = await createReturn(toCreateReturn({ area, notes }));
      onCreated(ticket.code);
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form panel" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="return-create-title">
      <h2 id="return-create-title">{t('returns.new')}</h2>
      {problem && <ProblemNotice problem={problem} />}
      <SelectField id="return-area" label={t('returns.cfPoint')} value={area} error={errors.area ?? problem?.fields.area} onChange={(event) => { setArea(event.target.value); setErrors({ ...errors, area: undefined }); }}>
        <option value="">{t('returns.none')}</option>
        <AreaOptions areas={areas.data} />
      </SelectField>
      <TextField id="return-notes" label={t('returns.notes')} value={notes} error={errors.notes ?? problem?.fields.notes} onChange={(event) => { setNotes(event.target.value); setErrors({ ...errors, notes: undefined }); }} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('returns.opening') : t('returns.open')}
        </button>
      </div>
    </form>
  );
}
