//! The EPCIS 2.0 documents TraceTrack writes (GS1's JSON-LD binding): a query's answer and a
//! local day's document. The events are `crate::epcis::EpcisEvent`.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::epcis::{CONTEXT, DocumentType, EpcisEvent};

#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub enum QueryDocumentType {
    #[serde(rename = "EPCISQueryDocument")]
    EpcisQueryDocument,
}

#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub enum QueryName {
    SimpleEventQuery,
}

/// The answer to an EPCIS query: one page of events, oldest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EpcisQueryDocument {
    #[serde(rename = "@context")]
    #[schema(format = "uri", example = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld")]
    pub context: &'static str,
    #[serde(rename = "type")]
    pub kind: QueryDocumentType,
    #[schema(example = "2.0")]
    pub schema_version: &'static str,
    pub creation_date: DateTime<Utc>,
    pub epcis_body: QueryBody,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueryBody {
    pub query_results: QueryResults,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueryResults {
    pub query_name: QueryName,
    pub results_body: ResultsBody,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResultsBody {
    pub event_list: Vec<EpcisEvent>,
}

impl EpcisQueryDocument {
    pub fn new(event_list: Vec<EpcisEvent>) -> Self {
        Self {
            context: CONTEXT,
            kind: QueryDocumentType::EpcisQueryDocument,
            schema_version: SCHEMA_VERSION,
            creation_date: Utc::now(),
            epcis_body: QueryBody {
                query_results: QueryResults {
                    query_name: QueryName::SimpleEventQuery,
                    results_body: ResultsBody { event_list },
                },
            },
        }
    }
}

/// A local day's events as one EPCIS document, oldest first (written as it is read).
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EpcisDocument {
    #[serde(rename = "@context")]
    #[schema(format = "uri", example = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld")]
    pub context: &'static str,
    #[serde(rename = "type")]
    pub kind: DocumentType,
    #[schema(example = "2.0")]
    pub schema_version: &'static str,
    pub creation_date: DateTime<Utc>,
    pub epcis_body: DocumentBody,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DocumentBody {
    pub event_list: Vec<EpcisEvent>,
}

const SCHEMA_VERSION: &str = "2.0";

/// An `EpcisDocument` up to the opening of its event list, so the events can follow as they are
/// read: `{…,"epcisBody":{"eventList":[`. [`DOCUMENT_TAIL`] closes it.
pub fn document_head(creation_date: DateTime<Utc>) -> String {
    let document = EpcisDocument {
        context: CONTEXT,
        kind: DocumentType::EpcisDocument,
        schema_version: SCHEMA_VERSION,
        creation_date,
        epcis_body: DocumentBody { event_list: Vec::new() },
    };
    let empty = serde_json::to_string(&document).unwrap_or_default();
    // Serialised in field order, the body last: `…"epcisBody":{"eventList":[]}}`.
    empty.strip_suffix(DOCUMENT_TAIL).map(str::to_owned).unwrap_or(empty)
}

pub const DOCUMENT_TAIL: &str = "]}}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streamed_document_is_its_head_events_and_tail() {
        let head = document_head(Utc::now());
        assert!(head.ends_with(r#""epcisBody":{"eventList":["#), "{head}");
        let document: serde_json::Value = serde_json::from_str(&format!("{head}{DOCUMENT_TAIL}")).unwrap_or_default();
        assert_eq!(document["type"], "EPCISDocument");
        assert_eq!(document["@context"], CONTEXT);
        assert_eq!(document["schemaVersion"], "2.0");
        assert_eq!(document["epcisBody"]["eventList"], serde_json::json!([]));
    }
}
