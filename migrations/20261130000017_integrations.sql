-- Integrations (issue 18): API keys for machines, webhook subscriptions and their outbox.

-- An API key acts as a user of its own (`kind = 'integration'`, id = the key's id), so every
-- change it makes is attributed to it wherever people are (events, audit, bags, bills,
-- idempotency) and revoking it uses the same `auth_version` announcement as taking a person's
-- rights away. Integration users never sign in with a password and are never admins.
alter table users add column kind text not null default 'person'
    constraint users_kind_valid check (kind in ('person', 'integration'));
alter table users add constraint users_integration_not_admin check (kind = 'person' or role <> 'admin');

create table api_keys (
    id            uuid primary key references users (id),
    name          text not null constraint api_keys_name_length check (length(name) between 1 and 80),
    -- The first characters of the secret, shown in lists so an admin can tell keys apart.
    prefix        text not null,
    -- SHA-256 of the whole secret: 32 random bytes need no slow hash, and a fast one lets every
    -- request be checked.
    secret_hash   bytea not null constraint api_keys_secret_hash_length check (length(secret_hash) = 32),
    scopes        text[] not null constraint api_keys_scopes_valid check (
                      cardinality(scopes) between 1 and 5
                      and scopes <@ array['read', 'scan', 'bill', 'export', 'epcis']),
    area          text collate "C" references dispatch_areas (code) on update cascade,
    -- Requests a minute this key may make; null: the per-user limit (TRACETRACK_RATE_LIMITS).
    rate_limit    integer constraint api_keys_rate_limit_range check (rate_limit between 1 and 1000000),
    created_by    uuid not null references users (id),
    created_at    timestamptz not null default now(),
    rotated_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    -- Bills and exports are not confined to an area; a key that reaches them may not be either.
    constraint api_keys_wide_scopes_unbounded check (area is null or not (scopes && array['bill', 'export']))
);

create unique index api_keys_secret_hash_key on api_keys (secret_hash);
create index api_keys_list_idx on api_keys (created_at desc, id desc);

-- Webhook subscriptions. The signing secret must be readable to sign with, so it is stored as
-- issued; whoever reads this table could forge deliveries (never exposed by the API after
-- creation).
create table webhook_subscriptions (
    id               uuid primary key default gen_random_uuid(),
    url              text not null constraint webhook_subscriptions_url_length check (length(url) between 8 and 2000),
    events           text[] not null constraint webhook_subscriptions_events_valid check (
                         cardinality(events) between 1 and 20
                         and events <@ array['parent.completed', 'bill.created', 'bill.completed', 'bill.reopened',
                                             'bill.deleted', 'return.created', 'return.finalized',
                                             'return.cancelled', 'bag.deleted', 'import.finished']),
    description      text not null default ''
                         constraint webhook_subscriptions_description_length check (length(description) <= 200),
    secret           text not null,
    enabled          boolean not null default true,
    disabled_reason  text,
    created_by       uuid not null references users (id),
    created_at       timestamptz not null default now(),
    deleted_at       timestamptz
);

create index webhook_subscriptions_list_idx on webhook_subscriptions (created_at desc, id desc) where deleted_at is null;

-- The outbox: one row per event worth announcing, written by a trigger on `events` in the
-- transaction of the change itself, so a change that commits is always announced and a
-- rolled-back one never is. A row is written only while some subscription wants its type.
create table webhook_outbox (
    id           bigint generated always as identity primary key,
    -- The `webhook-id` receivers deduplicate on: the same for every attempt and every receiver.
    message_id   text not null unique,
    type         text not null,
    occurred_at  timestamptz not null,
    payload      jsonb not null,
    event_id     bigint not null
);

create index webhook_outbox_occurred_idx on webhook_outbox using brin (occurred_at);

-- One row per (subscription, message): its state, its schedule and what the receiver said last.
create table webhook_deliveries (
    id               bigint generated always as identity primary key,
    subscription_id  uuid not null references webhook_subscriptions (id),
    outbox_id        bigint not null references webhook_outbox (id),
    state            text not null default 'pending'
                         constraint webhook_deliveries_state_valid check (state in ('pending', 'delivered', 'failed')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    created_at       timestamptz not null default now(),
    last_attempt_at  timestamptz,
    last_status      smallint,
    last_error       text,
    last_response    text constraint webhook_deliveries_last_response_length check (length(last_response) <= 1000),
    delivered_at     timestamptz,
    unique (subscription_id, outbox_id)
);

create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where state = 'pending';
create index webhook_deliveries_subscription_idx on webhook_deliveries (subscription_id, id desc);

create function webhook_type(kind text) returns text language sql immutable as $$
    select case kind
        when 'parent_completed' then 'parent.completed'
        when 'bill_created' then 'bill.created'
        when 'bill_completed' then 'bill.completed'
        when 'bill_reopened' then 'bill.reopened'
        when 'bill_deleted' then 'bill.deleted'
        when 'return_created' then 'return.created'
        when 'return_finalized' then 'return.finalized'
        when 'return_cancelled' then 'return.cancelled'
        when 'bag_deleted' then 'bag.deleted'
        when 'bags_imported' then 'import.finished'
        when 'bills_imported' then 'import.finished'
    end
$$;

create function events_to_outbox() returns trigger language plpgsql as $$
declare
    message_type text := webhook_type(new.kind);
    outbox bigint;
begin
    if not exists (select 1 from webhook_subscriptions
                   where enabled and deleted_at is null and message_type = any (events)) then
        return null;
    end if;
    insert into webhook_outbox (message_id, type, occurred_at, payload, event_id)
    values ('msg_' || new.id, message_type, new.occurred_at,
            jsonb_build_object(
                'type', message_type,
                'timestamp', to_char(new.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                'data', jsonb_strip_nulls(jsonb_build_object(
                    'event_id', new.id,
                    'kind', new.kind,
                    'area', new.area,
                    'bag_qr', new.bag_qr,
                    'parent_qr', new.parent_qr,
                    'bill_id', new.bill_code,
                    'return_code', new.return_code,
                    'actor', (select username from users where id = new.actor_id),
                    'details', new.details))),
            new.id)
    returning id into outbox;
    insert into webhook_deliveries (subscription_id, outbox_id)
    select id, outbox from webhook_subscriptions
    where enabled and deleted_at is null and message_type = any (events);
    return null;
end $$;

-- The WHEN clause keeps the trigger off the scan path: child links never call it.
create trigger events_to_outbox after insert on events
    for each row when (new.kind in ('parent_completed', 'bill_created', 'bill_completed', 'bill_reopened',
                                    'bill_deleted', 'return_created', 'return_finalized', 'return_cancelled',
                                    'bag_deleted', 'bags_imported', 'bills_imported'))
    execute function events_to_outbox();
