//! Dashboard figures, from the maintained counters (totals) and the scan index (activity):
//! never a `count(*)` over the bags.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::StorageResult;

/// One counter summed over its stripes.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CounterTotal {
    pub metric: String,
    pub area: String,
    pub parent_type: String,
    pub value: i64,
}

pub async fn counters(pool: &PgPool, area: Option<&str>) -> StorageResult<Vec<CounterTotal>> {
    Ok(sqlx::query_as(
        "select metric, area, parent_type, sum(value)::bigint as value
         from stat_counters
         where $1::text is null or area = $1 or metric like 'bills_%'
         group by metric, area, parent_type",
    )
    .bind(area)
    .fetch_all(pool)
    .await?)
}

/// Child scans since `since` (optionally in one area), to the minute, from the per-minute
/// counters: a constant cost, whatever the day's volume.
pub async fn scans_since(pool: &PgPool, since: DateTime<Utc>, area: Option<&str>) -> StorageResult<i64> {
    Ok(sqlx::query_scalar(
        "select coalesce(sum(scans), 0)::bigint from scan_minutes
         where minute >= date_trunc('minute', $1::timestamptz) and ($2::text is null or area = $2)",
    )
    .bind(since)
    .bind(area)
    .fetch_one(pool)
    .await?)
}

/// Drops per-minute scan counts older than three days (no "today" reaches that far back).
pub async fn drop_old_scan_minutes(pool: &PgPool) -> StorageResult<u64> {
    Ok(sqlx::query("delete from scan_minutes where minute < now() - interval '3 days'")
        .execute(pool)
        .await?
        .rows_affected())
}

/// Scans per time bucket (`hour` or `day`), area and operator in `[from, to)`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActivityRow {
    pub bucket: DateTime<Utc>,
    pub area: Option<String>,
    pub actor_id: Option<Uuid>,
    pub username: Option<String>,
    pub scans: i64,
}

pub async fn activity(
    pool: &PgPool,
    bucket: &str,
    zone: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    area: Option<&str>,
) -> StorageResult<Vec<ActivityRow>> {
    Ok(sqlx::query_as(
        "select s.bucket, s.area, s.actor_id, u.username, s.scans
         from (select date_trunc($1, quarter, $5) as bucket, area, actor_id, sum(scans)::bigint as scans
               from scan_activity
               where quarter >= $2 and quarter < $3 and ($4::text is null or area = $4)
               group by 1, 2, 3) s
         left join users u on u.id = s.actor_id
         order by s.bucket, s.area nulls first, u.username nulls first",
    )
    .bind(bucket)
    .bind(from)
    .bind(to)
    .bind(area)
    .bind(zone)
    .fetch_all(pool)
    .await?)
}

/// Events of one kind in `[from, to)`, per operator and area: the end-of-day report's rows.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DayRow {
    pub kind: String,
    pub actor_id: Option<Uuid>,
    pub username: Option<String>,
    pub area: Option<String>,
    pub count: i64,
}

pub async fn day(pool: &PgPool, from: DateTime<Utc>, to: DateTime<Utc>) -> StorageResult<Vec<DayRow>> {
    Ok(sqlx::query_as(
        "select e.kind, e.actor_id, u.username, e.area, count(*) as count
         from events e left join users u on u.id = e.actor_id
         where e.occurred_at >= $1 and e.occurred_at < $2
           and e.kind in ('bill_created', 'bill_completed', 'parent_created', 'parent_completed', 'child_linked')
         group by e.kind, e.actor_id, u.username, e.area
         order by u.username nulls first, e.area nulls first",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}
