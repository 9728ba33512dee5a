//! The live stream's source (`GET /api/v1/stream`): one reader per instance tails the history
//! table once a second and fans what it reads out to every connected dashboard of this
//! instance. Every instance reads the same table, so each streams every instance's events,
//! with or without Redis, and at a cost (one indexed query a second) that does not grow with the
//! number of dashboards. (PostgreSQL's NOTIFY from each scan would have made every scan's commit
//! queue on the database's notification lock instead.)
//!
//! Scans are counted, not sent one by one: an `activity` message every five seconds says how many
//! scans each area made in the last minute. Every other history event is sent as a `change`
//! message whose SSE id is the event's id, so a client resumes with `Last-Event-ID`.
//!
//! Ids are handed out before commit, so a later id can become visible before an earlier one.
//! The reader remembers the ids it skipped (`gaps`) and looks for them again for ten seconds.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;
use storage::live::{LiveEvent, SCAN_KINDS};
use tokio::sync::broadcast;

const TAIL_EVERY: Duration = Duration::from_secs(1);
const ACTIVITY_EVERY: Duration = Duration::from_secs(5);
const BATCH: i64 = 5_000;
/// How long a skipped id is looked for (a transaction that long is not a scan).
const GAP_PATIENCE: Duration = Duration::from_secs(10);
const MAX_GAPS: usize = 10_000;
/// Events read back at start, so the first minute's counts come from history.
const WARM_START: i64 = 20_000;

/// One message for every listener of this instance.
#[derive(Debug)]
pub enum Frame {
    /// `frame`: the whole SSE message, written once and shared by every listener.
    Change {
        id: i64,
        area: Option<String>,
        frame: actix_web::web::Bytes,
    },
    Activity(Arc<Activity>),
}

/// The data of an `activity` message of the live stream: scans in the last minute, per area.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
#[schema(as = LiveActivity, example = json!({"at": "2026-11-30T10:15:00Z", "scans_last_minute": 412,
    "areas": [{"area": "lucknow", "scans_last_minute": 412}]}))]
pub struct Activity {
    pub at: DateTime<Utc>,
    pub scans_last_minute: u64,
    pub areas: Vec<AreaActivity>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = LiveAreaActivity)]
pub struct AreaActivity {
    pub area: String,
    pub scans_last_minute: u64,
}

impl Activity {
    /// What a listener confined to `area` may see.
    pub fn within(&self, area: Option<&str>) -> Activity {
        match area {
            None => self.clone(),
            Some(area) => {
                let areas: Vec<AreaActivity> = self.areas.iter().filter(|a| a.area == area).cloned().collect();
                Activity { at: self.at, scans_last_minute: areas.iter().map(|a| a.scans_last_minute).sum(), areas }
            }
        }
    }
}

/// The data of a `change` message of the live stream: one history event (its id is also the
/// message's SSE id).
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = LiveChange, example = json!({"id": 81234, "kind": "parent_completed", "at": "2026-11-30T10:15:02Z", "area": "lucknow",
    "bag_qr": "SB00042", "parent_qr": "SB00042", "bill_id": null, "return_code": null, "actor": "op-lucknow",
    "details": {}}))]
pub struct Change {
    pub id: i64,
    /// The history kind, e.g. `parent_completed`, `bill_parent_added`, `return_finalized`.
    pub kind: String,
    pub at: DateTime<Utc>,
    pub area: Option<String>,
    pub bag_qr: Option<String>,
    pub parent_qr: Option<String>,
    pub bill_id: Option<String>,
    pub return_code: Option<String>,
    pub actor: Option<String>,
    pub details: serde_json::Value,
}

impl From<LiveEvent> for Change {
    fn from(e: LiveEvent) -> Self {
        Self {
            id: e.id,
            kind: e.kind,
            at: e.occurred_at,
            area: e.area,
            bag_qr: e.bag_qr,
            parent_qr: e.parent_qr,
            bill_id: e.bill_code,
            return_code: e.return_code,
            actor: e.actor,
            details: e.details,
        }
    }
}

/// A `change` message as it goes on the wire.
pub fn change_frame(id: i64, change: &Change) -> actix_web::web::Bytes {
    let data = serde_json::to_string(change).unwrap_or_else(|_| "{}".to_owned());
    actix_web::web::Bytes::from(format!("id: {id}\nevent: change\ndata: {data}\n\n"))
}

pub struct LiveHub {
    sender: broadcast::Sender<Arc<Frame>>,
    latest: Mutex<Arc<Activity>>,
    /// Set when the server stops: every stream ends at once (its client reconnects, to another
    /// instance), instead of holding the drain for its whole grace period.
    closing: tokio::sync::watch::Sender<bool>,
}

impl Default for LiveHub {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(4096);
        Self {
            sender,
            latest: Mutex::new(Arc::new(Activity { at: Utc::now(), ..Activity::default() })),
            closing: tokio::sync::watch::Sender::new(false),
        }
    }
}

impl LiveHub {
    /// Ends every stream of this instance (the server is stopping).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once the server is stopping.
    pub fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.closing.subscribe()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Frame>> {
        self.sender.subscribe()
    }

    pub fn listeners(&self) -> usize {
        self.sender.receiver_count()
    }

    /// The last activity counted, for a listener that just connected.
    pub fn activity(&self) -> Arc<Activity> {
        self.latest.lock().map(|latest| latest.clone()).unwrap_or_default()
    }

    /// Tails the history until the process ends; a failed read is logged and tried again.
    pub async fn run(self: Arc<Self>, pool: PgPool) {
        let mut reader = Reader::default();
        loop {
            match storage::live::start_point(&pool, WARM_START).await {
                Ok(start) => {
                    reader.last = start;
                    break;
                }
                Err(error) => tracing::warn!(%error, "live stream: cannot read the history yet; retrying"),
            }
            tokio::time::sleep(TAIL_EVERY).await;
        }
        let mut counted_at = Instant::now() - ACTIVITY_EVERY;
        loop {
            let full = match self.read(&pool, &mut reader).await {
                Ok(full) => full,
                Err(error) => {
                    tracing::warn!(%error, "live stream: reading the history failed; retrying");
                    false
                }
            };
            if counted_at.elapsed() >= ACTIVITY_EVERY {
                counted_at = Instant::now();
                let activity = Arc::new(reader.activity(Utc::now()));
                if let Ok(mut latest) = self.latest.lock() {
                    *latest = activity.clone();
                }
                let _ = self.sender.send(Arc::new(Frame::Activity(activity)));
            }
            if !full {
                tokio::time::sleep(TAIL_EVERY).await;
            }
        }
    }

    /// One read; `true` when it filled a batch (more is waiting).
    async fn read(&self, pool: &PgPool, reader: &mut Reader) -> anyhow::Result<bool> {
        reader.forget_old_gaps();
        let gaps: Vec<i64> = reader.gaps.keys().copied().collect();
        let rows = storage::live::tail(pool, reader.last, &gaps, BATCH).await?;
        let full = rows.iter().filter(|row| row.id > reader.last).count() as i64 >= BATCH;
        let now = Utc::now();
        for row in rows {
            if !reader.take(row.id) {
                continue;
            }
            if SCAN_KINDS.contains(&row.kind.as_str()) {
                reader.count(row.occurred_at, row.area.as_deref(), now);
            } else if self.sender.receiver_count() > 0 {
                let (id, area) = (row.id, row.area.clone());
                let frame = change_frame(id, &Change::from(row));
                let _ = self.sender.send(Arc::new(Frame::Change { id, area, frame }));
            }
        }
        Ok(full)
    }
}

#[derive(Default)]
struct Reader {
    last: i64,
    gaps: BTreeMap<i64, Instant>,
    /// Scans per second (Unix seconds) and area ('' for none), for the last minute.
    seconds: BTreeMap<i64, HashMap<String, u64>>,
}

impl Reader {
    /// Whether `id` is new (and then moves past it, remembering the ids it skipped).
    fn take(&mut self, id: i64) -> bool {
        if id <= self.last {
            return self.gaps.remove(&id).is_some();
        }
        let now = Instant::now();
        for skipped in (self.last + 1)..id {
            if self.gaps.len() >= MAX_GAPS {
                break;
            }
            self.gaps.insert(skipped, now);
        }
        self.last = id;
        true
    }

    fn forget_old_gaps(&mut self) {
        self.gaps.retain(|_, seen| seen.elapsed() < GAP_PATIENCE);
    }

    fn count(&mut self, at: DateTime<Utc>, area: Option<&str>, now: DateTime<Utc>) {
        if (now - at).num_seconds() >= 60 {
            return;
        }
        *self.seconds.entry(at.timestamp()).or_default().entry(area.unwrap_or_default().to_owned()).or_default() += 1;
    }

    fn activity(&mut self, now: DateTime<Utc>) -> Activity {
        let oldest = now.timestamp() - 59;
        self.seconds = self.seconds.split_off(&oldest);
        let mut per_area: BTreeMap<String, u64> = BTreeMap::new();
        for counts in self.seconds.values() {
            for (area, n) in counts {
                *per_area.entry(area.clone()).or_default() += n;
            }
        }
        Activity {
            at: now,
            scans_last_minute: per_area.values().sum(),
            areas: per_area
                .into_iter()
                .map(|(area, scans_last_minute)| AreaActivity { area, scans_last_minute })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skipped_id_is_taken_when_it_shows_up_later_and_only_once() {
        let mut reader = Reader { last: 10, ..Reader::default() };
        assert!(reader.take(13));
        assert_eq!(reader.gaps.keys().copied().collect::<Vec<_>>(), [11, 12]);
        assert!(reader.take(12), "the late commit is delivered");
        assert!(!reader.take(12), "and only once");
        assert!(!reader.take(9), "an id before the start is not new");
        assert!(reader.take(14));
        assert_eq!(reader.gaps.keys().copied().collect::<Vec<_>>(), [11]);
    }

    #[test]
    fn activity_counts_the_last_minute_per_area() {
        let now = Utc::now();
        let mut reader = Reader::default();
        reader.count(now - chrono::Duration::seconds(5), Some("north"), now);
        reader.count(now - chrono::Duration::seconds(30), Some("north"), now);
        reader.count(now - chrono::Duration::seconds(10), Some("south"), now);
        reader.count(now - chrono::Duration::seconds(61), Some("south"), now);
        let activity = reader.activity(now);
        assert_eq!(activity.scans_last_minute, 3);
        assert_eq!(activity.within(Some("north")).scans_last_minute, 2);
        assert_eq!(activity.within(Some("east")).scans_last_minute, 0);
        let later = reader.activity(now + chrono::Duration::seconds(40));
        assert_eq!(later.scans_last_minute, 2, "the scan 30 s before `now` has left the minute");
        assert_eq!(later.within(Some("north")).scans_last_minute, 1);
    }
}
