//! Hears the database announce that a user's rights or sessions changed (`tracetrack_auth`,
//! sent by the `users_announce_auth_version` trigger at commit), so every API instance can drop
//! its cached copy of that user's `auth_version` at once.

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use uuid::Uuid;

pub const CHANNEL: &str = "tracetrack_auth";

/// What the listener tells its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthChange {
    /// This user's version changed.
    User(Uuid),
    /// Announcements may have been missed (the connection was lost): forget everything.
    Unknown,
}

/// Listens until the process ends, on a connection of its own (not one of the pool's), and
/// reconnects after a failure. Every (re)connection is reported as `Unknown` first, since
/// announcements made while it was away are lost.
pub async fn listen(options: PgConnectOptions, on_change: impl Fn(AuthChange)) {
    let pool = PgPoolOptions::new().max_connections(1).min_connections(0).connect_lazy_with(options);
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if let Err(error) = listener.listen(CHANNEL).await {
                    tracing::warn!(%error, "could not listen for changes of rights; retrying");
                } else {
                    on_change(AuthChange::Unknown);
                    hear(&mut listener, &on_change).await;
                }
            }
            Err(error) => tracing::warn!(%error, "could not connect to listen for changes of rights; retrying"),
        }
        on_change(AuthChange::Unknown);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn hear(listener: &mut PgListener, on_change: &impl Fn(AuthChange)) {
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => match notification.payload().parse() {
                Ok(user) => on_change(AuthChange::User(user)),
                Err(_) => on_change(AuthChange::Unknown),
            },
            Ok(None) => {
                tracing::warn!("lost the connection announcing changes of rights; reconnecting");
                return;
            }
            Err(error) => {
                tracing::warn!(%error, "listening for changes of rights failed; reconnecting");
                return;
            }
        }
    }
}
