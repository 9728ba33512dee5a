use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use storage::bill::BillRecord;

use super::bags_dto::Bag;
use super::events_dto::Event;

/// A bill of dispatch: one truck, one destination.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"bill_id": "BILL-2026/001", "status": "processing", "capacity": 10, "linked_count": 4,
    "returned_count": 0, "child_count": 118, "actual_weight_kg": 118.0, "expected_weight_kg": 120.0,
    "weight_difference_kg": -2.0, "weighbridge_weight_kg": 7150.0, "description": "", "destination": "Jaipur C&F",
    "vehicle_number": "RJ14 GB 1234", "created_at": "2026-11-28T09:00:00Z", "completed_at": null}))]
pub struct Bill {
    pub bill_id: String,
    /// `new` (empty), `processing` (loading), `completed` (full and closed).
    pub status: String,
    /// Number of parent bags the bill takes (1–500).
    pub capacity: i32,
    pub linked_count: i32,
    /// Parents taken off this bill by return tickets after it was completed.
    pub returned_count: i32,
    /// Children inside the linked parents.
    pub child_count: i32,
    /// Weight from child counts: children under the bill's parents × their type's kg per child
    /// (computed, not weighed).
    pub actual_weight_kg: f64,
    /// Sum of each linked parent's type expected weight.
    pub expected_weight_kg: f64,
    /// actual − expected.
    pub weight_difference_kg: f64,
    pub description: String,
    pub destination: String,
    pub vehicle_number: String,
    /// The truck's weight from the weighbridge, as the biller entered it; null until then.
    pub weighbridge_weight_kg: Option<f64>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl From<BillRecord> for Bill {
    fn from(r: BillRecord) -> Self {
        let round = |kg: f64| (kg * 1000.0).round() / 1000.0;
        Self {
            bill_id: r.code,
            status: r.status,
            capacity: r.capacity,
            linked_count: r.linked_count,
            returned_count: r.returned_count,
            child_count: r.child_count,
            actual_weight_kg: round(r.actual_weight_kg),
            expected_weight_kg: round(r.expected_weight_kg),
            weight_difference_kg: round(r.actual_weight_kg - r.expected_weight_kg),
            description: r.description,
            destination: r.destination,
            vehicle_number: r.vehicle_number,
            weighbridge_weight_kg: r.weighbridge_weight_kg.map(round),
            created_at: r.created_at,
            completed_at: r.completed_at,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BillDetail {
    #[serde(flatten)]
    pub bill: Bill,
    /// Loaded parents, most recent first.
    pub parents: Vec<Bag>,
    /// The bill's events, newest first (at most 200).
    pub history: Vec<Event>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BillPage {
    pub items: Vec<Bill>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"bill_id": "BILL-2026/001", "capacity": 10, "destination": "Jaipur C&F",
                          "vehicle_number": "RJ14 GB 1234"}))]
pub struct CreateBill {
    /// 3–50 letters, digits, `-`, `_`, `/` (spaces, tabs and line breaks around it are dropped,
    /// 50 characters in all at most); kept in upper case; unique in any case.
    #[schema(min_length = 3, max_length = 50, pattern = r"^[ \t\r\n]*[A-Za-z0-9_/-]{3,50}[ \t\r\n]*$")]
    pub bill_id: String,
    /// Parent bags the bill takes, 1–500.
    #[serde(deserialize_with = "crate::whole_number::i32")]
    #[schema(minimum = 1, maximum = 500)]
    pub capacity: i32,
    #[serde(default)]
    #[schema(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub description: String,
    #[serde(default)]
    #[schema(max_length = 200, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub destination: String,
    #[serde(default)]
    #[schema(max_length = 40, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub vehicle_number: String,
    /// The truck's weighbridge weight in kg (0–999,999), if already known.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 999999)]
    pub weighbridge_weight_kg: Option<f64>,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateBill {
    /// Never below the parents already loaded; frozen once completed.
    #[serde(default, deserialize_with = "crate::whole_number::option_i32")]
    #[schema(minimum = 1, maximum = 500)]
    pub capacity: Option<i32>,
    #[schema(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub description: Option<String>,
    #[schema(max_length = 200, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub destination: Option<String>,
    #[schema(max_length = 40, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub vehicle_number: Option<String>,
    /// The truck's weighbridge weight in kg (0–999,999); `null` clears it, absent leaves it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 999999)]
    pub weighbridge_weight_kg: Option<Option<f64>>,
}

/// A field that may be sent as `null` to clear it: `Some(None)`; left out: `None`.
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"qr": "SB00017"}))]
pub struct BillParentRequest {
    /// The parent's QR as scanned.
    pub qr: String,
    /// Manual entry: create the parent if it does not exist yet (scanning never does).
    #[serde(default)]
    pub manual: bool,
    /// With `manual`: the dispatch area of a parent it creates, so that area's dispatchers see it.
    #[serde(default)]
    #[schema(pattern = r"^[a-z][a-z0-9_]{1,39}$")]
    pub area: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BillLoadResult {
    pub bill: Bill,
    pub parent: Bag,
    /// True when the parent was already on this bill: nothing changed (answered 200).
    pub already_linked: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BillUnloadResult {
    pub bill: Bill,
    pub parent: Bag,
}
