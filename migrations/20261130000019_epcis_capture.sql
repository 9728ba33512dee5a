-- EPCIS capture (POST /api/v1/epcis/capture): every AggregationEvent a partner's packing line
-- sent and we applied, by its eventID. The row is written in the transaction that applies the
-- event, before it: a repeat (a retry, or the same document posted twice at once) meets the
-- unique index, waits for the first to commit, and is answered "already captured" with nothing
-- changed; if the first was refused (rolled back), the repeat is judged afresh.
create table epcis_captures (
    id           bigint generated always as identity primary key,
    event_id     text collate "C" not null
                 constraint epcis_captures_event_id_length check (length(event_id) between 1 and 500),
    action       text not null constraint epcis_captures_action_valid check (action in ('ADD', 'DELETE')),
    -- What the event did to our bags, so a repeat that names other bags is told apart.
    parent_qr    text collate "C" not null,
    child_qrs    text[] not null constraint epcis_captures_children_present check (cardinality(child_qrs) >= 1),
    captured_at  timestamptz not null default now(),
    -- The caller (a person or an API key's user); no foreign key, like events.actor_id (migration 6).
    captured_by  uuid not null,
    -- Matches events.request_id of the links and unlinks it wrote.
    request_id   text
);

create unique index epcis_captures_event_id_key on epcis_captures (event_id);
