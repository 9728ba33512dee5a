-- Download links (`POST /api/v1/exports/links`): a short-lived signed token lets the browser
-- download an export itself. Each token may be spent once, on whichever instance it reaches:
-- its id is inserted here when spent, and the primary key refuses a second spend. Rows are
-- dropped by housekeeping once the token has expired (it could not be spent again anyway).
create table download_links_spent (
    jti         uuid primary key,
    user_id     uuid not null,
    spent_at    timestamptz not null default now(),
    expires_at  timestamptz not null
);

create index download_links_spent_expiry_idx on download_links_spent (expires_at);

-- Audit retention (`TRACETRACK_AUDIT_RETENTION_DAYS`): the audit trail stays append-only for
-- everyone, except the housekeeping job, which marks its own transaction with
-- `set local tracetrack.audit_retention = 'on'` and may then delete entries older than the
-- retention. Updates stay refused always.
create function refuse_audit_rewrite() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('tracetrack.audit_retention', true) = 'on' then
        return old;
    end if;
    raise exception '% is append-only', tg_table_name using errcode = 'restrict_violation';
end;
$$;

drop trigger audit_log_append_only on audit_log;
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_audit_rewrite();
