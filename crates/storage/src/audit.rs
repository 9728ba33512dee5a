use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::error::StorageResult;

/// One entry of the audit trail (SPEC §7): who did what to which record, from where, and how it
/// looked before and after.
#[derive(Debug, Clone, Default)]
pub struct AuditEntry {
    pub actor_id: Option<Uuid>,
    pub actor_username: Option<String>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_username: Option<String>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

pub async fn record(conn: &mut PgConnection, entry: AuditEntry) -> StorageResult<()> {
    sqlx::query(
        "insert into audit_log (actor_id, actor_username, action, target_kind, target_id, request_id, client_addr,
                                before, after)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(entry.actor_id)
    .bind(entry.actor_username)
    .bind(entry.action)
    .bind(entry.target_kind)
    .bind(entry.target_id)
    .bind(entry.request_id)
    .bind(entry.client_addr)
    .bind(entry.before)
    .bind(entry.after)
    .execute(conn)
    .await?;
    Ok(())
}

pub struct AuditFilter<'a> {
    pub action: Option<&'a str>,
    pub actor_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

pub async fn list(
    pool: &PgPool,
    filter: AuditFilter<'_>,
    before_id: Option<i64>,
    limit: i64,
) -> StorageResult<Vec<AuditRecord>> {
    Ok(sqlx::query_as(
        "select id, occurred_at, actor_id, actor_username, action, target_kind, target_id, request_id, client_addr,
                before, after
         from audit_log
         where ($1::text is null or action = $1)
           and ($2::uuid is null or actor_id = $2)
           and ($3::timestamptz is null or occurred_at >= $3)
           and ($4::timestamptz is null or occurred_at < $4)
           and ($5::bigint is null or id < $5)
         order by id desc
         limit $6",
    )
    .bind(filter.action)
    .bind(filter.actor_id)
    .bind(filter.from)
    .bind(filter.to)
    .bind(before_id)
    .bind(limit)
    .persistent(false)
    .fetch_all(pool)
    .await?)
}

/// The instant before which entries are older than `retention`.
pub fn cutoff(retention: std::time::Duration) -> Result<DateTime<Utc>, chrono::OutOfRangeError> {
    Ok(Utc::now() - chrono::Duration::from_std(retention)?)
}

/// Deletes up to `batch` audit entries older than `cutoff`, oldest first, in a transaction of
/// its own, and says how many went. Entries are numbered in the order they were written, so
/// the oldest are found by walking the id index from its start: no index on the time is needed,
/// and each batch holds its row locks only for that batch (the caller loops).
pub async fn drop_older_than(pool: &PgPool, cutoff: DateTime<Utc>, batch: i64) -> StorageResult<u64> {
    let mut tx = pool.begin().await?;
    // The append-only trigger lets this transaction, and only it, delete (migration 16).
    sqlx::query("set local tracetrack.audit_retention = 'on'").execute(&mut *tx).await?;
    let done = sqlx::query(
        "delete from audit_log where id in (
             select id from audit_log where occurred_at < $1 order by id limit $2 for update skip locked)",
    )
    .bind(cutoff)
    .bind(batch)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}
