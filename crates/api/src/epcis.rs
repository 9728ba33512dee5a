//! The history as GS1 EPCIS 2.0 events (CBV 2.0 vocabulary): which of our events are EPCIS
//! events and how each is written. Pure: a row of `storage::epcis` in, an event object out.
//!
//! | our kind | EPCIS | bizStep | disposition |
//! |---|---|---|---|
//! | `child_linked` | AggregationEvent ADD | packing | in_progress, container_closed when it filled the parent |
//! | `child_unlinked` (unlink, undo) | AggregationEvent DELETE | unpacking | in_progress |
//! | `parent_completed` | AggregationEvent OBSERVE, the children it held | packing | container_closed |
//! | `bill_parent_added` | TransactionEvent ADD, the bill as `desadv` | loading | – |
//! | `bill_parent_removed` | TransactionEvent DELETE | unloading | – |
//! | `bill_completed` | ObjectEvent OBSERVE, the parents on the bill | shipping | in_transit |
//! | `return_parent_added` | ObjectEvent OBSERVE, the ticket as `rma` | receiving | returned |
//! | `return_finalized` | ObjectEvent OBSERVE, the parents returned | receiving | returned |
//!
//! CBV has no `completed` disposition: a parent closed full or by hand is `container_closed`.
//! Every other kind (users, imports, bills created or changed, deletions) is no EPCIS event.

pub mod capture;
mod identifiers;
mod names;
pub mod query;
#[cfg(test)]
mod tests;
mod vocabulary;

use chrono::{DateTime, FixedOffset};
use domain::SiteZone;
use serde::Serialize;
use storage::epcis::{EpcisRow, ParentTypes};

pub use identifiers::BaseUri;
pub use names::{DIGITAL_LINK_HOST, LinkedBag, Names};
pub use vocabulary::{
    Action, BizStep, BizTransactionType, CBV_BIZ_STEPS, CONTEXT, Disposition, DocumentType, EVENT_TYPES, EventType,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BizTransaction {
    #[serde(rename = "type")]
    pub kind: BizTransactionType,
    /// The bill (`<base>/bill/<id>`) or return ticket (`<base>/return/<code>`).
    #[schema(format = "uri", example = "https://tracetrack.invalid/bill/B-1")]
    pub biz_transaction: String,
}

/// A read point or business location: the dispatch area, `<base>/area/<code>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Place {
    #[schema(format = "uri", example = "https://tracetrack.invalid/area/lucknow")]
    pub id: String,
}

/// One EPCIS 2.0 event (JSON-LD, in a document whose `@context` is EPCIS 2.0's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"type": "AggregationEvent", "eventTime": "2026-11-28T14:44:03.512+05:30",
    "eventTimeZoneOffset": "+05:30", "recordTime": "2026-11-28T14:44:03.512+05:30",
    "eventID": "urn:uuid:3f1c9a52-7d4e-8b21-9c0e-5a6b7c8d9e0f", "action": "ADD",
    "parentID": "https://tracetrack.invalid/bag/SB00017", "childEPCs": ["https://tracetrack.invalid/bag/0042"],
    "bizStep": "packing", "disposition": "in_progress", "readPoint": {"id": "https://tracetrack.invalid/area/lucknow"},
    "bizLocation": {"id": "https://tracetrack.invalid/area/lucknow"}}))]
pub struct EpcisEvent {
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// When it happened, in the site's time zone.
    pub event_time: DateTime<FixedOffset>,
    /// The site's offset from UTC at `eventTime`, e.g. `+05:30`.
    #[schema(pattern = r"^([+]|[-])((0[0-9]|1[0-3]):([0-5][0-9])|14:00)$", example = "+05:30")]
    pub event_time_zone_offset: String,
    /// When it was recorded: the same instant (the history is written as it happens).
    pub record_time: DateTime<FixedOffset>,
    /// The same on every read: a name-based UUID of the history row under this site.
    #[serde(rename = "eventID")]
    #[schema(format = "uri")]
    pub event_id: String,
    pub action: Action,
    /// Aggregations: the parent bag, `<base>/bag/<qr>`, or its GS1 Digital Link
    /// (`https://id.gs1.org/01/<GTIN-14>/21/<qr>`) where the site numbers its type.
    #[serde(rename = "parentID", skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, format = "uri")]
    pub parent_id: Option<String>,
    /// Aggregations: the child bags linked, unlinked or held (named like the parent, at the unit level).
    #[serde(rename = "childEPCs", skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, min_items = 1)]
    pub child_epcs: Option<Vec<String>>,
    /// Object and transaction events: the parent bags concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub epc_list: Option<Vec<String>>,
    pub biz_step: BizStep,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub disposition: Option<Disposition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub read_point: Option<Place>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub biz_location: Option<Place>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub biz_transaction_list: Option<Vec<BizTransaction>>,
}

/// How one kind of ours becomes an EPCIS event.
#[derive(Debug, Clone, Copy)]
pub struct Mapping {
    pub kind: &'static str,
    pub event_type: EventType,
    pub action: Action,
    pub biz_step: BizStep,
}

const fn mapping(kind: &'static str, event_type: EventType, action: Action, biz_step: BizStep) -> Mapping {
    Mapping { kind, event_type, action, biz_step }
}

/// Every kind that is an EPCIS event (the table above).
pub const MAPPINGS: [Mapping; 8] = [
    mapping("child_linked", EventType::AggregationEvent, Action::Add, BizStep::Packing),
    mapping("child_unlinked", EventType::AggregationEvent, Action::Delete, BizStep::Unpacking),
    mapping("parent_completed", EventType::AggregationEvent, Action::Observe, BizStep::Packing),
    mapping("bill_parent_added", EventType::TransactionEvent, Action::Add, BizStep::Loading),
    mapping("bill_parent_removed", EventType::TransactionEvent, Action::Delete, BizStep::Unloading),
    mapping("bill_completed", EventType::ObjectEvent, Action::Observe, BizStep::Shipping),
    mapping("return_parent_added", EventType::ObjectEvent, Action::Observe, BizStep::Receiving),
    mapping("return_finalized", EventType::ObjectEvent, Action::Observe, BizStep::Receiving),
];

/// The parents whose types name the bags of `rows` (each row's parent, and the parents shipped
/// or returned): what [`event`] needs in `types` when bags are named by GS1 Digital Link.
pub fn parents_named(rows: &[EpcisRow]) -> Vec<String> {
    let mut parents: Vec<String> = rows.iter().filter_map(|row| row.parent_qr.clone()).collect();
    for row in rows.iter().filter(|row| matches!(row.kind.as_str(), "bill_completed" | "return_finalized")) {
        parents.extend(row.members.iter().flatten().cloned());
    }
    parents.sort_unstable();
    parents.dedup();
    parents
}

/// The EPCIS event a history row is; `None` for kinds that are none, or a row missing the
/// identifiers its kind always has. `types`: the parent type of the parents of the row (see
/// [`parents_named`]); a parent missing from it keeps the site's name.
pub fn event(row: &EpcisRow, names: &Names, types: &ParentTypes, zone: SiteZone) -> Option<EpcisEvent> {
    let mapping = MAPPINGS.iter().find(|m| m.kind == row.kind)?;
    let base = &names.base;
    let at = zone.local(row.occurred_at);
    let place = row.area.as_deref().map(|code| Place { id: base.area(code) });
    let type_of = |qr: &str| types.get(qr).map(String::as_str);
    // A child is named by the type of the parent of its event.
    let parent_type = row.parent_qr.as_deref().and_then(type_of);
    let parent = row.parent_qr.as_deref().map(|qr| names.parent(qr, parent_type));
    let child = |qr: &str| names.child(qr, parent_type);
    let children = || row.members.iter().flatten().map(|qr| child(qr)).collect::<Vec<_>>();
    let parents = || row.members.iter().flatten().map(|qr| names.parent(qr, type_of(qr))).collect::<Vec<_>>();
    let bill = |code: Option<&str>| {
        code.map(|code| BizTransaction { kind: BizTransactionType::Desadv, biz_transaction: base.bill(code) })
    };
    let ticket = |code: Option<&str>| {
        code.map(|code| BizTransaction { kind: BizTransactionType::Rma, biz_transaction: base.return_ticket(code) })
    };
    let detail = |name: &str| row.details.get(name).and_then(serde_json::Value::as_str);
    let mut event = EpcisEvent {
        event_type: mapping.event_type,
        event_time: at,
        event_time_zone_offset: zone.offset_at(row.occurred_at),
        record_time: at,
        event_id: base.event_id(row.id),
        action: mapping.action,
        parent_id: None,
        child_epcs: None,
        epc_list: None,
        biz_step: mapping.biz_step,
        disposition: None,
        read_point: place.clone(),
        biz_location: place,
        biz_transaction_list: None,
    };
    match row.kind.as_str() {
        "child_linked" | "child_unlinked" => {
            event.parent_id = Some(parent?);
            event.child_epcs = Some(vec![child(row.bag_qr.as_deref()?)]);
            let closed = row.closed_parent == Some(true) && row.kind == "child_linked";
            event.disposition = Some(if closed { Disposition::ContainerClosed } else { Disposition::InProgress });
        }
        "parent_completed" => {
            let children = children();
            event.disposition = Some(Disposition::ContainerClosed);
            if children.is_empty() {
                // Children that arrived by import have no link in the history, and an
                // aggregation must name at least one child: the parent is observed closed.
                event.event_type = EventType::ObjectEvent;
                event.epc_list = Some(vec![parent?]);
            } else {
                event.parent_id = Some(parent?);
                event.child_epcs = Some(children);
            }
        }
        "bill_parent_added" | "bill_parent_removed" => {
            event.epc_list = Some(vec![parent?]);
            let returned = (detail("reason") == Some("return")).then(|| ticket(detail("return_code"))).flatten();
            event.biz_transaction_list = Some(bill(row.bill_code.as_deref()).into_iter().chain(returned).collect());
        }
        "bill_completed" => {
            event.epc_list = Some(parents());
            event.disposition = Some(Disposition::InTransit);
            event.biz_transaction_list = Some(vec![bill(row.bill_code.as_deref())?]);
        }
        "return_parent_added" => {
            event.epc_list = Some(vec![parent?]);
            event.disposition = Some(Disposition::Returned);
            let original = bill(detail("original_bill"));
            event.biz_transaction_list = Some(ticket(row.return_code.as_deref()).into_iter().chain(original).collect());
        }
        "return_finalized" => {
            event.epc_list = Some(parents());
            event.disposition = Some(Disposition::Returned);
            event.biz_transaction_list = Some(vec![ticket(row.return_code.as_deref())?]);
        }
        _ => return None,
    }
    // A transaction event must name its business transaction.
    if event.biz_transaction_list.as_ref().is_some_and(Vec::is_empty) {
        return None;
    }
    Some(event)
}
