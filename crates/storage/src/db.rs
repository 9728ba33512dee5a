use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgPool};

/// The schema, embedded at compile time so the binary migrates itself at start.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// A connection idle this long is pinged before it is lent: the server may have restarted.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(1);

/// Opens the pool lazily: the server starts (and reports not-ready) while PostgreSQL is down,
/// and recovers by itself when it comes back.
pub fn connect(options: PgConnectOptions, max_connections: u32) -> PgPool {
    PgPoolOptions::new()
        .max_connections(max_connections)
        .min_connections(0)
        // Fail fast with 503 rather than letting requests queue for the default 30 s.
        .acquire_timeout(Duration::from_secs(5))
        .idle_timeout(Duration::from_secs(300))
        // sqlx pings every connection it hands out by default: a round trip before each request's
        // first statement. A connection in steady use has just answered (and sqlx pinged it on its
        // way back to the pool), so only one that sat idle is checked before it is lent again.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= IDLE_BEFORE_PING {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .connect_lazy_with(options)
}
