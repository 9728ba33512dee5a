use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Counts failed logins per client address in a sliding-ish window (entries expire a window
/// after their first failure). Only failures count: a whole warehouse behind one NAT logging in
/// at shift start is never throttled, a password-guessing client is.
#[derive(Clone)]
pub struct LoginLimiter {
    failures: moka::sync::Cache<IpAddr, Arc<AtomicU32>>,
    max_failures: u32,
    window: Duration,
}

impl LoginLimiter {
    pub fn new(max_failures: u32, window: Duration) -> Self {
        let failures = moka::sync::Cache::builder().max_capacity(100_000).time_to_live(window).build();
        Self { failures, max_failures, window }
    }

    /// `Some(retry_after_seconds)` when this client must wait.
    pub fn check(&self, client: IpAddr) -> Option<u64> {
        let count = self.failures.get(&client).map(|c| c.load(Ordering::Relaxed)).unwrap_or(0);
        (count >= self.max_failures).then_some(self.window.as_secs())
    }

    pub fn record_failure(&self, client: IpAddr) {
        self.failures.get_with(client, || Arc::new(AtomicU32::new(0))).fetch_add(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_and_only_that_client() {
        let limiter = LoginLimiter::new(3, Duration::from_secs(60));
        let guesser: IpAddr = [10, 0, 0, 1].into();
        let other: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..3 {
            assert_eq!(limiter.check(guesser), None);
            limiter.record_failure(guesser);
        }
        assert_eq!(limiter.check(guesser), Some(60));
        assert_eq!(limiter.check(other), None);
    }
}
