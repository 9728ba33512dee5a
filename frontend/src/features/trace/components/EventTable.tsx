// Events newest first, each in plain words with who, where and when; a QR opens its trace,
// a name narrows the list to that person.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { DataTable, type Column } from '../../../components/DataTable';
import { useFormat, type Formatters } from '../../../i18n/useFormat';
import type { Event } from '../../../lib/api/types';
import { describeEvent } from '../events';

interface EventTableProps {
  events: Event[];
  onActor: (id: string, name: string) => void;
}

function columns(t: TFunction, format: Formatters, onActor: EventTableProps['onActor']): Column<Event>[] {
  return [
    {
      header: t('history.when'),
      cell: (event) => <time dateTime={event.occurred_at}>{format.instant(event.occurred_at, 'dateTimeSeconds')}</time>,
    },
    { header: t('history.whatColumn'), cell: describeEvent },
    {
      header: t('history.qr'),
      cell: (event) => {
        const qr = event.bag_qr ?? event.parent_qr;
        return qr ? <Link to={`/trace/${encodeURIComponent(qr)}`}>{qr}</Link> : '—';
      },
    },
    {
      header: t('history.who'),
      cell: (event) => {
        const actor = event.actor_id && event.actor_username ? { id: event.actor_id, name: event.actor_username } : null;
        return (
          <>
            {actor ? (
              <button type="button" className="link-button" onClick={() => onActor(actor.id, actor.name)}>
                {actor.name}
                <span className="visually-hidden"> {t('history.onlyTheirs')}</span>
              </button>
            ) : (
              '—'
            )}
            {event.device_id && <span className="muted"> {t('events.at', { device: event.device_id })}</span>}
          </>
        );
      },
    },
    { header: t('filters.area'), cell: (event) => event.area ?? '—' },
  ];
}

export function EventTable({ events, onActor }: EventTableProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <DataTable
      caption={t('history.caption')}
      testId="event-list"
      columns={columns(t, format, onActor)}
      rows={events}
      rowKey={(event) => event.id}
      rowAttributes={(event) => ({ 'data-kind': event.kind })}
    />
  );
}
