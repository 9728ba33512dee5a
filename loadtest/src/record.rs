//! What every request took and how it ended, per endpoint, in microseconds. Goose keeps its
//! own figures in whole milliseconds; the targets (p99 ≤ 10 ms) need finer ones, and the
//! report needs refusals by their problem `code`, which only the response body carries.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use serde::Serialize;

/// How a request ended, as the report counts it.
#[derive(Debug, Clone)]
pub enum Outcome {
    Ok,
    /// A refusal the flow provoked on purpose (a duplicate scan, a parent another biller took).
    Expected(String),
    /// Anything else: an error of the server, the network or the flow.
    Error(String),
}

struct Endpoint {
    micros: Histogram<u64>,
    ok: u64,
    expected: BTreeMap<String, u64>,
    errors: BTreeMap<String, u64>,
}

impl Endpoint {
    fn summary(&self, name: &str, seconds: f64) -> EndpointSummary {
        let ms = |q: f64| self.micros.value_at_quantile(q) as f64 / 1000.0;
        let requests = self.micros.len();
        EndpointSummary {
            endpoint: name.to_owned(),
            requests,
            ok: self.ok,
            expected_refusals: self.expected.clone(),
            errors: self.errors.clone(),
            per_sec: requests as f64 / seconds.max(0.001),
            p50_ms: ms(0.50),
            p95_ms: ms(0.95),
            p99_ms: ms(0.99),
            max_ms: self.micros.max() as f64 / 1000.0,
        }
    }

    fn new() -> Self {
        // 1 µs .. 120 s at 3 significant digits.
        let micros = Histogram::new_with_bounds(1, 120_000_000, 3).unwrap_or_else(|e| panic!("histogram bounds: {e}"));
        Self { micros, ok: 0, expected: BTreeMap::new(), errors: BTreeMap::new() }
    }
}

pub struct Recorder {
    started: Instant,
    endpoints: Mutex<BTreeMap<String, Endpoint>>,
    total: AtomicU64,
    failed: AtomicU64,
}

static RECORDER: OnceLock<Recorder> = OnceLock::new();

pub fn recorder() -> &'static Recorder {
    RECORDER.get_or_init(|| Recorder {
        started: Instant::now(),
        endpoints: Mutex::new(BTreeMap::new()),
        total: AtomicU64::new(0),
        failed: AtomicU64::new(0),
    })
}

impl Recorder {
    pub fn record(&self, endpoint: &str, took: Duration, outcome: &Outcome) {
        self.total.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX).clamp(1, 120_000_000);
        let mut endpoints = self.endpoints.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = endpoints.entry(endpoint.to_owned()).or_insert_with(Endpoint::new);
        entry.micros.saturating_record(micros);
        match outcome {
            Outcome::Ok => entry.ok += 1,
            Outcome::Expected(code) => *entry.expected.entry(code.clone()).or_default() += 1,
            Outcome::Error(code) => {
                self.failed.fetch_add(1, Ordering::Relaxed);
                *entry.errors.entry(code.clone()).or_default() += 1;
            }
        }
    }

    /// Requests and errors so far, for the progress line.
    pub fn counts(&self) -> (u64, u64) {
        (self.total.load(Ordering::Relaxed), self.failed.load(Ordering::Relaxed))
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    pub fn summary(&self, seconds: f64) -> Vec<EndpointSummary> {
        let endpoints = self.endpoints.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        endpoints.iter().map(|(name, e)| e.summary(name, seconds)).collect()
    }

    /// Every request merged into one row, `skip` endpoints left out (the sign-ins, whose
    /// ~18 ms of argon2 per request is a deliberate cost, are reported on their own line).
    pub fn overall(&self, name: &str, seconds: f64, skip: &[&str]) -> EndpointSummary {
        let endpoints = self.endpoints.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut all = Endpoint::new();
        for (_, e) in endpoints.iter().filter(|(name, _)| !skip.contains(&name.as_str())) {
            let _ = all.micros.add(&e.micros);
            all.ok += e.ok;
            for (code, n) in &e.expected {
                *all.expected.entry(code.clone()).or_default() += n;
            }
            for (code, n) in &e.errors {
                *all.errors.entry(code.clone()).or_default() += n;
            }
        }
        all.summary(name, seconds)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EndpointSummary {
    pub endpoint: String,
    pub requests: u64,
    pub ok: u64,
    pub expected_refusals: BTreeMap<String, u64>,
    pub errors: BTreeMap<String, u64>,
    pub per_sec: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// Prints one line every `every` until the process ends: elapsed, requests, rate, errors.
pub fn spawn_progress(every: Duration) {
    tokio::spawn(async move {
        let recorder = recorder();
        let mut last = 0;
        let mut ticker = tokio::time::interval(every);
        ticker.tick().await;
        loop {
            ticker.tick().await;
            let (total, failed) = recorder.counts();
            let rate = (total - last) as f64 / every.as_secs_f64();
            last = total;
            eprintln!(
                "[{:>5.0} s] {total:>9} requests  {rate:>8.0} req/s now  {failed} errors",
                recorder.elapsed().as_secs_f64()
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_and_outcomes_are_kept_per_endpoint() {
        let recorder = Recorder {
            started: Instant::now(),
            endpoints: Mutex::new(BTreeMap::new()),
            total: AtomicU64::new(0),
            failed: AtomicU64::new(0),
        };
        for ms in 1..=100 {
            recorder.record("GET /a", Duration::from_millis(ms), &Outcome::Ok);
        }
        recorder.record("POST /b", Duration::from_millis(5), &Outcome::Expected("409 parent_full".into()));
        recorder.record("POST /b", Duration::from_millis(7), &Outcome::Error("500 internal".into()));
        let summary = recorder.summary(10.0);
        let a = &summary[0];
        assert_eq!((a.endpoint.as_str(), a.requests, a.ok), ("GET /a", 100, 100));
        assert!((a.p50_ms - 50.0).abs() < 0.1, "p50 {}", a.p50_ms);
        assert!((a.p99_ms - 99.0).abs() < 0.1, "p99 {}", a.p99_ms);
        assert!((a.per_sec - 10.0).abs() < 1e-9);
        let b = &summary[1];
        assert_eq!(b.expected_refusals.get("409 parent_full"), Some(&1));
        assert_eq!(b.errors.get("500 internal"), Some(&1));
        assert_eq!(recorder.counts(), (102, 1));
        let all = recorder.overall("all", 10.0, &[]);
        assert_eq!((all.requests, all.ok), (102, 100));
        assert_eq!(all.errors.get("500 internal"), Some(&1));
        let without_b = recorder.overall("all but b", 10.0, &["POST /b"]);
        assert_eq!(without_b.requests, 100);
    }
}
