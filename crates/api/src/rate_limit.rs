//! Request-rate limits per signed-in user and per client address (fixed windows), so one
//! runaway script or integration cannot take the site from everyone else. Counted in Redis when
//! configured, so every instance shares one count; in process otherwise, or while Redis fails
//! (then each instance counts alone, which at worst multiplies the limit by the instances).

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use actix_web::ResponseError;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use storage::Cache;
use uuid::Uuid;

use crate::client;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// At most `requests` in each `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub requests: u64,
    pub window: Duration,
}

impl Rate {
    /// `300/10s`, `6000/1m`, `100/1h`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let bad = || format!("{raw:?} is not a rate like 300/10s");
        let (requests, window) = raw.trim().split_once('/').ok_or_else(bad)?;
        let requests: u64 = requests.trim().parse().map_err(|_| bad())?;
        let window = window.trim();
        let unit_at = window.find(|c: char| !c.is_ascii_digit()).unwrap_or(window.len());
        let (amount, unit) = window.split_at(unit_at);
        let amount: u64 = if amount.is_empty() { 1 } else { amount.parse().map_err(|_| bad())? };
        let seconds = match unit {
            "s" => amount,
            "m" => amount * 60,
            "h" => amount * 3600,
            _ => return Err(bad()),
        };
        if requests == 0 || seconds == 0 || seconds > 24 * 3600 {
            return Err(bad());
        }
        Ok(Self { requests, window: Duration::from_secs(seconds) })
    }
}

/// The limits in force; `None` turns one off.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_user: Option<Rate>,
    pub per_client: Option<Rate>,
}

impl Limits {
    pub const OFF: Limits = Limits { per_user: None, per_client: None };
}

impl Default for Limits {
    /// Sized for people and integrations: a scanner burst (30 children in 10 s), a dashboard
    /// opening (a dozen calls) or an export never come near them; a script sending thousands of
    /// requests a second is stopped within its first second. A whole warehouse behind one NAT
    /// address shares the per-client count, hence its size.
    fn default() -> Self {
        Limits {
            per_user: Some(Rate { requests: 300, window: Duration::from_secs(10) }),
            per_client: Some(Rate { requests: 3000, window: Duration::from_secs(10) }),
        }
    }
}

pub struct RateLimiter {
    limits: Limits,
    cache: Cache,
    local: moka::sync::Cache<String, Arc<AtomicU64>>,
    /// Unix seconds until which Redis is skipped after a failure, so a dead Redis costs one
    /// timeout every few seconds rather than one per request.
    redis_skipped_until: AtomicI64,
}

const REDIS_BACKOFF_SECONDS: i64 = 5;

impl RateLimiter {
    pub fn new(limits: Limits, cache: Cache) -> Self {
        let local = moka::sync::Cache::builder()
            .max_capacity(200_000)
            .time_to_live(Duration::from_secs(24 * 3600 + 60))
            .build();
        Self { limits, cache, local, redis_skipped_until: AtomicI64::new(0) }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// `Some(seconds to wait)` when the user is over its rate.
    pub async fn check_user(&self, user: Uuid) -> Option<u64> {
        let rate = self.limits.per_user?;
        self.count(rate, &format!("rl:u:{}", user.simple())).await
    }

    /// `Some(seconds to wait)` when an API key is over its own rate (`requests_per_minute`), or,
    /// when it has none, over the per-user limit; each key is counted on its own.
    pub async fn check_key(&self, key: Uuid, requests_per_minute: Option<u64>) -> Option<u64> {
        match requests_per_minute {
            Some(requests) => {
                let rate = Rate { requests, window: Duration::from_secs(60) };
                self.count(rate, &format!("rl:k:{}", key.simple())).await
            }
            None => self.check_user(key).await,
        }
    }

    /// `Some(seconds to wait)` when the client address (IPv6 by its /64) is over its rate.
    pub async fn check_client(&self, address: IpAddr) -> Option<u64> {
        let rate = self.limits.per_client?;
        self.count(rate, &format!("rl:c:{}", client::network_key(address))).await
    }

    async fn count(&self, rate: Rate, key: &str) -> Option<u64> {
        let now = chrono::Utc::now().timestamp();
        let window = rate.window.as_secs() as i64;
        let index = now.div_euclid(window);
        let key = format!("{key}:{}:{index}", window);
        let count = match self.shared_count(&key, rate.window, now).await {
            Some(count) => count,
            None => self.local.get_with(key, || Arc::new(AtomicU64::new(0))).fetch_add(1, Ordering::Relaxed) + 1,
        };
        (count > rate.requests).then(|| ((index + 1) * window - now).max(1) as u64)
    }

    async fn shared_count(&self, key: &str, ttl: Duration, now: i64) -> Option<u64> {
        if !matches!(self.cache, Cache::Redis { .. }) || self.redis_skipped_until.load(Ordering::Relaxed) > now {
            return None;
        }
        let counted = self.cache.increment(key, ttl).await;
        if counted.is_none() {
            self.redis_skipped_until.store(now + REDIS_BACKOFF_SECONDS, Ordering::Relaxed);
        }
        counted
    }
}

pub fn refusal(wait: u64) -> ApiError {
    ApiError::new(ErrorCode::RateLimited, format!("too many requests; wait {wait} s")).retry_after(wait)
}

/// Limits each client address on the API (health and metrics are left alone: probes are not
/// clients). The per-user limit is applied where the caller is known (`Authenticated`).
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if req.path().starts_with("/api/v1/")
        && let Some(state) = req.app_data::<web::Data<AppState>>()
        && let Some(address) = client::ip(req.request(), &state.proxies)
        && let Some(wait) = state.rate_limits.check_client(address).await
    {
        let response = refusal(wait).error_response();
        return Ok(req.into_response(response));
    }
    next.call(req).await.map(ServiceResponse::map_into_boxed_body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_in_their_units() {
        assert_eq!(Rate::parse("300/10s"), Ok(Rate { requests: 300, window: Duration::from_secs(10) }));
        assert_eq!(Rate::parse("6000/1m").map(|r| r.window), Ok(Duration::from_secs(60)));
        assert_eq!(Rate::parse("10/h").map(|r| r.window), Ok(Duration::from_secs(3600)));
        for bad in ["", "300", "0/10s", "x/10s", "300/10", "300/0s", "300/10d", "5/48h"] {
            assert!(Rate::parse(bad).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn counts_in_process_without_redis_and_says_how_long_to_wait() {
        let limits = Limits { per_user: Some(Rate { requests: 3, window: Duration::from_secs(3600) }), ..Limits::OFF };
        let limiter = RateLimiter::new(limits, Cache::in_process());
        let (user, other) = (Uuid::new_v4(), Uuid::new_v4());
        for _ in 0..3 {
            assert_eq!(limiter.check_user(user).await, None);
        }
        let wait = limiter.check_user(user).await.expect("the fourth is refused");
        assert!((1..=3600).contains(&wait), "{wait}");
        assert_eq!(limiter.check_user(other).await, None);
        assert_eq!(limiter.check_client([10, 0, 0, 1].into()).await, None, "client limit is off");
    }
}
