// Return tickets: list by status, open a new one (area of the C&F point, notes).
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';

import { SelectField, TextField } from '../../../components/Field';
import { LoadMore } from '../../../components/LoadMore';
import { Empty, Loading, ProblemNotice } from '../../../components/Notices';
import { toProblem, type ProblemSummary } from '../../../lib/api/problem';
import { useAreas } from '../../../lib/api/reference-data';
import { createReturn, useReturnList } from '../api/returns';
import { RETURN_STATUS_LABELS, RETURN_STATUSES } from '../return-ticket';

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

export function ReturnsScreen() {
  const navigate = useNavigate();
  const [status, setStatus] = useState<string | null>(null);
  const list = useReturnList(status);
  const tickets = list.data?.pages.flatMap((page) => page.items) ?? [];

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
      {list.isPending ? (
        <Loading label="Loading returns…" />
      ) : list.isError ? (
        <ProblemNotice problem={toProblem(list.error)} onRetry={() => void list.refetch()} />
      ) : tickets.length === 0 ? (
        <Empty>No return tickets.</Empty>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Return tickets</caption>
          <thead>
            <tr>
              <th scope="col">Ticket</th>
              <th scope="col">Status</th>
              <th scope="col">Bags</th>
              <th scope="col">Area</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket) => (
              <tr key={ticket.code}>
                <td data-label="Ticket">
                  <Link to={`/returns/${encodeURIComponent(ticket.code)}`}>{ticket.code}</Link>
                </td>
                <td data-label="Status">{RETURN_STATUS_LABELS[ticket.status] ?? ticket.status}</td>
                <td data-label="Bags">{ticket.bag_count}</td>
                <td data-label="Area">{ticket.area ?? '—'}</td>
                <td data-label="Created">{WHEN.format(new Date(ticket.created_at))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
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
