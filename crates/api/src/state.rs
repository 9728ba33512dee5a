use std::time::Duration;

use sqlx::PgPool;
use storage::Cache;

use crate::auth::login_limit::LoginLimiter;
use crate::auth::revocation::Revocation;
use crate::auth::{PasswordHasher, TokenKeys};
use crate::client::TrustedProxies;
use crate::hot_cache::HotCache;
use crate::metrics::Metrics;
use crate::patterns::ParentPatterns;
use crate::rate_limit::RateLimiter;

/// The rules of sign-in (SPEC §7), set from the server's settings.
#[derive(Debug, Clone)]
pub struct AuthPolicy {
    pub max_failed_logins: i32,
    pub lockout: Duration,
    pub refresh_ttl: Duration,
    /// How long a spent refresh token may be presented again (a retried request) and get the
    /// same successor instead of ending the session.
    pub refresh_grace: Duration,
}

impl Default for AuthPolicy {
    fn default() -> Self {
        Self {
            max_failed_logins: 5,
            lockout: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(14 * 24 * 3600),
            refresh_grace: Duration::from_secs(30),
        }
    }
}

/// Everything a handler needs, shared by all workers.
pub struct AppState {
    /// The primary: every write, and every read that must see its own writes.
    pub pool: PgPool,
    /// Lists, exports, reports, trace and dashboard figures: a streaming replica when
    /// `TRACETRACK_DATABASE_READ_URL` is set (a moment behind the primary), else the primary.
    pub reads: PgPool,
    pub cache: Cache,
    /// Ready answers kept for a second in this process, in front of `cache`.
    pub hot: std::sync::Arc<HotCache>,
    pub tokens: TokenKeys,
    /// Signs and checks download links (`POST /api/v1/exports/links`).
    pub download_links: crate::auth::download_link::DownloadKeys,
    pub hasher: PasswordHasher,
    pub login_limiter: LoginLimiter,
    pub policy: AuthPolicy,
    /// Whether access tokens still stand (the user's current `auth_version`).
    pub revocation: Revocation,
    /// API keys seen lately (`auth/api_key.rs`).
    pub api_keys: crate::auth::api_key::ApiKeys,
    /// What webhook URLs may point at beyond the public internet (this machine in
    /// development, the site's LAN when allowed).
    pub webhook_reach: domain::webhook_reach::Reach,
    /// The live stream's fan-out (`live.rs`).
    pub live: std::sync::Arc<crate::live::LiveHub>,
    pub rate_limits: RateLimiter,
    /// Whose `X-Forwarded-*` headers are believed.
    pub proxies: TrustedProxies,
    /// `TRACETRACK_METRICS_TOKEN`: `/metrics` answers only with this bearer token.
    pub metrics_token: Option<secrecy::SecretString>,
    pub metrics: Metrics,
    pub patterns: ParentPatterns,
    pub scanning: ScanPolicy,
    pub import_limits: crate::import_file::ImportLimits,
    pub site: Site,
    /// `TRACETRACK_EPCIS_BASE_URI`: where EPCIS names bags, bills, returns and areas; with
    /// `TRACETRACK_GS1_COMPANY_PREFIX`, bags of numbered types by GS1 Digital Link.
    pub epcis: crate::epcis::Names,
}

/// Where the warehouse is: its time zone (every "day" is a local day) and the name on paper.
#[derive(Debug, Clone)]
pub struct Site {
    pub zone: domain::SiteZone,
    pub name: String,
}

impl Default for Site {
    fn default() -> Self {
        Self { zone: domain::SiteZone::default(), name: "TraceTrack".to_owned() }
    }
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
