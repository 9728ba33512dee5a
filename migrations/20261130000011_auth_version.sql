-- Every access token names the user's `auth_version` at the time it was issued; a request is
-- served only while the two still agree. The trigger bumps the version on every change that
-- takes rights away or ends sessions (role, area, password, deletion, second factor), so no
-- code path can forget to; sign-out bumps it explicitly. Each bump is announced on the channel
-- `tracetrack_auth` (delivered at commit, never for a rolled-back change), so every API
-- instance drops its cached copy at once.
alter table users add column auth_version bigint not null default 0;

create function users_bump_auth_version() returns trigger language plpgsql as $$
begin
    if new.role is distinct from old.role
       or new.area is distinct from old.area
       or new.password_hash is distinct from old.password_hash
       or new.deleted_at is distinct from old.deleted_at
       or new.totp_enabled_at is distinct from old.totp_enabled_at then
        new.auth_version := greatest(new.auth_version, old.auth_version + 1);
    end if;
    return new;
end $$;

create trigger users_bump_auth_version before update on users
    for each row execute function users_bump_auth_version();

create function users_announce_auth_version() returns trigger language plpgsql as $$
begin
    perform pg_notify('tracetrack_auth', new.id::text);
    return null;
end $$;

create trigger users_announce_auth_version after update on users
    for each row when (new.auth_version is distinct from old.auth_version)
    execute function users_announce_auth_version();

-- A refresh token spent within the last moments may be presented again by a retried request;
-- it then gets the same successor. The successor is kept encrypted with a key derived from the
-- spent token itself, so only its holder can read it back (the database never holds a usable
-- token in the clear).
alter table refresh_tokens add column successor_sealed bytea;
