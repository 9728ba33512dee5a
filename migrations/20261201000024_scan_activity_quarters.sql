-- Child scans per quarter hour, area and operator: what `/stats/activity` reads. It counted the
-- `child_linked` events of its window instead, which costs as many rows as the window holds
-- scans: a busy day made each refresh of the dashboard's activity read every scan of that day
-- (424 ms and 203,000 buffers per refresh after ~300,000 scans in a day, loadtest/NOTES.md
-- session 13), and each area's dispatchers refresh their own copy. A quarter hour (from
-- 2000-01-01 00:00 UTC) is the finest step every time zone's hours start on (+05:30, +05:45), so
-- a local hour or day is a whole number of quarters. One row per scanner per area per quarter:
-- a year is at most 35,000 quarters for each operator who scanned in them.
--
-- Written by the scan's own statement (`storage::scan`), in the transaction of the
-- `child_linked` event it counts; `tracetrack seed` rebuilds it from the events. No foreign key:
-- `actor_id` holds a user's id like `events.actor_id`, and users are never deleted.
create table scan_activity (
    quarter   timestamptz not null,
    area      text,
    actor_id  uuid,
    scans     bigint not null constraint scan_activity_scans_positive check (scans > 0),
    constraint scan_activity_key unique nulls not distinct (quarter, area, actor_id)
);

insert into scan_activity (quarter, area, actor_id, scans)
select date_bin('15 minutes', occurred_at, timestamptz '2000-01-01 00:00:00+00'), area, actor_id, count(*)
from events
where kind = 'child_linked'
group by 1, 2, 3;
