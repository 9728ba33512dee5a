use std::sync::Arc;
use std::time::{Duration, Instant};

use deadpool_redis::redis::AsyncCommands;

/// A short-lived cache for derived figures (dashboard totals, rate windows). Redis when configured,
/// so several servers share it; in-process otherwise. A Redis failure never fails a request:
/// reads miss and writes are dropped, and the caller computes from PostgreSQL.
#[derive(Clone)]
pub enum Cache {
    Redis { pool: deadpool_redis::Pool, prefix: Arc<str> },
    InProcess(moka::future::Cache<String, (String, Instant)>),
}

/// Whether the cache backend answers, for `/health/ready`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheHealth {
    Up,
    Down,
    InProcess,
}

impl Cache {
    /// `prefix` namespaces keys so several deployments (or test runs) can share one Redis.
    pub fn redis(url: &str, prefix: &str) -> Result<Self, deadpool_redis::CreatePoolError> {
        let mut config = deadpool_redis::Config::from_url(url);
        config.pool = Some(deadpool_redis::PoolConfig {
            max_size: 16,
            timeouts: deadpool_redis::Timeouts {
                wait: Some(Duration::from_millis(200)),
                create: Some(Duration::from_millis(500)),
                recycle: Some(Duration::from_millis(200)),
            },
            ..Default::default()
        });
        let pool = config.create_pool(Some(deadpool_redis::Runtime::Tokio1))?;
        Ok(Cache::Redis { pool, prefix: Arc::from(prefix) })
    }

    pub fn in_process() -> Self {
        Cache::InProcess(moka::future::Cache::builder().max_capacity(10_000).build())
    }

    pub async fn get(&self, key: &str) -> Option<String> {
        match self {
            Cache::Redis { pool, prefix } => {
                let result: Result<Option<String>, String> = async {
                    let mut conn = pool.get().await.map_err(|e| e.to_string())?;
                    conn.get(format!("{prefix}{key}")).await.map_err(|e| e.to_string())
                }
                .await;
                result.unwrap_or_else(|error| {
                    tracing::warn!(%error, "redis read failed; treating as a miss");
                    None
                })
            }
            Cache::InProcess(cache) => {
                let (value, expires) = cache.get(key).await?;
                (Instant::now() < expires).then_some(value)
            }
        }
    }

    pub async fn set(&self, key: &str, value: String, ttl: Duration) {
        match self {
            Cache::Redis { pool, prefix } => {
                let result: Result<(), String> = async {
                    let mut conn = pool.get().await.map_err(|e| e.to_string())?;
                    let seconds = ttl.as_secs().max(1);
                    conn.set_ex(format!("{prefix}{key}"), value, seconds).await.map_err(|e| e.to_string())
                }
                .await;
                if let Err(error) = result {
                    tracing::warn!(%error, "redis write failed; value not cached");
                }
            }
            Cache::InProcess(cache) => cache.insert(key.to_owned(), (value, Instant::now() + ttl)).await,
        }
    }

    /// Adds one to the counter `key`, which lives for `ttl` from its first count, and returns
    /// the new count: shared by every instance. `None` when there is no Redis or it failed
    /// (the caller then counts in process).
    pub async fn increment(&self, key: &str, ttl: Duration) -> Option<u64> {
        let Cache::Redis { pool, prefix } = self else { return None };
        let counted: Result<u64, String> = async {
            let mut conn = pool.get().await.map_err(|e| e.to_string())?;
            let key = format!("{prefix}{key}");
            let (count,): (u64,) = deadpool_redis::redis::pipe()
                .incr(&key, 1u64)
                .cmd("EXPIRE")
                .arg(&key)
                .arg(ttl.as_secs().max(1))
                .arg("NX")
                .ignore()
                .query_async(&mut conn)
                .await
                .map_err(|e| e.to_string())?;
            Ok(count)
        }
        .await;
        counted.map_err(|error| tracing::warn!(%error, "redis count failed; counting in process")).ok()
    }

    pub async fn health(&self) -> CacheHealth {
        match self {
            Cache::Redis { pool, .. } => {
                let ping = async {
                    let mut conn = pool.get().await.map_err(|e| e.to_string())?;
                    deadpool_redis::redis::cmd("PING").query_async::<String>(&mut conn).await.map_err(|e| e.to_string())
                };
                match tokio_timeout(ping).await {
                    Some(Ok(_)) => CacheHealth::Up,
                    _ => CacheHealth::Down,
                }
            }
            Cache::InProcess(_) => CacheHealth::InProcess,
        }
    }
}

async fn tokio_timeout<F: std::future::Future>(future: F) -> Option<F::Output> {
    tokio::time::timeout(Duration::from_millis(500), future).await.ok()
}
