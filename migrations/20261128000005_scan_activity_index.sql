-- Scans today, in the last hour, per hour and per operator are read from the events of kind
-- child_linked. This partial index holds only those, in time order, with the columns the
-- activity queries group by, so they are index-only scans over the requested window however
-- large the history grows.
create index events_scans_idx on events (occurred_at) include (actor_id, area) where kind = 'child_linked';
