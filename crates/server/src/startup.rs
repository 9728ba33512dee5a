//! `Application::build` — one way to start TraceTrack, shared by `main` and the tests.

use std::net::TcpListener;
use std::str::FromStr;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use api::auth::download_link::DownloadKeys;
use api::auth::login_limit::LoginLimiter;
use api::auth::revocation::Revocation;
use api::auth::{PasswordHasher, TokenKeys};
use api::metrics::Metrics;
use api::patterns::ParentPatterns;
use api::rate_limit::RateLimiter;
use api::{AppState, AuthPolicy, ScanPolicy};
use secrecy::{ExposeSecret, SecretString};
use sqlx::PgPool;
use sqlx::postgres::PgConnectOptions;
use storage::Cache;
use tracing_actix_web::TracingLogger;

use crate::local_postgres::LocalPostgres;
use crate::settings::Settings;
use crate::{bootstrap, spa};

pub struct Application {
    port: u16,
    server: Server,
    pool: PgPool,
    local_postgres: Option<LocalPostgres>,
    housekeeping: tokio::task::JoinHandle<()>,
    trim: tokio::task::JoinHandle<()>,
    webhooks: tokio::task::JoinHandle<()>,
    live: tokio::task::JoinHandle<()>,
    drain: tokio::task::JoinHandle<()>,
    /// Hears changes of rights and of parent types from the database.
    announcements: tokio::task::JoinHandle<()>,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let (database_url, local_postgres) = database(&settings).await?;
        let options = PgConnectOptions::from_str(database_url.expose_secret()).context("DATABASE_URL is not valid")?;
        let pool = storage::connect(options.clone(), settings.db_pool_size);
        migrate(&pool).await?;

        let hasher = PasswordHasher::new(hashing_permits()).map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
        bootstrap::apply(&pool, &hasher, &settings).await?;

        let cache = cache(&settings)?;
        let reads = match &settings.database_read_url {
            Some(url) => {
                let options = PgConnectOptions::from_str(url.expose_secret())
                    .context("TRACETRACK_DATABASE_READ_URL is not valid")?;
                tracing::info!(
                    host = options.get_host(),
                    "reads of lists, exports, reports and trace go to the replica"
                );
                storage::connect(options, settings.db_pool_size)
            }
            None => pool.clone(),
        };
        let secret = jwt_secret(&settings);
        let state = web::Data::new(AppState {
            pool: pool.clone(),
            reads,
            cache: cache.clone(),
            hot: std::sync::Arc::default(),
            tokens: TokenKeys::new(&secret, settings.access_token_ttl),
            download_links: DownloadKeys::new(&secret, settings.download_link_ttl),
            hasher,
            login_limiter: LoginLimiter::new(100, Duration::from_secs(15 * 60)),
            policy: AuthPolicy { refresh_ttl: settings.refresh_token_ttl, ..AuthPolicy::default() },
            revocation: Revocation::default(),
            api_keys: Default::default(),
            live: Default::default(),
            webhook_reach: settings.webhooks.reach,
            rate_limits: RateLimiter::new(settings.rate_limits, cache),
            proxies: settings.trusted_proxies.clone(),
            metrics_token: settings.metrics_token.clone(),
            metrics: Metrics::new().context("registering metrics")?,
            patterns: ParentPatterns::default(),
            scanning: ScanPolicy { undo_window: settings.undo_window },
            import_limits: settings.import_limits,
            site: settings.site.clone(),
            epcis: api::epcis::Names::new(settings.epcis_base_uri.clone(), settings.gs1_numbering.clone()),
        });

        let state_live = state.live.clone();
        let live_for_drain = state.live.clone();
        let announcements = {
            let state = state.clone();
            // Changes of rights (access-token revocation) and of parent types (the QR patterns).
            let rights = storage::auth_changes::listen(options.clone(), {
                let state = state.clone();
                move |change| state.revocation.heard(change)
            });
            let config = storage::config_changes::listen(options, move || state.patterns.invalidate());
            tokio::spawn(async move {
                tokio::join!(rights, config);
            })
        };
        tracing::info!(limits = ?state.rate_limits.limits(), "request-rate limits");

        let listener = TcpListener::bind(&settings.addr).with_context(|| format!("binding {}", settings.addr))?;
        let port = listener.local_addr()?.port();
        let static_dir = settings.static_dir.clone();
        let compression = settings.compression;
        let in_flight = crate::drain::InFlight::default();
        let counted = web::Data::new(in_flight.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(counted.clone())
                .configure(api::configure)
                .configure(|cfg| spa::configure(cfg, static_dir.as_deref()))
                .wrap(from_fn(spa::cache_headers))
                .wrap(from_fn(api::input_guard::middleware))
                .wrap(from_fn(api::rate_limit::middleware))
                .wrap(from_fn(api::security_headers::middleware))
                .wrap(from_fn(api::request_id::middleware))
                .wrap(from_fn(api::metrics::middleware))
                // Outermost but for the logger: every answer worth it, errors included, is
                // compressed for a client that asks (the SPA bundle over warehouse Wi-Fi most).
                .wrap(actix_web::middleware::Condition::new(compression, from_fn(crate::compression::middleware)))
                .wrap(TracingLogger::default())
                .wrap(from_fn(crate::drain::middleware))
        })
        .workers(settings.workers.unwrap_or_else(cores))
        // Longer than clients and proxies keep idle connections (60 s is common), so the server
        // is never the side closing one just as a client reuses it (a reset request).
        .keep_alive(Duration::from_secs(75))
        // The same for a new connection's first request: actix's 5 s default answered 408 to a
        // connection a client had opened early and used later (a browser's preconnect, an HTTP
        // pool), and that request failed. A client could hold a connection this long anyway,
        // after one request, so the shorter wait bought nothing.
        .client_request_timeout(Duration::from_secs(75))
        // A compressed answer leaves in pieces (the chunks, then the last one); with Nagle's
        // algorithm the last small piece waited for the client's delayed ACK: 40 ms on every
        // compressed list after the first on a kept-alive connection (GET /bags p50 43 ms
        // against 2 ms for the same page uncompressed, loadtest/NOTES.md, session 10).
        .tcp_nodelay(true)
        // Signals are ours (`drain`): answers in flight finish before any worker stops.
        .disable_signals()
        .shutdown_timeout(5)
        .listen(listener)?
        .run();
        let trim = crate::memory::spawn_trim(in_flight.clone());
        let drain = tokio::spawn(crate::drain::on_signal(server.handle(), in_flight, live_for_drain));
        tracing::info!(address = %settings.addr, port, "TraceTrack is listening");
        let housekeeping = crate::housekeeping::spawn(pool.clone(), settings.audit_retention);
        let webhooks = crate::webhook_delivery::spawn(pool.clone(), settings.webhooks);
        let live = tokio::spawn(state_live.run(pool.clone()));
        Ok(Self { port, server, pool, local_postgres, housekeeping, trim, webhooks, live, announcements, drain })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server from outside (tests); `run_until_stopped` then returns.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Serves until SIGTERM or SIGINT, lets in-flight requests finish, then stops the private
    /// PostgreSQL if this process started one.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let result = self.server.await;
        self.drain.abort();
        self.housekeeping.abort();
        self.trim.abort();
        self.webhooks.abort();
        self.live.abort();
        self.announcements.abort();
        self.pool.close().await;
        if let Some(postgres) = &self.local_postgres {
            postgres.stop();
        }
        result.context("server stopped with an error")
    }
}

/// Password hashing may use at most half the cores (at least one): a shift's wave of sign-ins
/// (~18 ms of argon2 each) then leaves the other half to the scans and lists of those already in,
/// at the cost of signing the wave in at half the rate (~55 a second on 2 cores).
fn hashing_permits() -> usize {
    (cores() / 2).max(1)
}

fn cores() -> usize {
    std::thread::available_parallelism().map(usize::from).unwrap_or(2)
}

/// The configured database, or a private one started for this process.
async fn database(settings: &Settings) -> anyhow::Result<(SecretString, Option<LocalPostgres>)> {
    if let Some(url) = &settings.database_url {
        return Ok((url.clone(), None));
    }
    let data_dir = settings.data_dir.clone();
    let postgres = tokio::task::spawn_blocking(move || LocalPostgres::start(&data_dir)).await??;
    create_database_if_missing(&postgres.admin_url(), "tracetrack").await?;
    Ok((SecretString::from(postgres.url_for("tracetrack")), Some(postgres)))
}

async fn create_database_if_missing(admin_url: &str, name: &str) -> anyhow::Result<()> {
    let admin = sqlx::PgPool::connect(admin_url).await.context("connecting to the private PostgreSQL")?;
    let exists: bool = sqlx::query_scalar("select exists (select 1 from pg_database where datname = $1)")
        .bind(name)
        .fetch_one(&admin)
        .await?;
    if !exists {
        sqlx::query(&format!("create database \"{name}\"")).execute(&admin).await?;
    }
    admin.close().await;
    Ok(())
}

/// Applies pending migrations, waiting up to a minute for the database to come up.
async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    let mut attempt = 0;
    loop {
        match storage::MIGRATOR.run(pool).await {
            Ok(()) => return Ok(()),
            Err(sqlx::migrate::MigrateError::Execute(error)) if attempt < 30 && is_connection_error(&error) => {
                attempt += 1;
                tracing::warn!(%error, attempt, "database not reachable yet; retrying");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            Err(error) => return Err(error).context("applying migrations"),
        }
    }
}

fn is_connection_error(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut)
}

fn cache(settings: &Settings) -> anyhow::Result<Cache> {
    match &settings.redis_url {
        Some(url) => Cache::redis(url.expose_secret(), &settings.redis_prefix).context("REDIS_URL is not valid"),
        None => {
            tracing::info!("no REDIS_URL: caching in process");
            Ok(Cache::in_process())
        }
    }
}

/// The configured secret; in development a random one (tokens then die with the process).
fn jwt_secret(settings: &Settings) -> SecretString {
    settings.jwt_secret.clone().unwrap_or_else(|| {
        tracing::warn!("no TRACETRACK_JWT_SECRET: using a random secret; sessions end when the server stops");
        SecretString::from(api::auth::refresh::generate())
    })
}
