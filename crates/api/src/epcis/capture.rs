//! EPCIS capture (`POST /api/v1/epcis/capture`): the AggregationEvents of a partner's packing
//! line, each read as a packing change of our bags — ADD packs the children into the parent,
//! DELETE takes them out — or refused with the code a scan would answer. Pure: the document as
//! sent in, each event out as an [`Aggregation`] or its refusal; `routes::epcis_capture` applies
//! them through the scanning transactions.
//!
//! The document's shape (these types, their lengths, at most [`MAX_EVENTS`] events) is checked
//! before anything is applied, and a document out of it is refused whole (422); what each event
//! says is judged on its own.

use domain::ValidationError;
use domain::gs1::PackagingLevel;
use domain::identifier::{ChildQr, ParentPattern, ParentQr};
use domain::scan::ScanRefusal;
use serde::{Deserialize, Deserializer};

use super::query::is_uri;
use super::{DocumentType, LinkedBag, Names};
use crate::error::{ApiError, ApiResult, ErrorCode};

/// Events one document may hold.
pub const MAX_EVENTS: usize = 1_000;
/// Children one event may name (a parent type holds at most 1,000).
pub const MAX_CHILDREN: usize = 1_000;
pub const MAX_EVENT_ID_CHARS: usize = 500;
pub const MAX_PARENT_ID_CHARS: usize = 2_048;
pub const MAX_TYPE_CHARS: usize = 200;
pub const MAX_ACTION_CHARS: usize = 20;

/// An EPCIS 2.0 document (JSON-LD; `application/ld+json` or `application/json`) of events to
/// capture. `@context`, `schemaVersion`, `creationDate` and every other member are read past.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"@context": "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
    "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-11-28T09:14:03Z",
    "epcisBody": {"eventList": [{"type": "AggregationEvent", "eventID": "urn:uuid:6f0c1b1e-2f5d-4c8e-9a51-1d3e5f7a9b20",
        "eventTime": "2026-11-28T14:44:03+05:30", "eventTimeZoneOffset": "+05:30", "action": "ADD",
        "parentID": "https://seeds.example.in/bag/SB00017",
        "childEPCs": ["https://seeds.example.in/bag/0042", "https://seeds.example.in/bag/0043"], "bizStep": "packing"}]}}))]
pub struct CaptureDocument {
    #[serde(rename = "type")]
    pub kind: DocumentType,
    pub epcis_body: CaptureBody,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaptureBody {
    /// The events, applied in this order, each on its own (at most 1,000).
    #[schema(max_items = 1000)]
    pub event_list: Vec<CaptureEvent>,
}

/// One event as sent. Its other members (`eventTime`, `bizStep`, `readPoint`, …) are read past:
/// the change is recorded at the time it is applied.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CaptureEvent {
    /// `AggregationEvent`; any other event type is refused (this event only).
    #[serde(rename = "type")]
    #[schema(min_length = 1, max_length = 200, example = "AggregationEvent")]
    pub event_type: String,
    /// The event's own id, a URI (`urn:uuid:…`, `ni:///sha-256;…`): an event is captured once by
    /// it. An event without one is refused.
    #[serde(rename = "eventID", default, deserialize_with = "present")]
    #[schema(
        nullable = false,
        min_length = 1,
        max_length = 500,
        example = "urn:uuid:6f0c1b1e-2f5d-4c8e-9a51-1d3e5f7a9b20"
    )]
    pub event_id: Option<String>,
    /// `ADD` packs the children into the parent, `DELETE` takes them out; anything else
    /// (`OBSERVE`) is refused.
    #[serde(default, deserialize_with = "present")]
    #[schema(nullable = false, min_length = 1, max_length = 20, example = "ADD")]
    pub action: Option<String>,
    /// The parent bag: `<base>/bag/<qr>`, or its GS1 Digital Link where the site numbers its type
    /// (case level, indicator 1).
    #[serde(rename = "parentID", default, deserialize_with = "present")]
    #[schema(nullable = false, min_length = 1, max_length = 2048, example = "https://seeds.example.in/bag/SB00017")]
    pub parent_id: Option<String>,
    /// The child bags, named as the parent (Digital Links at the unit level, indicator 0, of the
    /// parent's type); at least one, at most 1,000.
    #[serde(rename = "childEPCs", default, deserialize_with = "present")]
    #[schema(nullable = false, max_items = 1000, example = json!(["https://seeds.example.in/bag/0042"]))]
    pub child_epcs: Option<Vec<String>>,
}

/// An optional member that, when present, is not `null` (the schema says what it is).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

impl CaptureDocument {
    /// The limits the schema states beyond the types (which were read already).
    pub fn check(&self) -> Result<(), ValidationError> {
        let events = &self.epcis_body.event_list;
        if events.len() > MAX_EVENTS {
            let message = format!("holds {} events; send at most {MAX_EVENTS} per document", events.len());
            return Err(ValidationError::field("epcisBody.eventList", message));
        }
        for (index, event) in events.iter().enumerate() {
            let field = |name: &str| format!("epcisBody.eventList[{index}].{name}");
            for (name, value, max) in [
                ("type", Some(event.event_type.as_str()), MAX_TYPE_CHARS),
                ("eventID", event.event_id.as_deref(), MAX_EVENT_ID_CHARS),
                ("action", event.action.as_deref(), MAX_ACTION_CHARS),
                ("parentID", event.parent_id.as_deref(), MAX_PARENT_ID_CHARS),
            ] {
                if value.is_some_and(|v| v.is_empty() || v.chars().nth(max).is_some()) {
                    return Err(ValidationError::field(&field(name), format!("must be 1 to {max} characters")));
                }
            }
            if event.child_epcs.as_ref().is_some_and(|children| children.len() > MAX_CHILDREN) {
                let message = format!("names more than {MAX_CHILDREN} children");
                return Err(ValidationError::field(&field("childEPCs"), message));
            }
        }
        Ok(())
    }
}

/// What a captured event does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packing {
    /// `ADD`: the children go into the parent (a child scan each).
    Pack,
    /// `DELETE`: the children come out of it (an unlink each).
    Unpack,
}

impl Packing {
    /// The EPCIS action.
    pub fn as_str(self) -> &'static str {
        match self {
            Packing::Pack => "ADD",
            Packing::Unpack => "DELETE",
        }
    }
}

/// An event read as a change of our bags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aggregation {
    pub event_id: String,
    pub packing: Packing,
    pub parent: ParentQr,
    /// Each once, in the order named.
    pub children: Vec<ChildQr>,
}

/// The change `event` asks for, or the refusal its scan would get (or `validation_failed` for
/// what is not a packing event of ours).
pub fn read(event: &CaptureEvent, names: &Names, patterns: &[ParentPattern]) -> ApiResult<Aggregation> {
    if event.event_type != "AggregationEvent" {
        let message =
            format!("is {}: only AggregationEvent is captured (ADD packs, DELETE unpacks)", excerpt(&event.event_type));
        return Err(invalid("type", message));
    }
    let event_id = event
        .event_id
        .as_deref()
        .ok_or_else(|| invalid("eventID", "is missing: an event is captured once, by its eventID"))?;
    if !is_uri(event_id) || event_id.chars().any(char::is_control) {
        return Err(invalid("eventID", "must be a URI, e.g. urn:uuid:6f0c1b1e-2f5d-4c8e-9a51-1d3e5f7a9b20"));
    }
    let packing = match event.action.as_deref() {
        Some("ADD") => Packing::Pack,
        Some("DELETE") => Packing::Unpack,
        _ => return Err(invalid("action", "must be ADD (pack the children) or DELETE (take them out)")),
    };
    let parent_id = event.parent_id.as_deref().ok_or_else(|| invalid("parentID", "is missing: name the parent"))?;
    let child_epcs = event
        .child_epcs
        .as_deref()
        .filter(|children| !children.is_empty())
        .ok_or_else(|| invalid("childEPCs", "must name at least one child bag (quantities are not captured)"))?;
    let (qr, link) = bag(names, "parentID", parent_id)?;
    let parent = ParentQr::parse(&qr, patterns)?;
    check_link(link, PackagingLevel::Case, &parent, parent_id)?;
    let mut children: Vec<ChildQr> = Vec::with_capacity(child_epcs.len());
    for epc in child_epcs {
        let (qr, link) = bag(names, "childEPCs", epc)?;
        let child = ChildQr::parse(&qr, patterns)?;
        check_link(link, PackagingLevel::Unit, &parent, epc)?;
        if child.as_str() == parent.as_str() {
            return Err(ScanRefusal::SelfLink { qr: child.as_str().to_owned() }.into());
        }
        if !children.contains(&child) {
            children.push(child);
        }
    }
    Ok(Aggregation { event_id: event_id.to_owned(), packing, parent, children })
}

/// The bag an EPC names in either of our forms, with what its Digital Link says.
fn bag(names: &Names, field: &str, epc: &str) -> ApiResult<(String, Option<LinkedBag>)> {
    if let Some(link) = names.read_digital_link(epc) {
        return Ok((link.qr.clone(), Some(link)));
    }
    let forms = match names.gs1 {
        Some(_) => "<base>/bag/<code>, or its GS1 Digital Link",
        None => "<base>/bag/<code>",
    };
    // A URI holds no whitespace or control characters (a scan drops them; a name does not).
    let uri = is_uri(epc) && !epc.chars().any(char::is_control);
    uri.then(|| names.base.bag_of(epc)).flatten().map(|qr| (qr, None)).ok_or_else(|| {
        let message =
            format!("{field} {} is not a bag of this site ({forms}, base {})", excerpt(epc), names.base.as_str());
        ApiError::new(ErrorCode::InvalidQr, message)
            .with_details(serde_json::json!({ "field": field, "epc": excerpt(epc) }))
    })
}

/// A Digital Link names a bag at its level, and of its parent's type.
fn check_link(link: Option<LinkedBag>, level: PackagingLevel, parent: &ParentQr, epc: &str) -> ApiResult<()> {
    let Some(link) = link else { return Ok(()) };
    if link.level != level {
        let message = format!(
            "{} is a GTIN of the {} level: a parent is named at the case level (indicator digit 1), a child at the \
             unit level (0)",
            excerpt(epc),
            if link.level == PackagingLevel::Case { "case" } else { "unit" }
        );
        return Err(ApiError::new(ErrorCode::WrongKind, message));
    }
    if link.parent_type != parent.type_code() {
        let message = format!(
            "{} is a GTIN of {}, but the parent {} is {}",
            excerpt(epc),
            link.parent_type,
            parent.as_str(),
            parent.type_code()
        );
        let field = if level == PackagingLevel::Case { "parentID" } else { "childEPCs" };
        return Err(invalid(field, message));
    }
    Ok(())
}

fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ValidationError::field(field, message).into()
}

/// Enough of a sent value to recognise it, quoted.
fn excerpt(text: &str) -> String {
    let mut short: String = text.chars().filter(|c| !c.is_control()).take(80).collect();
    if text.chars().nth(80).is_some() {
        short.push('…');
    }
    format!("{short:?}")
}

#[cfg(test)]
mod tests;
