use domain::gs1::Numbering;
use domain::identifier::default_patterns;
use serde_json::{Value, json};

use super::*;
use crate::epcis::BaseUri;

fn names(gs1: bool) -> Names {
    let base = BaseUri::parse("https://seeds.example.in").unwrap_or_default();
    Names::new(base, gs1.then(|| Numbering::parse("0614141", "mustard=07346").ok()).flatten())
}

fn document(events: Value) -> Result<CaptureDocument, serde_json::Error> {
    serde_json::from_value(json!({"@context": "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
        "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-11-28T09:14:03Z",
        "epcisBody": {"eventList": events}}))
}

fn packing(parent: &str, children: &[&str]) -> Value {
    json!({"type": "AggregationEvent", "eventID": "urn:uuid:1", "eventTime": "2026-11-28T14:44:03+05:30",
        "eventTimeZoneOffset": "+05:30", "action": "ADD", "parentID": parent, "childEPCs": children,
        "bizStep": "packing", "readPoint": {"id": "urn:epc:id:sgln:0614141.00777.0"}})
}

fn event(value: Value) -> CaptureEvent {
    serde_json::from_value(value).unwrap_or_else(|e| panic!("{e}"))
}

fn read_with(value: Value, gs1: bool) -> ApiResult<Aggregation> {
    read(&event(value), &names(gs1), &default_patterns())
}

fn refusal(value: Value, gs1: bool) -> (ErrorCode, String) {
    let error = read_with(value.clone(), gs1).err().unwrap_or_else(|| panic!("{value} is refused"));
    let field = error.details.as_ref().and_then(|d| d["fields"][0]["field"].as_str().or(d["field"].as_str()));
    (error.code, field.unwrap_or_default().to_owned())
}

#[test]
fn a_packing_event_names_our_bags_in_either_form() {
    let site =
        read_with(packing("https://seeds.example.in/bag/sb00017", &["https://seeds.example.in/bag/0042"]), false)
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((site.event_id.as_str(), site.packing, site.parent.as_str()), ("urn:uuid:1", Packing::Pack, "SB00017"));
    assert_eq!(site.children.iter().map(ChildQr::as_str).collect::<Vec<_>>(), ["0042"]);

    let linked = read_with(
        packing(
            "https://id.gs1.org/01/10614141073464/21/SB00017",
            &["https://id.gs1.org/01/00614141073467/21/0042", "https://seeds.example.in/bag/0043"],
        ),
        true,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(linked.parent.as_str(), "SB00017");
    assert_eq!(linked.children.iter().map(ChildQr::as_str).collect::<Vec<_>>(), ["0042", "0043"]);

    let mut unpack = packing("https://seeds.example.in/bag/SB00017", &["https://seeds.example.in/bag/0042"; 3]);
    unpack["action"] = json!("DELETE");
    let unpack = read_with(unpack, false).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((unpack.packing, unpack.children.len()), (Packing::Unpack, 1), "each child once");
}

#[test]
fn what_is_not_a_packing_event_of_ours_is_refused_by_field() {
    let good = packing("https://seeds.example.in/bag/SB00017", &["https://seeds.example.in/bag/0042"]);
    let with = |key: &str, value: Value| {
        let mut event = good.clone();
        event[key] = value;
        event
    };
    let without = |key: &str| {
        let mut event = good.clone();
        event.as_object_mut().map(|o| o.remove(key));
        event
    };
    let validation = ErrorCode::ValidationFailed;
    for (event, code, field) in [
        (with("type", json!("ObjectEvent")), validation, "type"),
        (with("action", json!("OBSERVE")), validation, "action"),
        (without("action"), validation, "action"),
        (without("eventID"), validation, "eventID"),
        (with("eventID", json!("not a uri")), validation, "eventID"),
        (with("eventID", json!("urn:uuid:\u{0}1")), validation, "eventID"),
        (without("parentID"), validation, "parentID"),
        (without("childEPCs"), validation, "childEPCs"),
        (with("childEPCs", json!([])), validation, "childEPCs"),
        (with("parentID", json!("urn:epc:id:sscc:0614141.1234567890")), ErrorCode::InvalidQr, "parentID"),
        (with("childEPCs", json!(["https://other.example/bag/0042"])), ErrorCode::InvalidQr, "childEPCs"),
        (with("parentID", json!("https://seeds.example.in/bag/SB0\u{0}0017")), ErrorCode::InvalidQr, "parentID"),
        (with("parentID", json!("https://seeds.example.in/bag/SB 00017")), ErrorCode::InvalidQr, "parentID"),
        (with("parentID", json!("https://seeds.example.in/bag/XX1")), ErrorCode::InvalidQr, ""),
        (with("childEPCs", json!(["https://seeds.example.in/bag/SB00018"])), ErrorCode::WrongKind, ""),
        (with("childEPCs", json!(["https://seeds.example.in/bag/%00"])), ErrorCode::InvalidQr, "childEPCs"),
    ] {
        assert_eq!(refusal(event.clone(), false), (code, field.to_owned()), "{event}");
    }
}

#[test]
fn digital_links_name_a_parent_at_case_level_and_children_at_unit_level_of_its_type() {
    let case = "https://id.gs1.org/01/10614141073464/21/SB00017";
    let unit = "https://id.gs1.org/01/00614141073467/21/0042";
    let unit_parent = packing("https://id.gs1.org/01/00614141073467/21/SB00017", &[unit]);
    assert_eq!(refusal(unit_parent, true).0, ErrorCode::WrongKind, "a unit-level parent");
    let child_at_case = packing(case, &["https://id.gs1.org/01/10614141073464/21/0042"]);
    assert_eq!(refusal(child_at_case, true).0, ErrorCode::WrongKind);
    // Mustard's GTIN on a moong parent (M444-…).
    let moong = packing("https://id.gs1.org/01/10614141073464/21/M444-00001", &[unit]);
    assert_eq!(refusal(moong, true), (ErrorCode::ValidationFailed, "parentID".to_owned()));
    let moong_children = packing("https://seeds.example.in/bag/M444-00001", &[unit]);
    assert_eq!(refusal(moong_children, true), (ErrorCode::ValidationFailed, "childEPCs".to_owned()));
    // Without the numbering, a Digital Link is no name of ours.
    assert_eq!(refusal(packing(case, &[unit]), false).0, ErrorCode::InvalidQr);
}

#[test]
fn a_document_out_of_its_schema_is_refused_whole() {
    assert!(document(json!([packing("https://seeds.example.in/bag/SB00017", &[])])).is_ok());
    for events in [
        json!("not a list"),
        json!([1]),
        json!([{"eventID": "urn:uuid:1"}]),
        json!([{"type": "AggregationEvent", "eventID": null}]),
        json!([{"type": "AggregationEvent", "childEPCs": "https://seeds.example.in/bag/0042"}]),
        json!([{"type": "AggregationEvent", "childEPCs": [42]}]),
    ] {
        assert!(document(events.clone()).is_err(), "{events}");
    }
    let wrong_type: Result<CaptureDocument, _> =
        serde_json::from_value(json!({"type": "EPCISQueryDocument", "epcisBody": {"eventList": []}}));
    assert!(wrong_type.is_err());

    let checked = |events: Value| document(events).map(|d| d.check().err().map(|e| e.0[0].field.clone()));
    let many: Vec<Value> = (0..=MAX_EVENTS).map(|_| json!({"type": "AggregationEvent"})).collect();
    assert_eq!(checked(json!(many)).ok().flatten().as_deref(), Some("epcisBody.eventList"));
    let long_id = json!([{"type": "AggregationEvent"}, {"type": "AggregationEvent", "eventID": "u".repeat(501)}]);
    assert_eq!(checked(long_id).ok().flatten().as_deref(), Some("epcisBody.eventList[1].eventID"));
    assert_eq!(checked(json!([{"type": ""}])).ok().flatten().as_deref(), Some("epcisBody.eventList[0].type"));
    let children = vec!["https://seeds.example.in/bag/0042"; MAX_CHILDREN + 1];
    let crowded = json!([{"type": "AggregationEvent", "childEPCs": children}]);
    assert_eq!(checked(crowded).ok().flatten().as_deref(), Some("epcisBody.eventList[0].childEPCs"));
    assert_eq!(checked(json!([{"type": "ObjectEvent", "action": "OBSERVE"}])).ok().flatten(), None, "judged per event");
}
