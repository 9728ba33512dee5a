-- The optional second factor (SPEC §7): one RFC 6238 secret per user. A secret is stored at set-up
-- and only counts once the user has proved a code (`totp_enabled_at`). The last accepted time step
-- is kept so each code signs in at most once, even when two requests race with it.
alter table users
    add column totp_secret bytea,
    add column totp_enabled_at timestamptz,
    add column totp_last_step bigint,
    add constraint users_totp_enabled_has_secret check (totp_enabled_at is null or totp_secret is not null);
