use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::error::StorageResult;

pub async fn insert(
    conn: &mut PgConnection,
    user_id: Uuid,
    family_id: Uuid,
    token_hash: &[u8],
    expires_at: DateTime<Utc>,
) -> StorageResult<()> {
    sqlx::query("insert into refresh_tokens (user_id, family_id, token_hash, expires_at) values ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(family_id)
        .bind(token_hash)
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// What presenting a refresh token amounted to.
#[derive(Debug, PartialEq, Eq)]
pub enum Redemption {
    /// The token was live and is now spent; mint its successor in `family_id` and seal it
    /// onto `token_id` (`seal_successor`).
    Redeemed { token_id: Uuid, user_id: Uuid, family_id: Uuid },
    /// The token was spent moments ago (within the grace): a retried request, if its successor
    /// is still unused. `sealed` opens, with the presented token, to that successor; the caller
    /// checks it is live (`is_live_in_family`) and revokes the family if not.
    Replayed { user_id: Uuid, family_id: Uuid, sealed: Vec<u8> },
    /// The token had already been spent: someone holds a copy. Its family is now revoked.
    Reused,
    /// Unknown, expired or revoked.
    Invalid,
}

/// Spends a refresh token. The single `update … where used_at is null` decides a race between two
/// presentations of one token: exactly one redeems it; the other, once the first has committed,
/// finds it spent within the grace and is given the same successor.
pub async fn redeem(conn: &mut PgConnection, token_hash: &[u8], grace_seconds: f64) -> StorageResult<Redemption> {
    let redeemed: Option<(Uuid, Uuid, Uuid)> = sqlx::query_as(
        "update refresh_tokens set used_at = now()
         where token_hash = $1 and used_at is null and revoked_at is null and expires_at > now()
         returning id, user_id, family_id",
    )
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((token_id, user_id, family_id)) = redeemed {
        return Ok(Redemption::Redeemed { token_id, user_id, family_id });
    }
    let spent: Option<(Uuid, Uuid, Option<Vec<u8>>, bool)> = sqlx::query_as(
        "select family_id, user_id, successor_sealed,
                revoked_at is null and used_at > now() - make_interval(secs => $2)
         from refresh_tokens
         where token_hash = $1 and used_at is not null",
    )
    .bind(token_hash)
    .bind(grace_seconds)
    .fetch_optional(&mut *conn)
    .await?;
    match spent {
        Some((family_id, user_id, Some(sealed), true)) => Ok(Redemption::Replayed { user_id, family_id, sealed }),
        Some((family_id, ..)) => {
            revoke_family(conn, family_id).await?;
            Ok(Redemption::Reused)
        }
        None => Ok(Redemption::Invalid),
    }
}

/// Keeps the successor of a just-spent token, sealed with a key only the spent token gives.
pub async fn seal_successor(conn: &mut PgConnection, token_id: Uuid, sealed: &[u8]) -> StorageResult<()> {
    sqlx::query("update refresh_tokens set successor_sealed = $2 where id = $1")
        .bind(token_id)
        .bind(sealed)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether `token_hash` is a live token of `family_id` (the opened successor of a replay).
pub async fn is_live_in_family(conn: &mut PgConnection, family_id: Uuid, token_hash: &[u8]) -> StorageResult<bool> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from refresh_tokens where token_hash = $1 and family_id = $2
                        and used_at is null and revoked_at is null and expires_at > now())",
    )
    .bind(token_hash)
    .bind(family_id)
    .fetch_one(conn)
    .await?)
}

pub async fn revoke_family(conn: &mut PgConnection, family_id: Uuid) -> StorageResult<()> {
    sqlx::query("update refresh_tokens set revoked_at = now() where family_id = $1 and revoked_at is null")
        .bind(family_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Revokes the family of the presented token; returns whether the token belonged to `user_id`.
pub async fn revoke_family_of(conn: &mut PgConnection, user_id: Uuid, token_hash: &[u8]) -> StorageResult<bool> {
    let done = sqlx::query(
        "update refresh_tokens set revoked_at = now()
         where revoked_at is null
           and family_id = (select family_id from refresh_tokens where token_hash = $1 and user_id = $2)",
    )
    .bind(token_hash)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Logs a user out everywhere: after a password change, a deletion, or on request.
pub async fn revoke_all_for_user(conn: &mut PgConnection, user_id: Uuid) -> StorageResult<()> {
    sqlx::query("update refresh_tokens set revoked_at = now() where user_id = $1 and revoked_at is null")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user but `keep` (the caller's own, when known).
pub async fn revoke_other_sessions(conn: &mut PgConnection, user_id: Uuid, keep: Option<Uuid>) -> StorageResult<()> {
    sqlx::query(
        "update refresh_tokens set revoked_at = now()
         where user_id = $1 and revoked_at is null and ($2::uuid is null or family_id <> $2)",
    )
    .bind(user_id)
    .bind(keep)
    .execute(conn)
    .await?;
    Ok(())
}

/// Drops tokens that can no longer be redeemed; run periodically.
pub async fn purge_expired(pool: &PgPool) -> StorageResult<u64> {
    let done =
        sqlx::query("delete from refresh_tokens where expires_at < now() - interval '1 day'").execute(pool).await?;
    Ok(done.rows_affected())
}
