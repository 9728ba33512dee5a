use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::*;

fn base() -> BaseUri {
    BaseUri::parse("https://seeds.example.in").unwrap_or_default()
}

/// Bags under the site's domain alone (no GS1 numbering).
fn names() -> Names {
    Names::new(base(), None)
}

fn event(row: &EpcisRow, names: &Names, zone: SiteZone) -> Option<EpcisEvent> {
    super::event(row, names, &ParentTypes::new(), zone)
}

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T09:14:03.512Z").map(|at| at.to_utc()).unwrap_or_default()
}

fn row(kind: &str) -> EpcisRow {
    EpcisRow {
        id: 4711,
        kind: kind.to_owned(),
        occurred_at: at(),
        area: Some("lucknow".to_owned()),
        bag_qr: None,
        parent_qr: None,
        bill_code: None,
        return_code: None,
        details: json!({}),
        closed_parent: None,
        members: None,
    }
}

fn written(row: &EpcisRow) -> Value {
    event(row, &names(), SiteZone::default()).map(|e| serde_json::to_value(e).unwrap_or_default()).unwrap_or_default()
}

fn link(kind: &str, closed: bool) -> EpcisRow {
    EpcisRow {
        bag_qr: Some("0042".to_owned()),
        parent_qr: Some("SB00017".to_owned()),
        closed_parent: Some(closed),
        ..row(kind)
    }
}

#[test]
fn a_link_is_an_aggregation_in_the_sites_time_zone() {
    let event = written(&link("child_linked", false));
    assert_eq!(
        event,
        json!({
            "type": "AggregationEvent",
            "eventTime": "2026-11-28T14:44:03.512+05:30",
            "eventTimeZoneOffset": "+05:30",
            "recordTime": "2026-11-28T14:44:03.512+05:30",
            "eventID": base().event_id(4711),
            "action": "ADD",
            "parentID": "https://seeds.example.in/bag/SB00017",
            "childEPCs": ["https://seeds.example.in/bag/0042"],
            "bizStep": "packing",
            "disposition": "in_progress",
            "readPoint": {"id": "https://seeds.example.in/area/lucknow"},
            "bizLocation": {"id": "https://seeds.example.in/area/lucknow"},
        })
    );
    assert_eq!(written(&link("child_linked", true))["disposition"], "container_closed");
    let berlin = SiteZone::parse("Europe/Berlin").unwrap_or_default();
    let winter = self::event(&link("child_linked", false), &names(), berlin).map(|e| e.event_time_zone_offset);
    assert_eq!(winter.as_deref(), Some("+01:00"));
}

#[test]
fn an_unlink_or_undo_takes_the_child_out() {
    let event = written(&EpcisRow { details: json!({"reason": "undo"}), ..link("child_unlinked", true) });
    assert_eq!(
        (&event["type"], &event["action"], &event["bizStep"]),
        (&json!("AggregationEvent"), &json!("DELETE"), &json!("unpacking"))
    );
    assert_eq!(event["disposition"], "in_progress", "an unlink never closes a parent");
    assert_eq!(event["childEPCs"], json!(["https://seeds.example.in/bag/0042"]));
}

#[test]
fn a_completion_names_the_children_held_or_observes_the_parent_alone() {
    let completed = EpcisRow {
        parent_qr: Some("SB00017".to_owned()),
        bag_qr: Some("SB00017".to_owned()),
        members: Some(vec!["0041".to_owned(), "0042".to_owned()]),
        ..row("parent_completed")
    };
    let event = written(&completed);
    assert_eq!((&event["type"], &event["action"]), (&json!("AggregationEvent"), &json!("OBSERVE")));
    assert_eq!(event["parentID"], "https://seeds.example.in/bag/SB00017");
    assert_eq!(event["childEPCs"].as_array().map(Vec::len), Some(2));
    assert_eq!((&event["bizStep"], &event["disposition"]), (&json!("packing"), &json!("container_closed")));

    let imported = written(&EpcisRow { members: Some(vec![]), ..completed });
    assert_eq!(imported["type"], "ObjectEvent");
    assert_eq!(imported["epcList"], json!(["https://seeds.example.in/bag/SB00017"]));
    assert!(imported.get("childEPCs").is_none() && imported.get("parentID").is_none());
}

#[test]
fn loading_a_bill_is_a_transaction_of_its_despatch_advice() {
    let added = EpcisRow {
        parent_qr: Some("SB00017".to_owned()),
        bag_qr: Some("SB00017".to_owned()),
        bill_code: Some("B/2026/7".to_owned()),
        ..row("bill_parent_added")
    };
    let event = written(&added);
    assert_eq!(
        (&event["type"], &event["action"], &event["bizStep"]),
        (&json!("TransactionEvent"), &json!("ADD"), &json!("loading"))
    );
    assert_eq!(event["epcList"], json!(["https://seeds.example.in/bag/SB00017"]));
    assert_eq!(
        event["bizTransactionList"],
        json!([{"type": "desadv", "bizTransaction": "https://seeds.example.in/bill/B%2F2026%2F7"}])
    );
    assert!(event.get("disposition").is_none());

    let returned = written(&EpcisRow {
        kind: "bill_parent_removed".to_owned(),
        details: json!({"reason": "return", "return_code": "RTN-20261128-AB12"}),
        ..added
    });
    assert_eq!((&returned["action"], &returned["bizStep"]), (&json!("DELETE"), &json!("unloading")));
    assert_eq!(
        returned["bizTransactionList"][1],
        json!({"type": "rma", "bizTransaction": "https://seeds.example.in/return/RTN-20261128-AB12"})
    );
}

#[test]
fn a_completed_bill_ships_its_parents_even_none() {
    let shipped = EpcisRow {
        area: None,
        bill_code: Some("B-1".to_owned()),
        members: Some(vec!["SB00001".to_owned(), "SB00002".to_owned()]),
        ..row("bill_completed")
    };
    let event = written(&shipped);
    assert_eq!((&event["type"], &event["action"]), (&json!("ObjectEvent"), &json!("OBSERVE")));
    assert_eq!((&event["bizStep"], &event["disposition"]), (&json!("shipping"), &json!("in_transit")));
    assert_eq!(event["epcList"].as_array().map(Vec::len), Some(2));
    assert!(event.get("readPoint").is_none(), "a bill has no area");
    let empty = written(&EpcisRow { members: Some(vec![]), ..shipped });
    assert_eq!(empty["epcList"], json!([]), "an object event states its (empty) list");
}

#[test]
fn returns_are_received_back() {
    let scanned = EpcisRow {
        parent_qr: Some("SB00001".to_owned()),
        return_code: Some("RTN-20261128-AB12".to_owned()),
        details: json!({"original_bill": "B-1", "child_count": 3}),
        ..row("return_parent_added")
    };
    let event = written(&scanned);
    assert_eq!((&event["bizStep"], &event["disposition"]), (&json!("receiving"), &json!("returned")));
    let transactions = event["bizTransactionList"].as_array().cloned().unwrap_or_default();
    assert_eq!(transactions.iter().map(|t| t["type"].clone()).collect::<Vec<_>>(), [json!("rma"), json!("desadv")]);

    let finalized = written(&EpcisRow { members: Some(vec!["SB00001".to_owned()]), ..row("return_finalized") });
    assert_eq!(finalized, Value::Null, "a finalized return without its code is no event");
    let finalized = written(&EpcisRow {
        return_code: Some("RTN-20261128-AB12".to_owned()),
        members: Some(vec!["SB00001".to_owned()]),
        ..row("return_finalized")
    });
    assert_eq!(finalized["epcList"], json!(["https://seeds.example.in/bag/SB00001"]));
}

#[test]
fn other_kinds_and_incomplete_rows_are_no_events() {
    for kind in ["parent_created", "child_created", "parent_reopened", "bill_created", "bags_imported", "bag_deleted"] {
        assert!(event(&link(kind, false), &names(), SiteZone::default()).is_none(), "{kind}");
    }
    let orphan = EpcisRow { parent_qr: None, ..link("child_linked", false) };
    assert!(event(&orphan, &names(), SiteZone::default()).is_none());
}

#[test]
fn every_mapped_kind_is_a_kind_of_the_history() {
    for mapping in MAPPINGS {
        assert!(storage::event::KINDS.contains(&mapping.kind), "{}", mapping.kind);
        assert!(CBV_BIZ_STEPS.contains(&mapping.biz_step.as_str()), "{}", mapping.kind);
    }
}

#[test]
fn numbered_bags_are_gs1_digital_links_by_the_type_of_their_parent() {
    let names = Names::new(base(), domain::gs1::Numbering::parse("0614141", "mustard=07346").ok());
    let types: ParentTypes = [("SB00017", "mustard"), ("SB00001", "mustard"), ("M444-00001", "moong")]
        .into_iter()
        .map(|(qr, parent_type)| (qr.to_owned(), parent_type.to_owned()))
        .collect();
    let written = |row: &EpcisRow| {
        let event = super::event(row, &names, &types, SiteZone::default());
        event.map(|e| serde_json::to_value(e).unwrap_or_default()).unwrap_or_default()
    };
    let linked = written(&link("child_linked", false));
    assert_eq!(linked["parentID"], "https://id.gs1.org/01/10614141073464/21/SB00017");
    assert_eq!(linked["childEPCs"], json!(["https://id.gs1.org/01/00614141073467/21/0042"]));
    assert_eq!(linked["readPoint"]["id"], "https://seeds.example.in/area/lucknow", "areas stay the site's");

    let moong = written(&EpcisRow { parent_qr: Some("M444-00001".to_owned()), ..link("child_linked", false) });
    assert_eq!(moong["parentID"], "https://seeds.example.in/bag/M444-00001", "a type without an item reference");
    assert_eq!(moong["childEPCs"], json!(["https://seeds.example.in/bag/0042"]));
    let gone = written(&EpcisRow { parent_qr: Some("SB00099".to_owned()), ..link("child_linked", false) });
    assert_eq!(gone["parentID"], "https://seeds.example.in/bag/SB00099", "a parent deleted since");

    let shipped = written(&EpcisRow {
        bill_code: Some("B-1".to_owned()),
        members: Some(vec!["M444-00001".to_owned(), "SB00001".to_owned()]),
        ..row("bill_completed")
    });
    let expected =
        json!(["https://seeds.example.in/bag/M444-00001", "https://id.gs1.org/01/10614141073464/21/SB00001"]);
    assert_eq!(shipped["epcList"], expected, "each parent by its own type");
    let completed = written(&EpcisRow {
        parent_qr: Some("SB00017".to_owned()),
        members: Some(vec!["0041".to_owned()]),
        ..row("parent_completed")
    });
    assert_eq!(completed["childEPCs"], json!(["https://id.gs1.org/01/00614141073467/21/0041"]));
}

#[test]
fn the_parents_that_name_a_page_are_each_rows_parent_and_those_shipped_or_returned() {
    let rows = [
        link("child_linked", false),
        EpcisRow {
            members: Some(vec!["0041".to_owned()]),
            parent_qr: Some("SB00017".to_owned()),
            ..row("parent_completed")
        },
        EpcisRow { members: Some(vec!["SB00002".to_owned(), "SB00001".to_owned()]), ..row("bill_completed") },
    ];
    assert_eq!(parents_named(&rows), ["SB00001", "SB00002", "SB00017"]);
}
