//! Bulk realistic data for demos and the load test (`tracetrack seed`). Whole batches are
//! generated inside PostgreSQL with `generate_series`, so 50,000 parents (~1.5 M bags) take
//! well under two minutes. Meant for a database that is not serving scans at the same time:
//! the dashboard counters are recomputed from the rows at the end.

use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::StorageResult;

/// The first parent number that gets a seven-digit QR: the default types' codes have five
/// digits (`SB#####`, `M444-#####`), so parents from 100,000 on are of the wide types
/// `mustard_wide` (`SB#######`) and `moong_wide` (`M444-#######`), made by [`wide_types`].
pub const WIDE_FROM: i64 = 100_000;

/// The parent types with room for seven-digit codes, created if missing. Their patterns cannot
/// claim a default type's code (two more digits), nor the other way round.
pub async fn wide_types(conn: &mut PgConnection) -> StorageResult<()> {
    sqlx::query(
        "insert into parent_types (code, name, qr_pattern, max_children, expected_weight_kg, child_weight_kg)
         values ('mustard_wide', 'Mustard (7-digit codes)', 'SB\\d{7}', 30, 30, 1),
                ('moong_wide', 'Moong (7-digit codes)', 'M444-\\d{7}', 15, 15, 1)
         on conflict (code) do nothing",
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Inserts parents `first..first+count` (mustard `SB#####`, every sixth moong `M444-#####`;
/// seven digits and the wide types from [`WIDE_FROM`] on) spread over the last 90 days: 80 %
/// full, 15 % partly packed, 5 % empty, with their children and events. `operators` are the
/// users the scans are attributed to, one per area in order. A child's code is `C`, its
/// parent's digits, `S` or `M`, and its place in the parent.
pub async fn parents(
    conn: &mut PgConnection,
    first: i64,
    count: i64,
    operators: &[(Uuid, String)],
) -> StorageResult<u64> {
    let ids: Vec<Uuid> = operators.iter().map(|(id, _)| *id).collect();
    let areas: Vec<&str> = operators.iter().map(|(_, area)| area.as_str()).collect();
    let done = sqlx::query(
        "with g as (
             select i, ($3::uuid[])[1 + i % cardinality($3)] as actor, ($4::text[])[1 + i % cardinality($4)] as area,
                    case when i % 6 = 5 then 'moong' else 'mustard' end
                        || case when i >= $5 then '_wide' else '' end as parent_type,
                    case when i >= $5 then 7 else 5 end as digits,
                    case when i % 6 = 5 then 15 else 30 end as max_children,
                    (date_trunc('day', now()) - (1 + floor(random() * 90)) * interval '1 day' + interval '8 hours' + random() * interval '11 hours') as created_at, random() as fill
             from generate_series($1::bigint, $1::bigint + $2::bigint - 1) i
         ), sized as (
             select g.*, case when fill < 0.80 then max_children
                              when fill < 0.95 then 1 + floor(random() * (max_children - 1))::int
                              else 0 end as child_count
             from g
         ), parents as (
             insert into bags (qr, kind, status, area, parent_type, max_children, child_count, created_by, created_at,
                               updated_at, completed_at)
             select case when parent_type like 'moong%' then 'M444-' else 'SB' end || lpad(i::text, digits, '0'), 'parent',
                    case child_count when 0 then 'pending' when max_children then 'completed' else 'in_progress' end,
                    area, parent_type, max_children, child_count, actor, created_at, created_at,
                    case when child_count = max_children then created_at + interval '40 minutes' end
             from sized
             on conflict (qr) do nothing
             returning id, qr, area, child_count, max_children, created_by, created_at
         ), children as (
             insert into bags (qr, kind, status, area, parent_id, linked_at, linked_by, created_by, created_at, updated_at)
             select 'C' || case when p.qr like 'M444-%' then substr(p.qr, 6) else substr(p.qr, 3) end
                        || case when p.qr like 'M%' then 'M' else 'S' end
                        || lpad(k::text, 2, '0'),
                    'child', 'linked', p.area, p.id, p.created_at + k * interval '1 minute', p.created_by,
                    p.created_by, p.created_at + k * interval '1 minute', p.created_at + k * interval '1 minute'
             from parents p, generate_series(1, p.child_count) k
             returning qr, parent_id, area, linked_at, linked_by
         ), parent_events as (
             insert into events (kind, occurred_at, actor_id, area, bag_qr, parent_qr, details)
             select 'parent_created', created_at, created_by, area, qr, qr, '{}'::jsonb from parents
             union all
             select 'parent_completed', created_at + interval '40 minutes', created_by, area, qr, qr, '{}'::jsonb
             from parents where child_count = max_children and child_count > 0
         )
         insert into events (kind, occurred_at, actor_id, area, bag_qr, parent_qr, details)
         select 'child_linked', c.linked_at, c.linked_by, c.area, c.qr, p.qr, '{}'::jsonb
         from children c join parents p on p.id = c.parent_id",
    )
    .bind(first)
    .bind(count)
    .bind(&ids)
    .bind(&areas)
    .bind(WIDE_FROM)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Loose children, in no parent, spread over the last 90 days.
pub async fn loose_children(conn: &mut PgConnection, count: i64, operators: &[(Uuid, String)]) -> StorageResult<()> {
    let ids: Vec<Uuid> = operators.iter().map(|(id, _)| *id).collect();
    let areas: Vec<&str> = operators.iter().map(|(_, area)| area.as_str()).collect();
    sqlx::query(
        "insert into bags (qr, kind, status, area, created_by, created_at, updated_at)
         select 'L' || lpad(i::text, 8, '0'), 'child', 'unlinked', ($3::text[])[1 + i % cardinality($3)],
                ($2::uuid[])[1 + i % cardinality($2)], (date_trunc('day', now()) - (1 + floor(random() * 90)) * interval '1 day' + interval '8 hours' + random() * interval '11 hours'), now()
         from generate_series(1, $1::bigint) i
         on conflict (qr) do nothing",
    )
    .bind(count)
    .bind(&ids)
    .bind(&areas)
    .execute(conn)
    .await?;
    Ok(())
}

/// Bills in every state: 70 % completed, 20 % loading, 10 % new, loaded with full
/// parents that are on no bill yet. Returns how many were created.
pub async fn bills(conn: &mut PgConnection, count: i64, actor: Uuid) -> StorageResult<u64> {
    let created = sqlx::query(
        "with b as (
             insert into bills (code, capacity, created_by, created_at, updated_at)
             select 'SEED-' || lpad(j::text, 6, '0'), 10 + (j * 7) % 31, $2, (date_trunc('day', now()) - (1 + floor(random() * 60)) * interval '1 day' + interval '8 hours' + random() * interval '11 hours'), now()
             from generate_series(1, $1::bigint) j
             on conflict (code) do nothing
             returning id, code, capacity, created_at
         ), wanted as (
             -- Every tenth bill stays new, two in ten are half loaded, the rest full: every
             -- state exists in any seed of ten bills or more.
             select b.*, case when n % 10 = 0 then 0 when n % 10 >= 8 then capacity / 2 else capacity end as load
             from (select b.*, row_number() over (order by id) as n from b) b
         ), slots as (
             select w.id as bill_id, w.created_at, row_number() over () as slot
             from wanted w, generate_series(1, w.load) s
         ), free as (
             select id, row_number() over (order by id) as slot from bags
             where kind = 'parent' and status = 'completed' and bill_id is null
         )
         update bags set bill_id = slots.bill_id, billed_at = slots.created_at + interval '2 hours'
         from slots join free using (slot)
         where bags.id = free.id",
    )
    .bind(count)
    .bind(actor)
    .execute(conn)
    .await?;
    Ok(created.rows_affected())
}

/// Brings every bill's counts, weights and status, and the dashboard counters, in line with
/// the rows, and records the bills' events.
pub async fn settle(tx: &mut PgConnection) -> StorageResult<()> {
    sqlx::query(
        "update bills set linked_count = s.linked, child_count = s.children, actual_weight_kg = s.actual,
                expected_weight_kg = s.expected,
                capacity = greatest(bills.capacity, s.linked),
                status = case when s.linked = 0 then 'new' when s.linked >= bills.capacity then 'completed'
                              else 'processing' end,
                completed_at = case when s.linked >= bills.capacity then bills.created_at + interval '3 hours' end
         from (select b.id, count(p.id)::int as linked, coalesce(sum(p.child_count), 0)::int as children,
                      coalesce(sum(p.child_count * t.child_weight_kg), 0) as actual,
                      coalesce(sum(t.expected_weight_kg), 0) as expected
               from bills b left join bags p on p.bill_id = b.id left join parent_types t on t.code = p.parent_type
               where b.code like 'SEED-%'
               group by b.id) s
         where bills.id = s.id",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into events (kind, occurred_at, actor_id, bill_code, details)
         select 'bill_created', created_at, created_by, code, jsonb_build_object('capacity', capacity)
         from bills where code like 'SEED-%'
           and not exists (select 1 from events e where e.bill_code = bills.code and e.kind = 'bill_created')",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into events (kind, occurred_at, actor_id, area, bag_qr, parent_qr, bill_code, details)
         select 'bill_parent_added', p.billed_at, b.created_by, p.area, p.qr, p.qr, b.code, '{}'::jsonb
         from bags p join bills b on b.id = p.bill_id
         where b.code like 'SEED-%'
           and not exists (select 1 from events e where e.bag_qr = p.qr and e.kind = 'bill_parent_added')",
    )
    .execute(&mut *tx)
    .await?;
    recount_counters(tx).await?;
    Ok(())
}

/// Replaces the dashboard counters with totals counted from the rows.
pub async fn recount_counters(conn: &mut PgConnection) -> StorageResult<()> {
    sqlx::query("delete from stat_counters").execute(&mut *conn).await?;
    sqlx::query(
        "insert into stat_counters (metric, area, parent_type, stripe, value)
         select 'parents', coalesce(area, ''), parent_type, 0, count(*) from bags where kind = 'parent'
         group by 2, 3
         union all
         select 'children', coalesce(area, ''), '', 0, count(*) from bags where kind = 'child' group by 2
         union all
         select 'unlinked_children', coalesce(area, ''), '', 0, count(*) from bags
         where kind = 'child' and parent_id is null group by 2
         union all
         select 'scans', coalesce(area, ''), '', 0, count(*) from events where kind = 'child_linked' group by 2
         union all
         select 'bills_' || status, '', '', 0, count(*) from bills group by status",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query("delete from scan_minutes").execute(&mut *conn).await?;
    sqlx::query(
        "insert into scan_minutes (minute, area, stripe, scans)
         select date_trunc('minute', occurred_at), coalesce(area, ''), 0, count(*) from events
         where kind = 'child_linked' and occurred_at >= now() - interval '3 days'
         group by 1, 2",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query("delete from scan_activity").execute(&mut *conn).await?;
    sqlx::query(
        "insert into scan_activity (quarter, area, actor_id, scans)
         select date_bin('15 minutes', occurred_at, timestamptz '2000-01-01 00:00:00+00'), area, actor_id, count(*)
         from events where kind = 'child_linked'
         group by 1, 2, 3",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An index or foreign key dropped for a bulk load, with the statement that makes it again.
pub struct Suspended {
    pub name: String,
    pub restore: String,
}

/// Drops the non-unique indexes of `bags` and `events` and the foreign keys of `bags` (in the
/// caller's transaction, so a failed load rolls the drop back too): building an index once
/// after the load is far cheaper than maintaining it row by row, and adding a foreign key
/// checks every row in one join where each inserted row would otherwise run its own look-up
/// (two or three per bag: its area, its parent or type). Unique indexes stay — conflicts and
/// keys need them. Indexes come first in the list, so the checks of the keys can use them.
pub async fn suspend_for_load(conn: &mut PgConnection) -> StorageResult<Vec<Suspended>> {
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "select c.relname::text, pg_get_indexdef(i.indexrelid)
         from pg_index i join pg_class c on c.oid = i.indexrelid
         where i.indrelid in ('bags'::regclass, 'events'::regclass) and not i.indisunique and not i.indisprimary
         order by c.relname",
    )
    .fetch_all(&mut *conn)
    .await?;
    let keys: Vec<(String, String)> = sqlx::query_as(
        "select conname::text, pg_get_constraintdef(oid) from pg_constraint
         where conrelid = 'bags'::regclass and contype = 'f'
         order by conname",
    )
    .fetch_all(&mut *conn)
    .await?;
    for (name, _) in &indexes {
        sqlx::query(&format!("drop index \"{name}\"")).execute(&mut *conn).await?;
    }
    for (name, _) in &keys {
        sqlx::query(&format!("alter table bags drop constraint \"{name}\"")).execute(&mut *conn).await?;
    }
    let indexes = indexes.into_iter().map(|(name, restore)| Suspended { name, restore });
    let keys = keys.into_iter().map(|(name, definition)| Suspended {
        restore: format!("alter table bags add constraint \"{name}\" {definition}"),
        name,
    });
    Ok(indexes.chain(keys).collect())
}

pub async fn restore(conn: &mut PgConnection, suspended: &Suspended) -> StorageResult<()> {
    sqlx::query(&suspended.restore).execute(conn).await?;
    Ok(())
}
