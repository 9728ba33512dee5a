//! The bag shapes of the API (API.md "Bag"), shared by scanning, lists, detail and trace.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use storage::bag::BagRecord;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BagKind {
    Parent,
    Child,
}

/// A bag. Parents add `parent_type`, `child_count`, `max_children` and `bill_id` (`null` when
/// on no bill); children add `parent_qr` (`null` when in no parent).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"qr": "SB00017", "kind": "parent", "status": "in_progress", "area": "lucknow",
    "created_at": "2026-11-28T09:00:00Z", "parent_type": "mustard", "child_count": 17, "max_children": 30,
    "bill_id": null}))]
pub struct Bag {
    pub qr: String,
    pub kind: BagKind,
    /// Parents: `pending`, `in_progress`, `completed`. Children: `unlinked`, `linked`.
    pub status: String,
    pub area: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_count: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_children: Option<i32>,
    /// Parents only: the bill the parent is loaded on.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub bill_id: Option<Option<String>>,
    /// Children only: the parent the child is packed in.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub parent_qr: Option<Option<String>>,
}

impl From<BagRecord> for Bag {
    fn from(r: BagRecord) -> Self {
        let is_parent = r.kind == "parent";
        Self {
            qr: r.qr,
            kind: if is_parent { BagKind::Parent } else { BagKind::Child },
            status: r.status,
            area: r.area,
            created_at: r.created_at,
            parent_type: r.parent_type,
            child_count: is_parent.then_some(r.child_count),
            max_children: r.max_children,
            bill_id: is_parent.then_some(r.bill_code),
            parent_qr: (!is_parent).then_some(r.parent_qr),
        }
    }
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"qr": "SB00017"}))]
pub struct ParentScanRequest {
    /// The parent's QR as scanned; normalised before use.
    pub qr: String,
    /// Area to stamp on a new parent. Dispatchers' parents always get their own area;
    /// admins and billers may name one (or none).
    #[schema(pattern = r"^[a-z][a-z0-9_]{1,39}$")]
    pub area: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ParentScanResult {
    pub parent: Bag,
    /// Most recently linked first.
    pub children: Vec<Bag>,
    /// True when this scan created the parent (answered 201).
    pub created: bool,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"parent_qr": "SB00017", "child_qr": "LABEL NO.: 123456789"}))]
pub struct ChildScanRequest {
    pub parent_qr: String,
    /// The child's QR, or a whole label payload containing `LABEL NO.` followed by digits.
    pub child_qr: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ChildScanResult {
    pub child: Bag,
    /// The parent after the scan: its new `child_count` and `status`.
    pub parent: Bag,
    /// True when the child was already in this parent: nothing changed (answered 200).
    pub already_linked: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UnlinkResult {
    /// The child, now unlinked (it stays, and can be packed again).
    pub child: Bag,
    pub parent: Bag,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BagPage {
    pub items: Vec<Bag>,
    pub next_cursor: Option<String>,
}
