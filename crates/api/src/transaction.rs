//! The one way a change runs: in one transaction, committed only when the change succeeded, and
//! run again when PostgreSQL aborted it to break a deadlock or a serialisation conflict (such a
//! transaction changed nothing). After the last attempt the caller gets 503 `unavailable`.
//! Every write of the API goes through [`write`]; `idempotency::run` adds the key around it.

use sqlx::{PgConnection, PgPool};

use crate::error::ApiResult;

/// How often a change that lost a deadlock is run in all before answering 503.
const ATTEMPTS: usize = 3;

/// Runs `change` in a transaction and commits it. A refusal or an error rolls everything back;
/// the change is therefore free to write before it decides to refuse.
pub async fn write<T>(pool: &PgPool, change: impl AsyncFn(&mut PgConnection) -> ApiResult<T>) -> ApiResult<T> {
    run(pool, true, change).await
}

/// [`write`], but rolled back even when the change succeeded: what the change would do, with
/// the same locks and refusals, and nothing changed (an import's dry run).
pub async fn rehearse<T>(pool: &PgPool, change: impl AsyncFn(&mut PgConnection) -> ApiResult<T>) -> ApiResult<T> {
    run(pool, false, change).await
}

/// [`write`] (`commit`) or [`rehearse`].
pub async fn run<T>(
    pool: &PgPool,
    commit: bool,
    change: impl AsyncFn(&mut PgConnection) -> ApiResult<T>,
) -> ApiResult<T> {
    let mut attempt = 1;
    loop {
        match write_once(pool, &change, commit).await {
            Err(error) if error.is_retryable() && attempt < ATTEMPTS => {
                tracing::info!(
                    attempt,
                    "transaction aborted by a concurrent one (deadlock, serialisation or a row created meanwhile); running it again"
                );
                attempt += 1;
            }
            other => return other,
        }
    }
}

async fn write_once<T>(
    pool: &PgPool,
    change: &impl AsyncFn(&mut PgConnection) -> ApiResult<T>,
    commit: bool,
) -> ApiResult<T> {
    let mut tx = pool.begin().await?;
    let value = change(&mut tx).await?;
    if commit {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(value)
}
