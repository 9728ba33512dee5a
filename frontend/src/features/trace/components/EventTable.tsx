// Events newest first, each in plain words with who, where and when; a QR opens its trace,
// a name narrows the list to that person.
import { Link } from 'react-router';

import type { Event } from '../../../lib/api/types';
import { describeEvent } from '../events';

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

interface EventTableProps {
  events: Event[];
  onActor: (id: string, name: string) => void;
}

export function EventTable({ events, onActor }: EventTableProps) {
  return (
    <table className="table" data-testid="event-list">
      <caption className="visually-hidden">Events, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">What</th>
          <th scope="col">QR</th>
          <th scope="col">Who</th>
          <th scope="col">Area</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => {
          const qr = event.bag_qr ?? event.parent_qr;
          const actor = event.actor_id && event.actor_username ? { id: event.actor_id, name: event.actor_username } : null;
          return (
            <tr key={event.id} data-kind={event.kind}>
              <td data-label="When">
                <time dateTime={event.occurred_at}>{WHEN.format(new Date(event.occurred_at))}</time>
              </td>
              <td data-label="What">{describeEvent(event)}</td>
              <td data-label="QR">{qr ? <Link to={`/trace/${encodeURIComponent(qr)}`}>{qr}</Link> : '—'}</td>
              <td data-label="Who">
                {actor ? (
                  <button type="button" className="link-button" onClick={() => onActor(actor.id, actor.name)}>
                    {actor.name}
                    <span className="visually-hidden"> — show only their events</span>
                  </button>
                ) : (
                  '—'
                )}
                {event.device_id && <span className="muted"> at {event.device_id}</span>}
              </td>
              <td data-label="Area">{event.area ?? '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
