//! Download links: a signed token lets the browser fetch one export once. Spending a token
//! inserts its id; the primary key refuses a second spend on any instance, so "once" holds
//! across servers without Redis (which is optional and may be down).

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::StorageResult;

/// Spends the token `jti`; `false` when it was spent before.
pub async fn spend(pool: &PgPool, jti: Uuid, user_id: Uuid, expires_at: DateTime<Utc>) -> StorageResult<bool> {
    let done = sqlx::query(
        "insert into download_links_spent (jti, user_id, expires_at) values ($1, $2, $3)
         on conflict (jti) do nothing",
    )
    .bind(jti)
    .bind(user_id)
    .bind(expires_at)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The holder of a link as they are now: their name and role, and whether the account is
/// locked. `None` when the user is gone (deleted).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkHolder {
    pub username: String,
    pub role: String,
    pub locked: bool,
}

pub async fn holder(pool: &PgPool, user_id: Uuid) -> StorageResult<Option<LinkHolder>> {
    Ok(sqlx::query_as(
        "select username, role, coalesce(locked_until > now(), false) as locked
         from users where id = $1 and deleted_at is null",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await?)
}

/// Forgets spent tokens that have expired: they could not be spent again anyway.
pub async fn purge_expired(pool: &PgPool) -> StorageResult<u64> {
    let done = sqlx::query("delete from download_links_spent where expires_at < now() - interval '1 minute'")
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}
