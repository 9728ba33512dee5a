//! Hears the database announce that the parent types changed (`tracetrack_config`, sent by the
//! `parent_types_announce_change` trigger at commit), so every API instance reloads its cached
//! QR patterns at once, not only the one that made the change.

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};

pub const CHANNEL: &str = "tracetrack_config";

/// Listens until the process ends, on a connection of its own, and reconnects after a failure.
/// `on_change` runs for every announcement and after every (re)connection, since announcements
/// made while the connection was down are lost.
pub async fn listen(options: PgConnectOptions, on_change: impl Fn()) {
    let pool = PgPoolOptions::new().max_connections(1).min_connections(0).connect_lazy_with(options);
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if let Err(error) = listener.listen(CHANNEL).await {
                    tracing::warn!(%error, "could not listen for configuration changes; retrying");
                } else {
                    on_change();
                    hear(&mut listener, &on_change).await;
                }
            }
            Err(error) => tracing::warn!(%error, "could not connect to listen for configuration changes; retrying"),
        }
        on_change();
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn hear(listener: &mut PgListener, on_change: &impl Fn()) {
    loop {
        match listener.try_recv().await {
            Ok(Some(_)) => on_change(),
            Ok(None) => {
                tracing::warn!("lost the connection announcing configuration changes; reconnecting");
                return;
            }
            Err(error) => {
                tracing::warn!(%error, "listening for configuration changes failed; reconnecting");
                return;
            }
        }
    }
}
