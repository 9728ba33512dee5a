// Events newest first, each in plain words with who, where and when; a QR opens its trace,
// a name narrows the list to that person.
import { Link } from 'react-router';

import { DataTable, type Column } from '../../../components/DataTable';
import type { Event } from '../../../lib/api/types';
import { describeEvent } from '../events';

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

interface EventTableProps {
  events: Event[];
  onActor: (id: string, name: string) => void;
}

function columns(onActor: EventTableProps['onActor']): Column<Event>[] {
  return [
    { header: 'When', cell: (event) => <time dateTime={event.occurred_at}>{WHEN.format(new Date(event.occurred_at))}</time> },
    { header: 'What', cell: describeEvent },
    {
      header: 'QR',
      cell: (event) => {
        const qr = event.bag_qr ?? event.parent_qr;
        return qr ? <Link to={`/trace/${encodeURIComponent(qr)}`}>{qr}</Link> : '—';
      },
    },
    {
      header: 'Who',
      cell: (event) => {
        const actor = event.actor_id && event.actor_username ? { id: event.actor_id, name: event.actor_username } : null;
        return (
          <>
            {actor ? (
              <button type="button" className="link-button" onClick={() => onActor(actor.id, actor.name)}>
                {actor.name}
                <span className="visually-hidden"> — show only their events</span>
              </button>
            ) : (
              '—'
            )}
            {event.device_id && <span className="muted"> at {event.device_id}</span>}
          </>
        );
      },
    },
    { header: 'Area', cell: (event) => event.area ?? '—' },
  ];
}

export function EventTable({ events, onActor }: EventTableProps) {
  return (
    <DataTable
      caption="Events, newest first"
      testId="event-list"
      columns={columns(onActor)}
      rows={events}
      rowKey={(event) => event.id}
      rowAttributes={(event) => ({ 'data-kind': event.kind })}
    />
  );
}
