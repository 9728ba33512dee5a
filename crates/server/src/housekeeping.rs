//! Forgets what no longer counts, every ten minutes (and once at start): idempotency answers
//! older than a day (a key may be reused then anyway), refresh tokens a day past expiry and
//! per-minute scan counts older than three days, so these tables stay the size of a day's work
//! instead of growing with every scan and sign-in.

use std::time::Duration;

use sqlx::PgPool;
use tokio::time::MissedTickBehavior;

const EVERY: Duration = Duration::from_secs(10 * 60);

/// Runs until the process ends; a failed round is logged and tried again next time.
pub fn spawn(pool: PgPool) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(error) = run_once(&pool).await {
                tracing::warn!(%error, "housekeeping failed; trying again in ten minutes");
            }
        }
    })
}

/// One round: how many idempotency answers and refresh tokens were dropped.
pub async fn run_once(pool: &PgPool) -> anyhow::Result<(u64, u64)> {
    let answers = storage::idempotency::purge_expired(pool).await?;
    let tokens = storage::refresh_token::purge_expired(pool).await?;
    let minutes = storage::stats::drop_old_scan_minutes(pool).await?;
    if answers + tokens + minutes > 0 {
        tracing::info!(
            answers,
            tokens,
            minutes,
            "housekeeping: dropped expired idempotency answers, refresh tokens and scan minutes"
        );
    }
    Ok((answers, tokens))
}
