use chrono::{DateTime, Utc};
use serde::Serialize;
use storage::event::EventRecord;
use uuid::Uuid;

/// One entry of the append-only history (SPEC §8).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"id": 4711, "kind": "child_linked", "occurred_at": "2026-11-28T09:14:03Z",
    "actor_id": "0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01", "actor_username": "ravi", "area": "lucknow",
    "bag_qr": "123456789", "parent_qr": "SB00017", "bill_id": null, "return_code": null, "device_id": "station-3",
    "idempotency_key": "5b0e…", "request_id": "6f1c2a9e-0d4b-4f7a-8c3e-1b2d3e4f5a6b", "details": {"child_count": 17}}))]
pub struct Event {
    /// Increases with time; the list's sort key.
    pub id: i64,
    /// e.g. `parent_created`, `child_linked`, `child_unlinked`, `parent_completed`, `parent_reopened`,
    /// `bag_deleted`, `bill_*`, `return_*`.
    pub kind: String,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_username: Option<String>,
    pub area: Option<String>,
    pub bag_qr: Option<String>,
    pub parent_qr: Option<String>,
    pub bill_id: Option<String>,
    pub return_code: Option<String>,
    pub device_id: Option<String>,
    pub idempotency_key: Option<String>,
    /// The request that made the change: its `X-Request-Id` and the id in the server's log lines.
    pub request_id: Option<String>,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

impl From<EventRecord> for Event {
    fn from(r: EventRecord) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            occurred_at: r.occurred_at,
            actor_id: r.actor_id,
            actor_username: r.actor_username,
            area: r.area,
            bag_qr: r.bag_qr,
            parent_qr: r.parent_qr,
            bill_id: r.bill_code,
            return_code: r.return_code,
            device_id: r.device_id,
            idempotency_key: r.idempotency_key,
            request_id: r.request_id,
            details: r.details,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EventPage {
    pub items: Vec<Event>,
    pub next_cursor: Option<String>,
}
