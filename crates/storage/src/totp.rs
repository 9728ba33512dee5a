//! Users' second-factor secrets (SPEC §7). The rules (what a valid code is) live in the API's
//! `auth::totp`; here is only what is stored, and the one-use guard on time steps.

use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::{StorageError, StorageResult};

#[derive(Debug, sqlx::FromRow)]
pub struct TotpState {
    pub secret: Option<Vec<u8>>,
    pub enabled: bool,
}

/// The user's second factor, row locked so set-up, enabling and turning off do not interleave.
pub async fn lock(conn: &mut PgConnection, user_id: Uuid) -> StorageResult<TotpState> {
    sqlx::query_as(
        "select totp_secret as secret, totp_enabled_at is not null as enabled
         from users where id = $1 and deleted_at is null for update",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await?
    .ok_or(StorageError::NotFound)
}

/// Stores a new secret that does not count until `enable`.
pub async fn set_pending(conn: &mut PgConnection, user_id: Uuid, secret: &[u8]) -> StorageResult<()> {
    sqlx::query(
        "update users set totp_secret = $2, totp_enabled_at = null, totp_last_step = null, updated_at = now()
         where id = $1",
    )
    .bind(user_id)
    .bind(secret)
    .execute(conn)
    .await?;
    Ok(())
}

/// Turns the stored secret on; `step` is the step of the code that proved it (now spent).
pub async fn enable(conn: &mut PgConnection, user_id: Uuid, step: i64) -> StorageResult<()> {
    sqlx::query(
        "update users set totp_enabled_at = now(), totp_last_step = $2, updated_at = now()
         where id = $1 and totp_secret is not null",
    )
    .bind(user_id)
    .bind(step)
    .execute(conn)
    .await?;
    Ok(())
}

/// Spends `step` if no later or equal step was spent: true exactly once per step, whatever races.
pub async fn spend_step(conn: &mut PgConnection, user_id: Uuid, step: i64) -> StorageResult<bool> {
    let spent = sqlx::query(
        "update users set totp_last_step = $2
         where id = $1 and totp_enabled_at is not null and (totp_last_step is null or totp_last_step < $2)",
    )
    .bind(user_id)
    .bind(step)
    .execute(conn)
    .await?;
    Ok(spent.rows_affected() == 1)
}

/// The secret a signed-in check needs (`None` when the user has no second factor on).
pub async fn enabled_secret(conn: &mut PgConnection, user_id: Uuid) -> StorageResult<Option<Vec<u8>>> {
    let secret: Option<(Vec<u8>,)> =
        sqlx::query_as("select totp_secret from users where id = $1 and totp_enabled_at is not null")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(secret.map(|(s,)| s))
}

/// Removes the second factor (turned off by its owner, or reset by an admin).
pub async fn clear(conn: &mut PgConnection, user_id: Uuid) -> StorageResult<()> {
    sqlx::query(
        "update users set totp_secret = null, totp_enabled_at = null, totp_last_step = null, updated_at = now()
         where id = $1",
    )
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}
