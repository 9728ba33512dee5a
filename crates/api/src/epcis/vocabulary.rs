//! EPCIS 2.0's and CBV 2.0's words as TraceTrack writes them: event types, actions, business
//! steps, dispositions, business transaction types, document types.

use serde::Serialize;

/// The JSON-LD context of every EPCIS 2.0 document.
pub const CONTEXT: &str = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub enum EventType {
    ObjectEvent,
    AggregationEvent,
    TransactionEvent,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::ObjectEvent => "ObjectEvent",
            EventType::AggregationEvent => "AggregationEvent",
            EventType::TransactionEvent => "TransactionEvent",
        }
    }
}

/// An EPCIS document's `type`: what the day's document is, and what capture takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub enum DocumentType {
    #[serde(rename = "EPCISDocument")]
    EpcisDocument,
}

/// The event types of EPCIS 2.0 (`eventType` may name any; we write the first three).
pub const EVENT_TYPES: [&str; 5] =
    ["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Action {
    Add,
    Observe,
    Delete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BizStep {
    Packing,
    Unpacking,
    Loading,
    Unloading,
    Shipping,
    Receiving,
}

impl BizStep {
    pub fn as_str(self) -> &'static str {
        match self {
            BizStep::Packing => "packing",
            BizStep::Unpacking => "unpacking",
            BizStep::Loading => "loading",
            BizStep::Unloading => "unloading",
            BizStep::Shipping => "shipping",
            BizStep::Receiving => "receiving",
        }
    }
}

/// CBV 2.0's business steps, as bare words (the JSON schema's list).
pub const CBV_BIZ_STEPS: [&str; 41] = [
    "accepting",
    "arriving",
    "assembling",
    "collecting",
    "commissioning",
    "consigning",
    "creating_class_instance",
    "cycle_counting",
    "decommissioning",
    "departing",
    "destroying",
    "disassembling",
    "dispensing",
    "encoding",
    "entering_exiting",
    "holding",
    "inspecting",
    "installing",
    "killing",
    "loading",
    "other",
    "packing",
    "picking",
    "receiving",
    "removing",
    "repackaging",
    "repairing",
    "replacing",
    "reserving",
    "retail_selling",
    "shipping",
    "staging_outbound",
    "stock_taking",
    "stocking",
    "storing",
    "transporting",
    "unloading",
    "unpacking",
    "void_shipping",
    "sensor_reporting",
    "sampling",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    InProgress,
    ContainerClosed,
    InTransit,
    Returned,
}

/// CBV business transaction types: a bill of dispatch is a despatch advice, a return ticket a
/// return merchandise authorisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum BizTransactionType {
    Desadv,
    Rma,
}
