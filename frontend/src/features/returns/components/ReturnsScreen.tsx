// Return tickets: list by status, open a new one (area of the C&F point, notes).
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';

import { DataTable, type Column } from '../../../components/DataTable';
import { SelectField, TextField } from '../../../components/Field';
import { ProblemNotice } from '../../../components/Notices';
import { PagedList } from '../../../components/PagedList';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { useAreas } from '../../../lib/api/reference-data';
import type { ReturnTicket } from '../../../lib/api/types';
import { createReturn, useReturnList } from '../api/returns';
import { RETURN_STATUS_LABELS, RETURN_STATUSES } from '../return-ticket';

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

const COLUMNS: Column<ReturnTicket>[] = [
  { header: 'Ticket', cell: (ticket) => <Link to={`/returns/${encodeURIComponent(ticket.code)}`}>{ticket.code}</Link> },
  { header: 'Status', cell: (ticket) => RETURN_STATUS_LABELS[ticket.status] ?? ticket.status },
  { header: 'Bags', cell: (ticket) => ticket.bag_count },
  { header: 'Area', cell: (ticket) => ticket.area ?? '—' },
  { header: 'Created', cell: (ticket) => WHEN.format(new Date(ticket.created_at)) },
];

export function ReturnsScreen() {
  const navigate = useNavigate();
  const [status, setStatus] = useState<string | null>(null);
  const list = useReturnList(status);

  return (
    <section className="page" aria-labelledby="returns-title">
      <h1 id="returns-title">Returns</h1>
      <ReturnCreateForm onCreated={(code) => void navigate(`/returns/${encodeURIComponent(code)}`)} />
      <div className="filters">
        <div className="field field--inline">
          <label htmlFor="returns-status">Status</label>
          <select id="returns-status" value={status ?? ''} onChange={(event) => setStatus(event.target.value || null)}>
            <option value="">Any</option>
            {RETURN_STATUSES.map((value) => (
              <option key={value} value={value}>
                {RETURN_STATUS_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <PagedList query={list} loadingLabel="Loading returns…" empty="No return tickets.">
        {(tickets) => <DataTable caption="Return tickets" columns={COLUMNS} rows={tickets} rowKey={(ticket) => ticket.code} />}
      </PagedList>
    </section>
  );
}

function ReturnCreateForm({ onCreated }: { onCreated: (code: string) => void }) {
  const areas = useAreas();
  const [area, setArea] = useState('');
  const [notes, setNotes] = useState('');
  const [problem, setProblem] = useState<ProblemSummary | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const ticket = await createReturn({ area: area || null, notes: notes.trim() || undefined });
      onCreated(ticket.code);
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form panel" onSubmit={(event) => void submit(event)} aria-labelledby="return-create-title">
      <h2 id="return-create-title">New return ticket</h2>
      {problem && <ProblemNotice problem={problem} />}
      <SelectField id="return-area" label="C&F point (area)" value={area} error={problem?.fields.area} onChange={(event) => setArea(event.target.value)}>
        <option value="">None</option>
        {(areas.data ?? []).map((choice) => (
          <option key={choice.code} value={choice.code}>
            {choice.name}
          </option>
        ))}
      </SelectField>
      <TextField id="return-notes" label="Notes" value={notes} error={problem?.fields.notes} onChange={(event) => setNotes(event.target.value)} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Opening…' : 'Open ticket'}
        </button>
      </div>
    </form>
  );
}
