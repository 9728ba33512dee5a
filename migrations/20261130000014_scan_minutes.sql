-- Child scans per minute, kept for a few days: "scans today" (since the site's local midnight)
-- and "scans in the last hour" sum at most 1,440 + 60 minutes of rows, whatever the day's volume.
-- Minutes fit every time zone (offsets are whole quarters of an hour). Written by the scan's own
-- statement, striped like `stat_counters` so concurrent scans rarely wait on one row.
create table scan_minutes (
    minute  timestamptz not null constraint scan_minutes_whole_minute check (minute = date_trunc('minute', minute)),
    area    text collate "C" not null default '',
    stripe  smallint not null constraint scan_minutes_stripe_range check (stripe between 0 and 15),
    scans   bigint not null default 0,
    primary key (minute, area, stripe)
);

insert into scan_minutes (minute, area, stripe, scans)
select date_trunc('minute', occurred_at), coalesce(area, ''), 0, count(*)
from events
where kind = 'child_linked' and occurred_at >= now() - interval '3 days'
group by 1, 2;
