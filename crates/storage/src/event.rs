use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::{PgConnection, PgPool, Postgres};
use uuid::Uuid;

use crate::error::StorageResult;
use crate::list_sql::ListSql;

/// Every kind of event the history holds (the `events_kind_valid` constraint's list).
pub const KINDS: &[&str] = &[
    "parent_created",
    "child_created",
    "child_linked",
    "child_unlinked",
    "parent_completed",
    "parent_reopened",
    "bag_deleted",
    "bill_created",
    "bill_updated",
    "bill_parent_added",
    "bill_parent_removed",
    "bill_completed",
    "bill_reopened",
    "bill_deleted",
    "return_created",
    "return_parent_added",
    "return_finalized",
    "return_cancelled",
    "bags_imported",
    "bills_imported",
];

/// Who made a change and through what, stamped on every event of it.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<Uuid>,
    /// A dispatcher's area: every read and write is confined to it. `None` sees every area.
    pub area_scope: Option<String>,
    pub device_id: Option<String>,
    pub idempotency_key: Option<String>,
    /// The request that made the change (its `X-Request-Id`).
    pub request_id: Option<String>,
}

/// One change to record (SPEC §8). Identifiers are copied so history outlives the rows.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    pub kind: &'static str,
    pub area: Option<String>,
    pub bag_qr: Option<String>,
    pub parent_qr: Option<String>,
    pub bill_code: Option<String>,
    pub return_code: Option<String>,
    pub details: Option<Value>,
}

/// Appends the events of one change in a single statement.
pub async fn record(conn: &mut PgConnection, actor: &Actor, events: &[NewEvent]) -> StorageResult<()> {
    static SQL: LazyLock<String> = LazyLock::new(|| format!("with {} select 1", insert_cte(1)));
    if events.is_empty() {
        return Ok(());
    }
    bind(sqlx::query(&SQL), actor, events).execute(conn).await?;
    Ok(())
}

/// The history's insert as a `with` item (`events_written`) over parameters `$n`..`$n+10`
/// bound by [`bind`], so a change can write its events in the statement that makes it.
pub(crate) fn insert_cte(n: usize) -> String {
    insert_cte_if(n, "true")
}

/// [`insert_cte`], writing the events only if `condition` holds (a change its own statement
/// may turn out not to make, such as a parent another scan created first).
pub(crate) fn insert_cte_if(n: usize, condition: &str) -> String {
    let p = |offset: usize| format!("${}", n + offset);
    format!(
        "events_written as (
             insert into events (kind, actor_id, area, bag_qr, parent_qr, bill_code, return_code, device_id,
                                 idempotency_key, request_id, details)
             select kind, {actor}, area, bag_qr, parent_qr, bill_code, return_code, {device}, {key}, {request},
                    coalesce(details, '{{}}'::jsonb)
             from unnest({kinds}::text[], {areas}::text[], {bags}::text[], {parents}::text[], {bills}::text[],
                         {returns}::text[], {details}::jsonb[])
                  as e(kind, area, bag_qr, parent_qr, bill_code, return_code, details)
             where {condition}
         )",
        actor = p(0),
        device = p(1),
        key = p(2),
        kinds = p(3),
        areas = p(4),
        bags = p(5),
        parents = p(6),
        bills = p(7),
        returns = p(8),
        details = p(9),
        request = p(10),
    )
}

/// Binds the eleven parameters [`insert_cte`] reads, in its order.
pub(crate) fn bind<'q>(
    query: Query<'q, Postgres, PgArguments>,
    actor: &Actor,
    events: &[NewEvent],
) -> Query<'q, Postgres, PgArguments> {
    let column = |f: fn(&NewEvent) -> Option<String>| events.iter().map(f).collect::<Vec<_>>();
    query
        .bind(actor.user_id)
        .bind(actor.device_id.clone())
        .bind(actor.idempotency_key.clone())
        .bind(events.iter().map(|e| e.kind).collect::<Vec<_>>())
        .bind(column(|e| e.area.clone()))
        .bind(column(|e| e.bag_qr.clone()))
        .bind(column(|e| e.parent_qr.clone()))
        .bind(column(|e| e.bill_code.clone()))
        .bind(column(|e| e.return_code.clone()))
        .bind(events.iter().map(|e| e.details.clone()).collect::<Vec<_>>())
        .bind(actor.request_id.clone())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRecord {
    pub id: i64,
    pub kind: String,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_username: Option<String>,
    pub area: Option<String>,
    pub bag_qr: Option<String>,
    pub parent_qr: Option<String>,
    pub bill_code: Option<String>,
    pub return_code: Option<String>,
    pub device_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub request_id: Option<String>,
    pub details: Value,
}

#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Events about this bag, as the bag itself or as the parent of the bag.
    pub bag_qr: Option<String>,
    pub parent_qr: Option<String>,
    pub bill_code: Option<String>,
    pub actor_id: Option<Uuid>,
    pub kind: Option<String>,
    pub area: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Newest first, keyset on `id`.
pub async fn list(
    pool: &PgPool,
    filter: &EventFilter,
    before_id: Option<i64>,
    limit: i64,
) -> StorageResult<Vec<EventRecord>> {
    let mut sql = ListSql::new(
        "select e.id, e.kind, e.occurred_at, e.actor_id, u.username as actor_username, e.area, e.bag_qr,
                e.parent_qr, e.bill_code, e.return_code, e.device_id, e.idempotency_key, e.request_id, e.details
         from events e left join users u on u.id = e.actor_id
         where true",
    );
    if let Some(bag) = filter.bag_qr.as_deref() {
        sql.text(" and (e.bag_qr = ");
        sql.bind(bag);
        sql.text(" or e.parent_qr = ");
        sql.bind(bag);
        sql.text(")");
    }
    sql.equal("e.parent_qr", filter.parent_qr.as_deref());
    sql.equal("e.bill_code", filter.bill_code.as_deref());
    sql.equal("e.actor_id", filter.actor_id);
    sql.equal("e.kind", filter.kind.as_deref());
    sql.equal("e.area", filter.area.as_deref());
    if filter.from.is_some() || filter.to.is_some() {
        sql.plan_per_call();
    }
    sql.compare("e.occurred_at >= ", filter.from);
    sql.compare("e.occurred_at < ", filter.to);
    sql.compare("e.id < ", before_id);
    sql.text(" order by e.id desc limit ");
    sql.bind(limit);
    Ok(sql.build_query_as().fetch_all(pool).await?)
}

/// A [`latest_each`] row: which of the wanted pairs it answers.
#[derive(sqlx::FromRow)]
struct Numbered {
    n: i64,
    #[sqlx(flatten)]
    event: EventRecord,
}

/// For each `(kind, bag_qr)` wanted, the most recent event of that kind about that bag (who did
/// it and when), in one statement: a trace asks for up to three, and each round trip of its own
/// was a tenth of the trace's time.
pub async fn latest_each(conn: &mut PgConnection, wanted: &[(&str, &str)]) -> StorageResult<Vec<Option<EventRecord>>> {
    let (kinds, qrs): (Vec<&str>, Vec<&str>) = wanted.iter().copied().unzip();
    let rows: Vec<Numbered> = sqlx::query_as(
        "select w.n, e.*
         from unnest($1::text[], $2::text[]) with ordinality as w(kind, bag_qr, n)
         cross join lateral (
             select e.id, e.kind, e.occurred_at, e.actor_id, u.username as actor_username, e.area, e.bag_qr,
                    e.parent_qr, e.bill_code, e.return_code, e.device_id, e.idempotency_key, e.request_id, e.details
             from events e left join users u on u.id = e.actor_id
             where e.bag_qr = w.bag_qr and e.kind = w.kind
             order by e.id desc limit 1
         ) e",
    )
    .bind(&kinds)
    .bind(&qrs)
    .fetch_all(conn)
    .await?;
    let mut found = vec![None; wanted.len()];
    for row in rows {
        if let Some(slot) = usize::try_from(row.n - 1).ok().and_then(|i| found.get_mut(i)) {
            *slot = Some(row.event);
        }
    }
    Ok(found)
}

/// What a parent held at `at`, replayed from its link and unlink events.
pub async fn contents_at(pool: &PgPool, parent_qr: &str, at: DateTime<Utc>) -> StorageResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "select bag_qr from (
             select distinct on (bag_qr) bag_qr, kind
             from events
             where parent_qr = $1 and kind in ('child_linked', 'child_unlinked') and occurred_at <= $2
             order by bag_qr, id desc
         ) last where kind = 'child_linked'
         order by bag_qr",
    )
    .bind(parent_qr)
    .bind(at)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(qr,)| qr).collect())
}
