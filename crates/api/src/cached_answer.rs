//! The dashboard's answers (totals, activity): this process's copy for a second, then the shared
//! cache's (Redis, so every instance serves the same figures) for a few more, then PostgreSQL.
//! Together at most 5 s old: 3 s shared, 1 s here, and an expired copy served for at most one
//! more second while it is refreshed.
//!
//! An expired copy is refreshed behind the request that finds it: that request, like every other
//! one meanwhile, is answered the expired copy at once. When the refresh ran inside that request
//! instead, one request in each refresh waited for PostgreSQL's figures, and at a steady pace
//! that one was the p99 (`GET /stats` at 17 requests/s: one in ~85 computed them; NOTES.md,
//! session 16). Only a request that finds no copy at all (a cold start, a quiet spell) waits.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use actix_web::web::Bytes;
use serde::Serialize;
use serde::de::IgnoredAny;
use storage::cache::Cache;
use tracing::Instrument;

use crate::error::{ApiError, ApiResult};
use crate::hot_cache::{Claim, HotCache, Lookup};

const SHARED_TTL: Duration = Duration::from_secs(3);
const HOT_TTL: Duration = Duration::from_secs(1);
/// How long a request waits for another one already computing the same figures.
const WAIT_FOR_REFRESH: Duration = Duration::from_secs(2);

/// The JSON under `key`, from a cache or `compute`d (and kept in both). `compute` is called only
/// when the figures are to be computed or refreshed; its future may outlive the request.
pub async fn answer<T, F>(
    hot: &Arc<HotCache>,
    shared: &Cache,
    key: String,
    compute: impl FnOnce() -> F,
) -> ApiResult<Bytes>
where
    T: Serialize + 'static,
    F: Future<Output = ApiResult<T>> + 'static,
{
    let claim = match hot.lookup(&key) {
        Lookup::Fresh(body) => return Ok(body),
        Lookup::Stale(body) => {
            if let Some(claim) = hot.try_claim(&key) {
                let refresh = refresh(hot.clone(), shared.clone(), key, compute(), Some(claim));
                actix_web::rt::spawn(
                    async move {
                        if let Err(error) = refresh.await {
                            tracing::warn!(%error, "refreshing a cached answer failed; the next request tries again");
                        }
                    }
                    .instrument(tracing::Span::current()),
                );
            }
            return Ok(body);
        }
        Lookup::Missing => match hot.try_claim(&key) {
            Some(claim) => Some(claim),
            None => match hot.wait_for(&key, WAIT_FOR_REFRESH).await {
                Some(body) => return Ok(body),
                None => None,
            },
        },
    };
    refresh(hot.clone(), shared.clone(), key, compute(), claim).await
}

/// Reads the shared copy, else computes and shares it, then keeps it here. The claim, if any, is
/// released when this ends, however it ends.
async fn refresh<T: Serialize>(
    hot: Arc<HotCache>,
    shared: Cache,
    key: String,
    compute: impl Future<Output = ApiResult<T>>,
    _claim: Option<Claim>,
) -> ApiResult<Bytes> {
    let stored = shared.get(&key).await.filter(|json| serde_json::from_str::<IgnoredAny>(json).is_ok());
    let body = match stored {
        Some(json) => Bytes::from(json),
        None => {
            let json = serde_json::to_string(&compute.await?).map_err(ApiError::internal)?;
            shared.set(&key, json.clone(), SHARED_TTL).await;
            Bytes::from(json)
        }
    };
    hot.put(key, body.clone(), HOT_TTL);
    Ok(body)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use tokio::sync::oneshot;

    use super::*;

    fn expired(hot: &HotCache, key: &str, body: &'static str) {
        hot.put(key.into(), Bytes::from_static(body.as_bytes()), Duration::ZERO);
    }

    async fn fresh_body(hot: &HotCache, key: &str) -> Bytes {
        let wait = async {
            loop {
                if let Lookup::Fresh(body) = hot.lookup(key) {
                    return body;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        };
        tokio::time::timeout(Duration::from_secs(10), wait).await.unwrap_or_else(|_| panic!("{key} never refreshed"))
    }

    #[actix_web::test]
    async fn an_expired_copy_is_answered_at_once_and_refreshed_once_behind_it() {
        let (hot, shared) = (Arc::new(HotCache::default()), Cache::in_process());
        expired(&hot, "k", "1");
        let computed = Arc::new(AtomicUsize::new(0));
        let (release, released) = oneshot::channel::<()>();
        let mut released = Some(released);
        let mut ask = || {
            let computed = computed.clone();
            let released = released.take();
            answer(&hot, &shared, "k".into(), move || async move {
                computed.fetch_add(1, Ordering::SeqCst);
                if let Some(released) = released {
                    let _ = released.await;
                }
                Ok(2)
            })
        };
        // The figures are not ready until `release`: a request that waited for them would hang.
        let first = tokio::time::timeout(Duration::from_secs(5), ask()).await.expect("answered without waiting");
        assert_eq!(first.unwrap_or_else(|e| panic!("{e}")), "1");
        let second = tokio::time::timeout(Duration::from_secs(5), ask()).await.expect("answered without waiting");
        assert_eq!(second.unwrap_or_else(|e| panic!("{e}")), "1");
        release.send(()).unwrap_or_else(|()| panic!("the refresh is gone"));
        assert_eq!(fresh_body(&hot, "k").await, "2");
        assert_eq!(computed.load(Ordering::SeqCst), 1, "one refresh for both requests");
        assert_eq!(shared.get("k").await.as_deref(), Some("2"), "shared with the other instances");
    }

    #[actix_web::test]
    async fn a_failed_refresh_leaves_the_copy_and_the_next_request_tries_again() {
        let (hot, shared) = (Arc::new(HotCache::default()), Cache::in_process());
        expired(&hot, "k", "1");
        let failing = || async { Err::<i32, _>(ApiError::internal(anyhow::anyhow!("database away"))) };
        let answered = answer(&hot, &shared, "k".into(), failing).await;
        assert_eq!(answered.unwrap_or_else(|e| panic!("{e}")), "1");
        let claimed = async {
            loop {
                if let Some(claim) = hot.try_claim("k") {
                    return claim;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        };
        drop(
            tokio::time::timeout(Duration::from_secs(10), claimed).await.expect("the failed refresh let go of the key"),
        );
        expired(&hot, "k", "1");
        let answered = answer(&hot, &shared, "k".into(), || async { Ok(3) }).await;
        assert_eq!(answered.unwrap_or_else(|e| panic!("{e}")), "1");
        assert_eq!(fresh_body(&hot, "k").await, "3");
    }

    #[actix_web::test]
    async fn no_copy_is_computed_in_the_request_then_served_from_here_and_shared() {
        let (hot, shared) = (Arc::new(HotCache::default()), Cache::in_process());
        let answered = answer(&hot, &shared, "k".into(), || async { Ok(vec![4]) }).await;
        assert_eq!(answered.unwrap_or_else(|e| panic!("{e}")), "[4]");
        let again = answer(&hot, &shared, "k".into(), || async {
            Err::<i32, _>(ApiError::internal(anyhow::anyhow!("not called")))
        })
        .await;
        assert_eq!(again.unwrap_or_else(|e| panic!("{e}")), "[4]");
        assert_eq!(shared.get("k").await.as_deref(), Some("[4]"));

        let other = Arc::new(HotCache::default());
        let from_shared = answer(&other, &shared, "k".into(), || async {
            Err::<i32, _>(ApiError::internal(anyhow::anyhow!("not called")))
        });
        assert_eq!(
            from_shared.await.unwrap_or_else(|e| panic!("{e}")),
            "[4]",
            "another instance reads the shared copy"
        );
    }
}
