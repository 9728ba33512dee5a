use std::time::Duration;

use sqlx::PgPool;
use storage::Cache;

use crate::auth::login_limit::LoginLimiter;
use crate::auth::{PasswordHasher, TokenKeys};
use crate::hot_cache::HotCache;
use crate::metrics::Metrics;
use crate::patterns::ParentPatterns;

/// The rules of sign-in (SPEC §7), set from the server's settings.
#[derive(Debug, Clone)]
pub struct AuthPolicy {
    pub max_failed_logins: i32,
    pub lockout: Duration,
    pub refresh_ttl: Duration,
    /// Use `X-Forwarded-For` for the client address (only behind a trusted reverse proxy).
    pub trust_forwarded_for: bool,
}

impl Default for AuthPolicy {
    fn default() -> Self {
        Self {
            max_failed_logins: 5,
            lockout: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(14 * 24 * 3600),
            trust_forwarded_for: false,
        }
    }
}

/// Everything a handler needs, shared by all workers.
pub struct AppState {
    pub pool: PgPool,
    pub cache: Cache,
    /// Ready answers kept for a second in this process, in front of `cache`.
    pub hot: HotCache,
    pub tokens: TokenKeys,
    pub hasher: PasswordHasher,
    pub login_limiter: LoginLimiter,
    pub policy: AuthPolicy,
    pub metrics: Metrics,
    pub patterns: ParentPatterns,
    pub scanning: ScanPolicy,
}

/// The rules of packing that are settings rather than code (SPEC §3).
#[derive(Debug, Clone)]
pub struct ScanPolicy {
    /// How far back "undo last scan" reaches.
    pub undo_window: Duration,
}

impl Default for ScanPolicy {
    fn default() -> Self {
        Self { undo_window: Duration::from_secs(3600) }
    }
}
