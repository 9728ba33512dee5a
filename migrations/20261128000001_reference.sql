-- Reference data and identities: dispatch areas, parent types, users, refresh tokens.

create table dispatch_areas (
    code        text collate "C" primary key
                constraint dispatch_areas_code_format check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
    name        text not null constraint dispatch_areas_name_length check (length(name) between 1 and 80),
    created_at  timestamptz not null default now()
);

insert into dispatch_areas (code, name) values
    ('lucknow', 'Lucknow'), ('indore', 'Indore'), ('jaipur', 'Jaipur'), ('hisar', 'Hisar'),
    ('sri_ganganagar', 'Sri Ganganagar'), ('sangaria', 'Sangaria'), ('bathinda', 'Bathinda'),
    ('raipur', 'Raipur'), ('ranchi', 'Ranchi'), ('akola', 'Akola');

create table parent_types (
    code                text collate "C" primary key
                        constraint parent_types_code_format check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
    name                text not null constraint parent_types_name_length check (length(name) between 1 and 80),
    -- A regular expression over the normalised QR; the application anchors it.
    qr_pattern          text not null constraint parent_types_pattern_length check (length(qr_pattern) between 1 and 200),
    max_children        integer not null constraint parent_types_max_children_range check (max_children between 1 and 1000),
    expected_weight_kg  numeric(10, 3) not null constraint parent_types_expected_weight_positive check (expected_weight_kg > 0),
    child_weight_kg     numeric(10, 3) not null default 1 constraint parent_types_child_weight_positive check (child_weight_kg > 0),
    created_at          timestamptz not null default now()
);

insert into parent_types (code, name, qr_pattern, max_children, expected_weight_kg, child_weight_kg) values
    ('mustard', 'Mustard', 'SB\d{5}', 30, 30, 1),
    ('moong', 'Moong', 'M444-\d{5}', 15, 15, 1);

create table users (
    id                   uuid primary key default gen_random_uuid(),
    username             text not null
                         constraint users_username_format check (username ~ '^[A-Za-z0-9._-]{3,40}$'),
    display_name         text not null default '' constraint users_display_name_length check (length(display_name) <= 80),
    password_hash        text not null,
    role                 text not null constraint users_role_valid check (role in ('admin', 'biller', 'dispatcher')),
    area                 text collate "C" references dispatch_areas (code) on update cascade,
    failed_logins        integer not null default 0 constraint users_failed_logins_nonnegative check (failed_logins >= 0),
    locked_until         timestamptz,
    password_changed_at  timestamptz not null default now(),
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    -- Users are soft-deleted: events and audit rows keep pointing at who did what.
    deleted_at           timestamptz,
    constraint users_dispatcher_has_area check (role <> 'dispatcher' or area is not null)
);

create unique index users_username_key on users (lower(username)) where deleted_at is null;
create index users_list_idx on users (created_at desc, id desc) where deleted_at is null;

create table refresh_tokens (
    id          uuid primary key default gen_random_uuid(),
    -- Every token minted by rotating another shares its family; reusing a spent token revokes the family.
    family_id   uuid not null,
    user_id     uuid not null references users (id) on delete cascade,
    token_hash  bytea not null constraint refresh_tokens_hash_key unique,
    issued_at   timestamptz not null default now(),
    expires_at  timestamptz not null,
    used_at     timestamptz,
    revoked_at  timestamptz
);

create index refresh_tokens_family_idx on refresh_tokens (family_id);
create index refresh_tokens_user_idx on refresh_tokens (user_id);
