//! Replay protection for scans (`Idempotency-Key`). The key is claimed inside the scan's own
//! transaction and the answer stored before it commits, so "applied" and "answer remembered"
//! are one fact: a retry either finds the stored answer or finds nothing was applied.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::error::StorageResult;

pub enum Claim {
    /// First use of the key (or its previous use expired): go ahead.
    Fresh,
    /// The same request was answered before: send exactly this again.
    Replay { status: u16, body: Vec<u8> },
    /// The key was used for a different request.
    Mismatch,
}

/// Claims `key`. A parallel request with the same key blocks on the primary key until this
/// transaction ends, then either replays the stored answer (commit) or claims it afresh
/// (rollback: nothing was applied). Keys older than 24 hours are reusable.
pub async fn claim(conn: &mut PgConnection, user_id: Uuid, key: &str, request_hash: &[u8]) -> StorageResult<Claim> {
    let fresh: Option<(i32,)> = sqlx::query_as(
        "insert into idempotency_keys (user_id, key, request_hash, status_code, response_body)
         values ($1, $2, $3, 0, '')
         on conflict (user_id, key) do update
             set request_hash = excluded.request_hash, status_code = 0, response_body = '', created_at = now()
             where idempotency_keys.created_at < now() - interval '24 hours'
         returning 1",
    )
    .bind(user_id)
    .bind(key)
    .bind(request_hash)
    .fetch_optional(&mut *conn)
    .await?;
    if fresh.is_some() {
        return Ok(Claim::Fresh);
    }
    let (stored_hash, status, body): (Vec<u8>, i16, Vec<u8>) = sqlx::query_as(
        "select request_hash, status_code, response_body from idempotency_keys where user_id = $1 and key = $2",
    )
    .bind(user_id)
    .bind(key)
    .fetch_one(conn)
    .await?;
    if stored_hash != request_hash {
        return Ok(Claim::Mismatch);
    }
    Ok(Claim::Replay { status: status as u16, body })
}

/// Remembers the answer, in the transaction that applied the change.
pub async fn store(conn: &mut PgConnection, user_id: Uuid, key: &str, status: u16, body: &[u8]) -> StorageResult<()> {
    sqlx::query("update idempotency_keys set status_code = $3, response_body = $4 where user_id = $1 and key = $2")
        .bind(user_id)
        .bind(key)
        .bind(status as i16)
        .bind(body)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets answers older than a day; run periodically.
pub async fn purge_expired(pool: &PgPool) -> StorageResult<u64> {
    let done = sqlx::query("delete from idempotency_keys where created_at < now() - interval '24 hours'")
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}
