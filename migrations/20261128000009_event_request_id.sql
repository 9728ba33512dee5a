-- Every event carries the id of the request that wrote it, so a scan, a bill change or a return
-- can be matched to its response and its log lines (SPEC §7: who, what, when, request id).
-- Nullable without a default: adding it rewrites nothing, and earlier events have none.
alter table events add column request_id text;
