//! The rows of each export, read in keyset batches so any size streams with flat memory.

use chrono::{DateTime, Utc};
use storage::audit::{self, AuditFilter};
use storage::bag::{self, BagFilter};
use storage::bill::{self, BillFilter};
use storage::event::{self, EventFilter};

use crate::error::ApiResult;
use crate::state::AppState;

/// What to export, with the same filters as the matching list endpoint.
#[derive(Clone)]
pub enum Dataset {
    Bags { filter: BagFilter, area_scope: Option<String> },
    Bills(BillFilter),
    Events(EventFilter),
    Audit(AuditRows),
}

/// The audit trail's filters, owned so the export's batches can outlive the request.
#[derive(Clone, Default)]
pub struct AuditRows {
    pub action: Option<String>,
    pub actor_id: Option<uuid::Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

pub const BATCH: i64 = 5_000;

impl Dataset {
    pub fn name(&self) -> &'static str {
        match self {
            Dataset::Bags { .. } => "bags",
            Dataset::Bills(_) => "bills",
            Dataset::Events(_) => "events",
            Dataset::Audit(_) => "audit",
        }
    }

    pub fn header(&self) -> &'static [&'static str] {
        match self {
            Dataset::Bags { .. } => &[
                "qr",
                "kind",
                "status",
                "area",
                "parent_type",
                "child_count",
                "max_children",
                "parent_qr",
                "bill_id",
                "created_at",
            ],
            Dataset::Bills(_) => &[
                "bill_id",
                "status",
                "capacity",
                "linked_count",
                "returned_count",
                "child_count",
                "actual_weight_kg",
                "expected_weight_kg",
                "description",
                "destination",
                "vehicle_number",
                "weighbridge_weight_kg",
                "created_at",
                "completed_at",
            ],
            Dataset::Events(_) => &[
                "id",
                "occurred_at",
                "kind",
                "actor",
                "area",
                "bag_qr",
                "parent_qr",
                "bill_id",
                "return_code",
                "device_id",
                "details",
                "request_id",
            ],
            Dataset::Audit(_) => &[
                "id",
                "occurred_at",
                "actor_id",
                "actor_username",
                "action",
                "target_kind",
                "target_id",
                "request_id",
                "client_addr",
                "before",
                "after",
            ],
        }
    }

    /// Which columns hold numbers (written as numbers in a workbook).
    pub fn numeric(&self) -> &'static [bool] {
        const NO: bool = false;
        match self {
            Dataset::Bags { .. } => &[NO, NO, NO, NO, NO, true, true, NO, NO, NO],
            Dataset::Bills(_) => &[NO, NO, true, true, true, true, true, true, NO, NO, NO, true, NO, NO],
            Dataset::Events(_) => &[true, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO],
            Dataset::Audit(_) => &[true, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO],
        }
    }

    /// The batch after `before_id` (newest first), as text cells, and the cursor for the next.
    pub async fn batch(&self, state: &AppState, before_id: Option<i64>) -> ApiResult<(Vec<Vec<String>>, Option<i64>)> {
        let text = |v: Option<String>| v.unwrap_or_default();
        let (rows, last) = match self {
            Dataset::Bags { filter, area_scope } => {
                let rows = bag::list(&state.reads, filter, area_scope.as_deref(), before_id, BATCH).await?;
                let last = rows.last().map(|r| r.id);
                let cells: Vec<Vec<String>> = rows
                    .into_iter()
                    .map(|r| {
                        let parent = r.kind == "parent";
                        vec![
                            r.qr,
                            r.kind,
                            r.status,
                            text(r.area),
                            text(r.parent_type),
                            if parent { r.child_count.to_string() } else { String::new() },
                            r.max_children.map(|m| m.to_string()).unwrap_or_default(),
                            text(r.parent_qr),
                            text(r.bill_code),
                            r.created_at.to_rfc3339(),
                        ]
                    })
                    .collect();
                (cells, last)
            }
            Dataset::Bills(filter) => {
                let rows = bill::list(&state.reads, filter, before_id, BATCH).await?;
                let last = rows.last().map(|r| r.id);
                let cells: Vec<Vec<String>> = rows
                    .into_iter()
                    .map(|r| {
                        vec![
                            r.code,
                            r.status,
                            r.capacity.to_string(),
                            r.linked_count.to_string(),
                            r.returned_count.to_string(),
                            r.child_count.to_string(),
                            format!("{:.3}", r.actual_weight_kg),
                            format!("{:.3}", r.expected_weight_kg),
                            r.description,
                            r.destination,
                            r.vehicle_number,
                            r.weighbridge_weight_kg.map(|kg| format!("{kg:.3}")).unwrap_or_default(),
                            r.created_at.to_rfc3339(),
                            r.completed_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                        ]
                    })
                    .collect();
                (cells, last)
            }
            Dataset::Events(filter) => {
                let rows = event::list(&state.reads, filter, before_id, BATCH).await?;
                let last = rows.last().map(|r| r.id);
                let cells: Vec<Vec<String>> = rows
                    .into_iter()
                    .map(|r| {
                        vec![
                            r.id.to_string(),
                            r.occurred_at.to_rfc3339(),
                            r.kind,
                            text(r.actor_username),
                            text(r.area),
                            text(r.bag_qr),
                            text(r.parent_qr),
                            text(r.bill_code),
                            text(r.return_code),
                            text(r.device_id),
                            r.details.to_string(),
                            text(r.request_id),
                        ]
                    })
                    .collect();
                (cells, last)
            }
            Dataset::Audit(rows) => {
                let filter = AuditFilter {
                    action: rows.action.as_deref(),
                    actor_id: rows.actor_id,
                    from: rows.from,
                    to: rows.to,
                };
                let rows = audit::list(&state.reads, filter, before_id, BATCH).await?;
                let last = rows.last().map(|r| r.id);
                let json = |v: Option<serde_json::Value>| v.map(|v| v.to_string()).unwrap_or_default();
                let cells: Vec<Vec<String>> = rows
                    .into_iter()
                    .map(|r| {
                        vec![
                            r.id.to_string(),
                            r.occurred_at.to_rfc3339(),
                            r.actor_id.map(|id| id.to_string()).unwrap_or_default(),
                            text(r.actor_username),
                            r.action,
                            text(r.target_kind),
                            text(r.target_id),
                            text(r.request_id),
                            text(r.client_addr),
                            json(r.before),
                            json(r.after),
                        ]
                    })
                    .collect();
                (cells, last)
            }
        };
        let next = if rows.len() as i64 == BATCH { last } else { None };
        Ok((rows, next))
    }
}
