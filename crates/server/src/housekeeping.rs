//! Forgets what no longer counts, every ten minutes (and once at start): idempotency answers
//! older than a day (a key may be reused then anyway), refresh tokens a day past expiry and
//! per-minute scan counts older than three days, so these tables stay the size of a day's work
//! instead of growing with every scan and sign-in. Also spent download links past their expiry,
//! webhook deliveries finished more than 30 days ago (and the messages no delivery needs), and,
//! when `TRACETRACK_AUDIT_RETENTION_DAYS` is set, audit entries older than that.

use std::time::Duration;

use sqlx::PgPool;
use tokio::time::MissedTickBehavior;

const EVERY: Duration = Duration::from_secs(10 * 60);

/// How long a webhook's finished deliveries stay in its log.
const WEBHOOK_LOG_DAYS: i32 = 30;

/// Audit entries deleted per transaction: each batch holds its row locks for a moment only,
/// so writers of new entries and readers of the trail never wait behind a long delete.
pub const AUDIT_BATCH: i64 = 5_000;

/// Runs until the process ends; a failed round is logged and tried again next time.
pub fn spawn(pool: PgPool, audit_retention: Option<Duration>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(error) = run_once(&pool).await {
                tracing::warn!(%error, "housekeeping failed; trying again in ten minutes");
            }
            if let Err(error) = drop_old_audit(&pool, audit_retention).await {
                tracing::warn!(%error, "audit retention failed; trying again in ten minutes");
            }
        }
    })
}

/// One round: how many idempotency answers and refresh tokens were dropped.
pub async fn run_once(pool: &PgPool) -> anyhow::Result<(u64, u64)> {
    let answers = storage::idempotency::purge_expired(pool).await?;
    let tokens = storage::refresh_token::purge_expired(pool).await?;
    let minutes = storage::stats::drop_old_scan_minutes(pool).await?;
    let links = storage::download_link::purge_expired(pool).await?;
    let deliveries = storage::webhook::purge(pool, WEBHOOK_LOG_DAYS).await?;
    if answers + tokens + minutes + links + deliveries > 0 {
        tracing::info!(
            answers,
            tokens,
            minutes,
            links,
            deliveries,
            "housekeeping: dropped expired idempotency answers, refresh tokens, scan minutes and spent download links"
        );
    }
    Ok((answers, tokens))
}

/// Drops audit entries older than `retention`, in batches of [`AUDIT_BATCH`], each its own
/// transaction, and says how many went. `None` keeps everything (the default).
pub async fn drop_old_audit(pool: &PgPool, retention: Option<Duration>) -> anyhow::Result<u64> {
    let Some(retention) = retention else { return Ok(0) };
    // One cutoff for the whole round, so the batches agree on what is old.
    let cutoff = storage::audit::cutoff(retention)?;
    let (mut dropped, mut batches) = (0, 0);
    loop {
        let done = storage::audit::drop_older_than(pool, cutoff, AUDIT_BATCH).await?;
        dropped += done;
        if done == 0 {
            break;
        }
        batches += 1;
        // Other work gets the database between batches.
        tokio::task::yield_now().await;
    }
    if dropped > 0 {
        tracing::info!(dropped, batches, cutoff = %cutoff.to_rfc3339(), "housekeeping: dropped audit entries older than the retention");
    }
    Ok(dropped)
}
