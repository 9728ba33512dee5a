//! Proving who you are, shared by sign-in, the password change and the second-factor settings:
//! an attempt is claimed (and counted as a failure) before any password is hashed, so a burst
//! of guesses gets at most the lockout's number of checks; a proof that succeeds clears the
//! count, one that only got halfway (a right password still awaiting its code) gives its
//! attempt back.

use chrono::{DateTime, Utc};
use storage::user::AttemptClaim;
use uuid::Uuid;

use super::totp;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;

/// Claims one attempt for the account; a locked account is refused (423) before any hashing.
pub async fn claim_attempt(state: &AppState, user_id: Uuid) -> ApiResult<()> {
    let lock_seconds = state.policy.lockout.as_secs_f64();
    match storage::user::claim_attempt(&state.pool, user_id, state.policy.max_failed_logins, lock_seconds).await? {
        AttemptClaim::Claimed => Ok(()),
        AttemptClaim::Locked(until) => Err(locked(until, state.policy.lockout.as_secs())),
    }
}

/// The proof succeeded: failures start counting from zero again.
pub async fn succeeded(state: &AppState, user_id: Uuid) -> ApiResult<()> {
    storage::user::record_login_success(&state.pool, user_id).await?;
    Ok(())
}

/// The claimed attempt was not a failure after all, but not a whole proof either.
pub async fn give_back(state: &AppState, user_id: Uuid) -> ApiResult<()> {
    storage::user::give_back_attempt(&state.pool, user_id, state.policy.max_failed_logins).await?;
    Ok(())
}

/// The answer to an account locked after repeated failures, with how long to wait.
fn locked(until: Option<DateTime<Utc>>, default_wait: u64) -> ApiError {
    let wait = until.map(|until| (until - Utc::now()).num_seconds().max(1) as u64).unwrap_or(default_wait);
    ApiError::new(ErrorCode::AccountLocked, "this account is locked after repeated failed sign-ins").retry_after(wait)
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
