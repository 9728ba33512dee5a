//! Proving who you are, shared by sign-in and the second-factor settings: the lockout, the
//! one-use check of an authenticator code, and counting a failed proof.

use chrono::Utc;
use storage::user::UserRecord;
use uuid::Uuid;

use super::totp;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;

/// The answer to an account locked after repeated failures, with how long to wait.
pub fn lockout(account: &UserRecord) -> Option<ApiError> {
    let until = account.locked_until.filter(|until| *until > Utc::now())?;
    let wait = (until - Utc::now()).num_seconds().max(1) as u64;
    Some(
        ApiError::new(ErrorCode::AccountLocked, "this account is locked after repeated failed sign-ins")
            .retry_after(wait),
    )
}

/// Accepts `code` if it belongs to the user's enabled second factor and its time step was not
/// used before: true at most once per code, however many requests race with it.
pub async fn spend_code(state: &AppState, user_id: Uuid, code: &str) -> ApiResult<bool> {
    let mut conn = state.pool.acquire().await?;
    let secret = storage::totp::enabled_secret(&mut conn, user_id).await?;
    match secret.and_then(|secret| totp::matching_step(&secret, code, totp::unix_now())) {
        Some(step) => Ok(storage::totp::spend_step(&mut conn, user_id, step).await?),
        None => Ok(false),
    }
}

/// Counts a wrong password or code towards the account's lockout.
pub async fn count_failure(state: &AppState, user_id: Uuid) -> ApiResult<()> {
    let lock_seconds = state.policy.lockout.as_secs_f64();
    storage::user::record_login_failure(&state.pool, user_id, state.policy.max_failed_logins, lock_seconds).await?;
    Ok(())
}
