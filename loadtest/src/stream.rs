//! Dashboards listening to the live stream (`GET /api/v1/stream`) during a scenario: plain tasks
//! beside the goose users, each holding one stream open for the whole run and reconnecting when
//! it ends. What they heard goes into the report.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

#[derive(Default)]
struct Counts {
    connected: AtomicU64,
    activity: AtomicU64,
    changes: AtomicU64,
    failures: AtomicU64,
}

/// What the listeners heard, for the report.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StreamSummary {
    pub listeners: usize,
    /// Streams opened (more than `listeners` when some reconnected).
    pub connected: u64,
    pub activity_messages: u64,
    pub change_messages: u64,
    /// Refused or broken streams.
    pub failures: u64,
}

pub struct Listeners {
    tasks: tokio::task::JoinSet<()>,
    counts: Arc<Counts>,
    listeners: usize,
}

/// Opens `listeners` streams with `token`, at most 50 a second.
pub fn start(base: &str, token: &str, listeners: usize) -> Listeners {
    let counts = Arc::new(Counts::default());
    let mut tasks = tokio::task::JoinSet::new();
    let client = reqwest::Client::new();
    for index in 0..listeners {
        let (client, counts) = (client.clone(), counts.clone());
        let (url, token) = (format!("{base}/stream"), token.to_owned());
        tasks.spawn(async move {
            tokio::time::sleep(Duration::from_millis(20 * index as u64)).await;
            loop {
                listen(&client, &url, &token, &counts).await;
                counts.failures.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
    }
    Listeners { tasks, counts, listeners }
}

async fn listen(client: &reqwest::Client, url: &str, token: &str, counts: &Counts) {
    let Ok(mut response) = client.get(url).bearer_auth(token).send().await else { return };
    if !response.status().is_success() {
        return;
    }
    counts.connected.fetch_add(1, Ordering::Relaxed);
    // Counted on the raw bytes, keeping the last few across chunks so a marker split between two
    // is counted once: the listeners share the server's cores and must cost it little.
    let mut tail: Vec<u8> = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let old = tail.len();
        tail.extend_from_slice(&chunk);
        counts.activity.fetch_add(ending_after(&tail, b"event: activity\n", old), Ordering::Relaxed);
        counts.changes.fetch_add(ending_after(&tail, b"event: change\n", old), Ordering::Relaxed);
        let keep = tail.len().saturating_sub(MARKER_MAX - 1);
        tail.drain(..keep);
    }
}

const MARKER_MAX: usize = "event: activity\n".len();

/// Occurrences of `needle` that end past `start` (those before were counted with the last chunk).
fn ending_after(haystack: &[u8], needle: &[u8], start: usize) -> u64 {
    let first = (start + 1).saturating_sub(needle.len());
    haystack.get(first..).map_or(0, |rest| rest.windows(needle.len()).filter(|w| *w == needle).count() as u64)
}

impl Listeners {
    pub fn stop(mut self) -> StreamSummary {
        self.tasks.abort_all();
        let load = |n: &AtomicU64| n.load(Ordering::Relaxed);
        StreamSummary {
            listeners: self.listeners,
            connected: load(&self.counts.connected),
            activity_messages: load(&self.counts.activity),
            change_messages: load(&self.counts.changes),
            failures: load(&self.counts.failures),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_split_across_chunks_is_counted_once() {
        let whole = b"event: change\ndata: {}\n\nevent: change\ndata: {}\n\n";
        for split in 0..whole.len() {
            let mut tail = Vec::new();
            let mut counted = 0;
            for chunk in [&whole[..split], &whole[split..]] {
                let old = tail.len();
                tail.extend_from_slice(chunk);
                counted += ending_after(&tail, b"event: change\n", old);
                let keep = tail.len().saturating_sub(MARKER_MAX - 1);
                tail.drain(..keep);
            }
            assert_eq!(counted, 2, "split at {split}");
        }
    }
}
