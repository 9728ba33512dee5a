-- History (events, audit), replay protection (idempotency) and the dashboard's maintained counters.

create table events (
    id               bigint generated always as identity primary key,
    kind             text not null constraint events_kind_valid check (kind in (
                         'parent_created', 'child_created', 'child_linked', 'child_unlinked',
                         'parent_completed', 'parent_reopened', 'bag_deleted',
                         'bill_created', 'bill_updated', 'bill_parent_added', 'bill_parent_removed',
                         'bill_completed', 'bill_reopened', 'bill_deleted',
                         'return_created', 'return_parent_added', 'return_finalized', 'return_cancelled',
                         'bags_imported', 'bills_imported')),
    occurred_at      timestamptz not null default now(),
    actor_id         uuid references users (id),
    area             text collate "C",
    -- Identifiers are copied, not referenced: history outlives deleted bags and bills.
    bag_qr           text collate "C",
    parent_qr        text collate "C",
    bill_code        text collate "C",
    return_code      text collate "C",
    device_id        text constraint events_device_id_length check (length(device_id) <= 100),
    idempotency_key  text constraint events_idempotency_key_length check (length(idempotency_key) <= 200),
    details          jsonb not null default '{}'::jsonb
);

create index events_bag_idx on events (bag_qr, id desc) where bag_qr is not null;
create index events_parent_idx on events (parent_qr, id desc) where parent_qr is not null;
create index events_bill_idx on events (bill_code, id desc) where bill_code is not null;
create index events_actor_idx on events (actor_id, id desc);
create index events_kind_idx on events (kind, id desc);
create index events_area_idx on events (area, id desc);
create index events_occurred_at_brin on events using brin (occurred_at);

create table audit_log (
    id              bigint generated always as identity primary key,
    occurred_at     timestamptz not null default now(),
    actor_id        uuid references users (id),
    actor_username  text,
    action          text not null constraint audit_log_action_length check (length(action) between 1 and 60),
    target_kind     text,
    target_id       text,
    request_id      text,
    -- Anonymised (last IPv4 octet / last 80 IPv6 bits zeroed) before it is stored.
    client_addr     text,
    before          jsonb,
    after           jsonb
);

create index audit_log_list_idx on audit_log (id desc);
create index audit_log_actor_idx on audit_log (actor_id, id desc);
create index audit_log_action_idx on audit_log (action, id desc);

-- History is append-only: the database refuses to rewrite it.
create function refuse_history_rewrite() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name using errcode = 'restrict_violation';
end;
$$;

create trigger events_append_only before update or delete on events
    for each row execute function refuse_history_rewrite();
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_history_rewrite();

create table idempotency_keys (
    user_id        uuid not null references users (id) on delete cascade,
    key            text not null constraint idempotency_keys_key_length check (length(key) between 1 and 200),
    -- Hash of method, path and body: the same key with another request is a conflict.
    request_hash   bytea not null,
    status_code    smallint not null,
    response_body  bytea not null,
    created_at     timestamptz not null default now(),
    primary key (user_id, key)
);

create index idempotency_keys_created_idx on idempotency_keys (created_at);

-- Dashboard totals. Each change adds a delta to one of a few stripes per (metric, area, parent type),
-- chosen at random, so concurrent scans rarely wait on the same row; a read sums the stripes.
create table stat_counters (
    metric       text not null constraint stat_counters_metric_valid check (metric in (
                     'parents', 'children', 'unlinked_children', 'scans',
                     'bills_new', 'bills_processing', 'bills_completed')),
    area         text collate "C" not null default '',
    parent_type  text collate "C" not null default '',
    stripe       smallint not null constraint stat_counters_stripe_range check (stripe between 0 and 15),
    value        bigint not null default 0,
    primary key (metric, area, parent_type, stripe)
);
