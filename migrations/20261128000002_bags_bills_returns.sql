-- Bags, bills and return tickets. The invariants of SPEC §1–§5 live here as constraints.

create table bills (
    id                  bigint generated always as identity primary key,
    code                text collate "C" not null
                        constraint bills_code_format check (code ~ '^[A-Z0-9_/-]{3,50}$'),
    status              text not null default 'new'
                        constraint bills_status_valid check (status in ('new', 'processing', 'completed')),
    capacity            integer not null constraint bills_capacity_range check (capacity between 1 and 500),
    linked_count        integer not null default 0,
    child_count         integer not null default 0 constraint bills_child_count_nonnegative check (child_count >= 0),
    actual_weight_kg    numeric(12, 3) not null default 0 constraint bills_actual_weight_nonnegative check (actual_weight_kg >= 0),
    expected_weight_kg  numeric(12, 3) not null default 0 constraint bills_expected_weight_nonnegative check (expected_weight_kg >= 0),
    description         text not null default '' constraint bills_description_length check (length(description) <= 500),
    destination         text not null default '' constraint bills_destination_length check (length(destination) <= 200),
    vehicle_number      text not null default '' constraint bills_vehicle_number_length check (length(vehicle_number) <= 40),
    created_by          uuid references users (id),
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    completed_at        timestamptz,
    constraint bills_linked_within_capacity check (linked_count between 0 and capacity),
    constraint bills_completed_when_full check (status <> 'completed' or linked_count = capacity)
);

create unique index bills_code_key on bills (code);
create index bills_list_idx on bills (id desc);
create index bills_status_idx on bills (status, id desc);
create index bills_creator_idx on bills (created_by, id desc);

create table bags (
    id             bigint generated always as identity primary key,
    -- Stored normalised (upper case), so a plain unique index is case-insensitive uniqueness.
    qr             text collate "C" not null
                   constraint bags_qr_normalised check (qr = upper(qr) and length(qr) between 1 and 255),
    kind           text not null constraint bags_kind_valid check (kind in ('parent', 'child')),
    status         text not null,
    area           text collate "C" references dispatch_areas (code) on update cascade,
    parent_type    text collate "C" references parent_types (code),
    max_children   integer,
    child_count    integer not null default 0,
    -- The parent→child link: one column, so a child is in at most one parent by construction.
    parent_id      bigint,
    parent_kind    text generated always as (case when parent_id is null then null else 'parent' end) stored,
    linked_at      timestamptz,
    linked_by      uuid references users (id),
    -- Bill membership: one column, so a parent is on at most one bill by construction.
    bill_id        bigint references bills (id) on delete set null,
    billed_at      timestamptz,
    created_by     uuid references users (id),
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    completed_at   timestamptz,
    constraint bags_id_kind_key unique (id, kind),
    -- The link may only point at a parent bag.
    constraint bags_parent_is_parent foreign key (parent_id, parent_kind) references bags (id, kind),
    constraint bags_status_valid check (
        (kind = 'parent' and status in ('pending', 'in_progress', 'completed'))
        or (kind = 'child' and status in ('unlinked', 'linked'))),
    constraint bags_parent_fields check (
        kind = 'child'
        or (parent_type is not null and max_children is not null and parent_id is null)),
    constraint bags_child_fields check (
        kind = 'parent'
        or (parent_type is null and max_children is null and child_count = 0 and bill_id is null)),
    constraint bags_child_link_consistent check (
        kind = 'parent' or ((parent_id is null) = (status = 'unlinked'))),
    constraint bags_child_count_within_max check (child_count >= 0 and (max_children is null or child_count <= max_children)),
    constraint bags_pending_when_empty check (kind = 'child' or status <> 'pending' or child_count = 0)
);

create unique index bags_qr_key on bags (qr);
create index bags_parent_link_idx on bags (parent_id, linked_at desc) where parent_id is not null;
create index bags_bill_idx on bags (bill_id) where bill_id is not null;
create index bags_kind_list_idx on bags (kind, status, id desc);
create index bags_area_list_idx on bags (area, kind, id desc);
create index bags_created_at_brin on bags using brin (created_at);

create table return_tickets (
    id            bigint generated always as identity primary key,
    code          text collate "C" not null
                  constraint return_tickets_code_format check (code ~ '^RTN-[0-9]{8}-[0-9A-F]{4}$'),
    area          text collate "C" references dispatch_areas (code) on update cascade,
    notes         text not null default '' constraint return_tickets_notes_length check (length(notes) <= 1000),
    status        text not null default 'open'
                  constraint return_tickets_status_valid check (status in ('open', 'committed', 'cancelled')),
    bag_count     integer not null default 0 constraint return_tickets_bag_count_nonnegative check (bag_count >= 0),
    created_by    uuid references users (id),
    created_at    timestamptz not null default now(),
    closed_at     timestamptz
);

create unique index return_tickets_code_key on return_tickets (code);
create index return_tickets_list_idx on return_tickets (status, id desc);

create table return_ticket_parents (
    ticket_id          bigint not null references return_tickets (id) on delete cascade,
    parent_id          bigint not null references bags (id),
    original_bill_id   bigint references bills (id) on delete set null,
    original_bill_code text collate "C",
    child_count        integer not null constraint return_ticket_parents_child_count_nonnegative check (child_count >= 0),
    weight_kg          numeric(12, 3) not null constraint return_ticket_parents_weight_nonnegative check (weight_kg >= 0),
    scanned_by         uuid references users (id),
    scanned_at         timestamptz not null default now(),
    primary key (ticket_id, parent_id)
);

create index return_ticket_parents_parent_idx on return_ticket_parents (parent_id);
