//! The GS1 EPCIS 2.0 read-out: every mapped kind, produced through the API, validated against
//! GS1's JSON Schema (offline); paging, filters, stable ids, area isolation, bad parameters, and
//! a local day as one streamed document.

use std::collections::{BTreeSet, HashSet};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestOptions, assert_problem, spawn_app, spawn_app_with};

const SITE: &str = "https://seeds.example.in";
const BILL: &str = "B/26/1";

/// GS1's reference files, copied unchanged into `tests/fixtures/epcis` so a clean clone tests
/// offline (`EPCIS_REFERENCE_DIR` overrides where they are read from).
pub(crate) fn reference(file: &str) -> Value {
    let dir = std::env::var("EPCIS_REFERENCE_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/epcis").to_owned());
    let path = format!("{dir}/{file}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("GS1's {file} at {path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// GS1's schema, formats asserted; built without any resolver, so nothing is fetched.
pub(crate) fn schema() -> jsonschema::Validator {
    jsonschema::draft7::options().should_validate_formats(true).build(&reference("EPCIS-JSON-Schema.json")).unwrap()
}

pub(crate) fn errors(validator: &jsonschema::Validator, document: &Value) -> Vec<String> {
    validator.iter_errors(document).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// A parent type that two children fill, so a link can close its parent.
pub(crate) async fn small_parent_type(app: &TestApp, admin: &str) {
    let body = json!({"code": "tiny", "name": "Tiny", "qr_pattern": r"TN\d{3}", "max_children": 2,
        "expected_weight_kg": 2});
    assert_eq!(app.post("/api/v1/parent-types", admin, body).await.status(), StatusCode::CREATED);
}

async fn ok(response: reqwest::Response, what: &str) -> Value {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert!(status.is_success(), "{what}: {status} {body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

/// One event of every mapped kind (lucknow), and one link in indore:
/// links CH0001–3 into SB00001, unlink CH0003, link and undo CH0004, complete SB00001; TN001 filled
/// by CH0011–12 (the second link closes it); bill B/26/1 loaded with both (TN001 removed and loaded
/// again) and completed; SB00001 returned on a finalized ticket; CH0021 into SB00002 in indore.
async fn history(app: &TestApp, admin: &str) {
    small_parent_type(app, admin).await;
    ok(app.scan_parent(admin, "SB00001", Some("lucknow")).await, "SB00001").await;
    for child in ["CH0001", "CH0002", "CH0003"] {
        ok(app.scan_child(admin, "SB00001", child).await, child).await;
    }
    let unlink = app.request(Method::DELETE, "/api/v1/parents/SB00001/children/CH0003", Some(admin), None).await;
    ok(unlink, "unlink").await;
    ok(app.scan_child(admin, "SB00001", "CH0004").await, "CH0004").await;
    ok(app.request(Method::POST, "/api/v1/parents/SB00001/undo", Some(admin), None).await, "undo").await;
    ok(app.post("/api/v1/parents/SB00001/complete", admin, json!({})).await, "complete").await;
    ok(app.scan_parent(admin, "TN001", Some("lucknow")).await, "TN001").await;
    for child in ["CH0011", "CH0012"] {
        ok(app.scan_child(admin, "TN001", child).await, child).await;
    }
    let bill = BILL.replace('/', "%2F");
    ok(app.post("/api/v1/bills", admin, json!({"bill_id": BILL, "capacity": 2})).await, "bill").await;
    for qr in ["SB00001", "TN001"] {
        ok(app.post(&format!("/api/v1/bills/{bill}/parents"), admin, json!({"qr": qr})).await, qr).await;
    }
    let path = format!("/api/v1/bills/{bill}/parents/TN001");
    ok(app.request(Method::DELETE, &path, Some(admin), None).await, "remove TN001").await;
    ok(app.post(&format!("/api/v1/bills/{bill}/parents"), admin, json!({"qr": "TN001"})).await, "TN001 again").await;
    ok(app.post(&format!("/api/v1/bills/{bill}/complete"), admin, json!({})).await, "ship").await;
    let ticket = ok(app.post("/api/v1/returns", admin, json!({"area": "lucknow"})).await, "ticket").await;
    let code = ticket["code"].as_str().unwrap();
    ok(app.post(&format!("/api/v1/returns/{code}/parents"), admin, json!({"qr": "SB00001"})).await, "return").await;
    ok(app.post(&format!("/api/v1/returns/{code}/finalize"), admin, json!({})).await, "finalize").await;
    ok(app.scan_parent(admin, "SB00002", Some("indore")).await, "SB00002").await;
    ok(app.scan_child(admin, "SB00002", "CH0021").await, "CH0021").await;
}

/// `GET /epcis/events` with `query`: the status, the `Link` header and the body.
async fn query(app: &TestApp, token: &str, query: &[(&str, &str)]) -> (StatusCode, Option<String>, Value) {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    serializer.extend_pairs(query);
    let response = app.get(&format!("/api/v1/epcis/events?{}", serializer.finish()), token).await;
    let link = response.headers().get("link").map(|l| l.to_str().unwrap().to_owned());
    (response.status(), link, response.json().await.unwrap_or(Value::Null))
}

async fn events(app: &TestApp, token: &str, parameters: &[(&str, &str)]) -> Vec<Value> {
    let (status, link, document) = query(app, token, parameters).await;
    assert_eq!(status, StatusCode::OK, "{parameters:?}: {document}");
    assert_eq!(link, None, "one page");
    document["epcisBody"]["queryResults"]["resultsBody"]["eventList"].as_array().unwrap().clone()
}

/// `(type, action, bizStep)` of each event.
fn shapes(events: &[Value]) -> Vec<(String, String, String)> {
    let text = |e: &Value, key: &str| e[key].as_str().unwrap_or_default().to_owned();
    events.iter().map(|e| (text(e, "type"), text(e, "action"), text(e, "bizStep"))).collect()
}

fn bag(qr: &str) -> String {
    format!("{SITE}/bag/{qr}")
}

fn with_site(settings: &mut tracetrack_server::Settings) {
    settings.epcis_base_uri = api::epcis::BaseUri::parse(SITE).unwrap();
}

#[tokio::test]
async fn every_mapped_kind_is_a_valid_epcis_event_of_gs1s_schema() {
    let app = spawn_app_with(TestOptions { configure: with_site, ..TestOptions::default() }).await;
    let admin = app.admin_token().await;
    history(&app, &admin).await;

    let response = app.get("/api/v1/epcis/events?perPage=1000", &admin).await;
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(header("content-type").as_deref(), Some("application/ld+json"));
    assert_eq!(header("gs1-epcis-version").as_deref(), Some("2.0.0"));
    let document: Value = response.json().await.unwrap();
    let validator = schema();
    assert_eq!(errors(&validator, &document), Vec::<String>::new(), "{document:#}");
    assert_eq!(document["type"], "EPCISQueryDocument");
    assert_eq!(document["@context"], "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
    assert_eq!(document["schemaVersion"], "2.0");
    assert_eq!(document["epcisBody"]["queryResults"]["queryName"], "SimpleEventQuery");
    let list = document["epcisBody"]["queryResults"]["resultsBody"]["eventList"].as_array().unwrap();

    let agg = |action: &str, step: &str| ("AggregationEvent".to_owned(), action.to_owned(), step.to_owned());
    let other = |kind: &str, action: &str, step: &str| (kind.to_owned(), action.to_owned(), step.to_owned());
    let mut expected = vec![agg("ADD", "packing"); 3];
    expected.extend([agg("DELETE", "unpacking"), agg("ADD", "packing"), agg("DELETE", "unpacking")]);
    expected.extend([
        agg("OBSERVE", "packing"),
        agg("ADD", "packing"),
        agg("ADD", "packing"),
        agg("OBSERVE", "packing"),
    ]);
    let (add, remove) = (other("TransactionEvent", "ADD", "loading"), other("TransactionEvent", "DELETE", "unloading"));
    expected.extend([add.clone(), add.clone(), remove.clone(), add, other("ObjectEvent", "OBSERVE", "shipping")]);
    expected.extend([
        remove,
        other("ObjectEvent", "OBSERVE", "receiving"),
        other("ObjectEvent", "OBSERVE", "receiving"),
    ]);
    expected.push(agg("ADD", "packing"));
    assert_eq!(shapes(list), expected);

    // Each event alone, with its context, is valid as a top-level event too.
    for event in list {
        let mut alone = event.clone();
        alone["@context"] = json!("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
        assert_eq!(errors(&validator, &alone), Vec::<String>::new(), "{event:#}");
        assert_eq!(event["eventTimeZoneOffset"], "+05:30");
        assert!(event["eventTime"].as_str().unwrap().ends_with("+05:30"), "{event}");
        assert!(event["eventID"].as_str().unwrap().starts_with("urn:uuid:"), "{event}");
    }
    let lucknow = json!({"id": format!("{SITE}/area/lucknow")});
    assert_eq!((&list[0]["readPoint"], &list[0]["bizLocation"]), (&lucknow, &lucknow));
    assert_eq!((&list[0]["parentID"], &list[0]["childEPCs"]), (&json!(bag("SB00001")), &json!([bag("CH0001")])));
    assert_eq!(list[0]["disposition"], "in_progress");
    assert_eq!(list[6]["childEPCs"], json!([bag("CH0001"), bag("CH0002")]), "what SB00001 held when completed");
    assert_eq!(list[8]["disposition"], "container_closed", "the link that filled TN001");
    assert_eq!(
        (&list[9]["parentID"], &list[9]["childEPCs"]),
        (&json!(bag("TN001")), &json!([bag("CH0011"), bag("CH0012")]))
    );
    let desadv = json!({"type": "desadv", "bizTransaction": format!("{SITE}/bill/B%2F26%2F1")});
    assert_eq!((&list[10]["epcList"], &list[10]["bizTransactionList"]), (&json!([bag("SB00001")]), &json!([desadv])));
    assert_eq!(list[14]["epcList"], json!([bag("SB00001"), bag("TN001")]), "the parents shipped");
    assert_eq!((&list[14]["disposition"], list[14].get("readPoint")), (&json!("in_transit"), None));
    assert_eq!(list[15]["bizTransactionList"][1]["type"], "rma", "taken off the bill by the return");
    assert_eq!((&list[16]["disposition"], &list[17]["epcList"]), (&json!("returned"), &json!([bag("SB00001")])));
    assert_eq!(list[18]["readPoint"]["id"], format!("{SITE}/area/indore"));

    // The same keys as GS1's own examples write (recordTime is EPCIS's too).
    let mut gs1_keys: BTreeSet<String> = BTreeSet::from(["recordTime".to_owned()]);
    for (file, pointer) in [
        ("Example_9.6.3-AggregationEvent.jsonld", "/epcisBody/eventList"),
        ("Example-TransactionEvents.jsonld", "/epcisBody/eventList"),
        ("EPCISQueryDocument.jsonld", "/epcisBody/queryResults/resultsBody/eventList"),
    ] {
        let example = reference(file);
        assert_eq!(errors(&validator, &example), Vec::<String>::new(), "GS1's {file} is valid to this validator");
        for event in example.pointer(pointer).unwrap().as_array().unwrap() {
            gs1_keys.extend(event.as_object().unwrap().keys().cloned());
        }
    }
    let ours: BTreeSet<String> = list.iter().flat_map(|e| e.as_object().unwrap().keys().cloned()).collect();
    assert!(ours.is_subset(&gs1_keys), "keys GS1's examples lack: {:?}", ours.difference(&gs1_keys));

    // The validator asserts vocabularies and formats: CBV has no `completed`, a QR is no URI.
    let mut wrong = list[6].clone();
    wrong["disposition"] = json!("completed");
    let mut relative = list[0].clone();
    relative["parentID"] = json!("SB00001");
    for bad in [wrong, relative] {
        let document = json!({"@context": document["@context"], "type": "EPCISDocument", "schemaVersion": "2.0",
            "creationDate": document["creationDate"], "epcisBody": {"eventList": [bad]}});
        assert!(!errors(&validator, &document).is_empty(), "{bad}");
    }
}

#[tokio::test]
async fn pages_hold_every_event_once_and_ids_stand_across_reads() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    history(&app, &admin).await;
    let all = events(&app, &admin, &[("perPage", "1000")]).await;
    assert_eq!(all.len(), 19);

    let mut paged = Vec::new();
    let mut next = Some("/api/v1/epcis/events?perPage=4".to_owned());
    while let Some(path) = next.take() {
        let response = app.get(&path, &admin).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        next = response.headers().get("link").map(|link| {
            let link = link.to_str().unwrap();
            let target = link.strip_prefix('<').and_then(|l| l.strip_suffix(">; rel=\"next\"")).unwrap();
            assert!(target.starts_with("/api/v1/epcis/events?perPage=4&nextPageToken="), "{link}");
            target.to_owned()
        });
        let page: Value = response.json().await.unwrap();
        let list = page["epcisBody"]["queryResults"]["resultsBody"]["eventList"].as_array().unwrap();
        assert!(list.len() == 4 || next.is_none(), "a short page is the last");
        paged.extend(list.iter().cloned());
    }
    let ids = |events: &[Value]| events.iter().map(|e| e["eventID"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert_eq!(ids(&paged), ids(&all), "every event once, in order");
    assert_eq!(ids(&all).into_iter().collect::<HashSet<_>>().len(), 19, "ids are unique");
    assert_eq!(events(&app, &admin, &[("perPage", "1000")]).await, all, "a second read is the same");
}

#[tokio::test]
async fn each_filter_narrows_the_events() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    history(&app, &admin).await;
    let count = |parameters: Vec<(&'static str, String)>| {
        let (app, admin) = (&app, &admin);
        async move {
            let parameters: Vec<(&str, &str)> = parameters.iter().map(|(k, v)| (*k, v.as_str())).collect();
            shapes(&events(app, admin, &parameters).await).len()
        }
    };
    let site = "https://tracetrack.invalid";
    assert_eq!(count(vec![("eventType", "AggregationEvent".into())]).await, 11);
    assert_eq!(count(vec![("eventType", "ObjectEvent|TransactionEvent".into())]).await, 8);
    assert_eq!(count(vec![("eventType", "AssociationEvent".into())]).await, 0);
    assert_eq!(count(vec![("EQ_bizStep", "unpacking".into())]).await, 2);
    assert_eq!(count(vec![("EQ_bizStep", "https://ref.gs1.org/cbv/BizStep-shipping|receiving".into())]).await, 3);
    assert_eq!(count(vec![("EQ_bizLocation", format!("{site}/area/indore"))]).await, 1);
    assert_eq!(count(vec![("EQ_bizLocation", "urn:epc:id:sgln:0614141.00777.0".into())]).await, 0);
    // Links, unlinks and completion of SB00001.
    assert_eq!(count(vec![("MATCH_parentID", format!("{site}/bag/sb00001"))]).await, 7);
    // CH0001: its link and the completion of the parent that held it; TN001: loaded twice, removed, shipped.
    assert_eq!(count(vec![("MATCH_epc", format!("{site}/bag/CH0001"))]).await, 2);
    assert_eq!(count(vec![("MATCH_epc", format!("{site}/bag/CH0003"))]).await, 2, "unlinked before completion");
    assert_eq!(count(vec![("MATCH_epc", format!("{site}/bag/TN001"))]).await, 4);
    // SB00001 as an EPC: loaded, shipped, taken off by the return, returned, finalized.
    assert_eq!(count(vec![("MATCH_epc", format!("{site}/bag/SB00001"))]).await, 5);
    assert_eq!(count(vec![("MATCH_anyEPC", format!("{site}/bag/SB00001"))]).await, 12);
    assert_eq!(count(vec![("MATCH_epc", format!("{site}/bag/CH0001|{site}/bag/CH0021"))]).await, 3);

    let all = events(&app, &admin, &[]).await;
    let time = |i: usize| all[i]["eventTime"].as_str().unwrap().to_owned();
    let (from, to) = (time(14), time(17));
    let shipped_and_returned = events(&app, &admin, &[("GE_eventTime", &from), ("LT_eventTime", &to)]).await;
    assert_eq!(shipped_and_returned, all[14..17], "from {from} to {to}");
    let (_, link, _) =
        query(&app, &admin, &[("GE_eventTime", &from), ("EQ_bizStep", "receiving"), ("perPage", "1")]).await;
    assert!(link.unwrap().contains("EQ_bizStep=receiving"), "the next page keeps the filters");
}

#[tokio::test]
async fn a_dispatcher_sees_only_their_own_areas_events() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    history(&app, &admin).await;
    let indore = app.user_token("indu", "dispatcher", Some("indore")).await;
    let lucknow = app.user_token("lata", "dispatcher", Some("lucknow")).await;
    let seen = events(&app, &indore, &[]).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0]["childEPCs"], json!(["https://tracetrack.invalid/bag/CH0021"]));
    let lucknow_area = [("EQ_bizLocation", "https://tracetrack.invalid/area/lucknow")];
    assert!(events(&app, &indore, &lucknow_area).await.is_empty(), "asking for another area shows nothing");
    let theirs = events(&app, &lucknow, &[]).await;
    assert_eq!(theirs.len(), 17, "lucknow's events; the bill's completion has no area");
    assert!(theirs.iter().all(|e| e["readPoint"]["id"] == "https://tracetrack.invalid/area/lucknow"));
    let today = seen[0]["eventTime"].as_str().unwrap()[..10].to_owned();
    let response = app.get(&format!("/api/v1/epcis/days/{today}"), &indore).await;
    let day: Value = response.json().await.unwrap();
    assert_eq!(day["epcisBody"]["eventList"], json!(seen));
}

#[tokio::test]
async fn bad_parameters_are_refused_by_name() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for (parameters, field) in [
        (vec![("limit", "5")], "limit"),
        (vec![("perPage", "0")], "perPage"),
        (vec![("perPage", "1001")], "perPage"),
        (vec![("nextPageToken", "x1")], "nextPageToken"),
        (vec![("GE_eventTime", "yesterday")], "GE_eventTime"),
        (vec![("eventType", "Event")], "eventType"),
        (vec![("EQ_bizStep", "weighing")], "EQ_bizStep"),
        (vec![("MATCH_epc", "SB00001")], "MATCH_epc"),
        (
            vec![("MATCH_parentID", "https://a.example/bag/1"), ("MATCH_parentID", "https://a.example/bag/2")],
            "MATCH_parentID",
        ),
    ] {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        serializer.extend_pairs(&parameters);
        let response = app.get(&format!("/api/v1/epcis/events?{}", serializer.finish()), &admin).await;
        let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(problem["details"]["fields"][0]["field"], field, "{parameters:?}");
    }
    for day in ["2026-02-30", "28-11-2026", "9999-12-31"] {
        let response = app.get(&format!("/api/v1/epcis/days/{day}"), &admin).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    for path in ["/api/v1/epcis/events", "/api/v1/epcis/days/2026-11-28"] {
        let response = app.request(Method::GET, path, None, None).await;
        assert_problem(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
}

#[tokio::test]
async fn a_local_day_is_one_streamed_epcis_document() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    history(&app, &admin).await;
    let all = events(&app, &admin, &[]).await;
    let today = all[0]["eventTime"].as_str().unwrap()[..10].to_owned();

    let response = app.get(&format!("/api/v1/epcis/days/{today}"), &admin).await;
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(header("content-type").as_deref(), Some("application/ld+json"));
    let disposition = format!("attachment; filename=\"epcis-{today}.jsonld\"");
    assert_eq!(header("content-disposition"), Some(disposition));
    let document: Value = response.json().await.unwrap();
    assert_eq!(errors(&schema(), &document), Vec::<String>::new(), "{document:#}");
    assert_eq!(document["type"], "EPCISDocument");
    let on_the_day: Vec<&Value> = all.iter().filter(|e| e["eventTime"].as_str().unwrap().starts_with(&today)).collect();
    assert_eq!(document["epcisBody"]["eventList"], json!(on_the_day));

    let response = app.get("/api/v1/epcis/days/2001-01-01", &admin).await;
    let empty: Value = response.json().await.unwrap();
    assert_eq!(errors(&schema(), &empty), Vec::<String>::new());
    assert_eq!(empty["epcisBody"]["eventList"], json!([]));
}

/// GS1's example company prefix (its EPCIS examples' SGTIN 0614141.107346): mustard is item
/// reference 07346, moong has none.
fn with_gs1(settings: &mut tracetrack_server::Settings) {
    with_site(settings);
    settings.gs1_numbering = Some(domain::gs1::Numbering::parse("0614141", "mustard=07346").unwrap());
}

/// A GTIN-14 from its first 13 digits, computed here, apart from the server's own code.
fn gtin(body: &str) -> String {
    let sum: u32 = body.chars().rev().enumerate().map(|(i, d)| d.to_digit(10).unwrap() * [3, 1][i % 2]).sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

fn digital_link(body: &str, qr: &str) -> String {
    format!("https://id.gs1.org/01/{}/21/{qr}", gtin(body))
}

#[tokio::test]
async fn numbered_bags_are_gs1_digital_links_that_validate_and_match() {
    let app = spawn_app_with(TestOptions { configure: with_gs1, ..TestOptions::default() }).await;
    let admin = app.admin_token().await;
    ok(app.scan_parent(&admin, "SB00001", Some("lucknow")).await, "SB00001").await;
    ok(app.scan_child(&admin, "SB00001", "CH0001").await, "CH0001").await;
    ok(app.scan_parent(&admin, "M444-00001", Some("lucknow")).await, "M444-00001").await;
    ok(app.scan_child(&admin, "M444-00001", "CH0002").await, "CH0002").await;

    let (status, _, document) = query(&app, &admin, &[("eventType", "AggregationEvent")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(errors(&schema(), &document), Vec::<String>::new(), "{document:#}");
    let list = document["epcisBody"]["queryResults"]["resultsBody"]["eventList"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    let (parent, child) = (digital_link("1061414107346", "SB00001"), digital_link("0061414107346", "CH0001"));
    assert_eq!(parent, "https://id.gs1.org/01/10614141073464/21/SB00001", "GS1's own GTIN of this item");
    assert_eq!((&list[0]["parentID"], &list[0]["childEPCs"]), (&json!(parent), &json!([child])));
    assert_eq!(list[0]["readPoint"]["id"], format!("{SITE}/area/lucknow"), "areas stay the site's");
    // Moong has no item reference: the site's own names, as before.
    assert_eq!((&list[1]["parentID"], &list[1]["childEPCs"]), (&json!(bag("M444-00001")), &json!([bag("CH0002")])));
    let mut alone = list[0].clone();
    alone["@context"] = document["@context"].clone();
    assert_eq!(errors(&schema(), &alone), Vec::<String>::new(), "{alone:#}");

    // Queries take the Digital Link form (and the site's form still names the same bag).
    let ids = |events: Vec<Value>| events.iter().map(|e| e["eventID"].clone()).collect::<Vec<_>>();
    let first = vec![list[0]["eventID"].clone()];
    assert_eq!(ids(events(&app, &admin, &[("MATCH_parentID", &parent)]).await), first);
    assert_eq!(ids(events(&app, &admin, &[("MATCH_epc", &child)]).await), first);
    assert_eq!(ids(events(&app, &admin, &[("MATCH_anyEPC", &parent)]).await), first);
    assert_eq!(ids(events(&app, &admin, &[("MATCH_epc", &bag("CH0001"))]).await), first);
    let miswritten = parent.replace("10614141073464", "10614141073465");
    assert!(events(&app, &admin, &[("MATCH_parentID", &miswritten)]).await.is_empty(), "a wrong check digit");

    // The day's document names them the same way.
    let today = list[0]["eventTime"].as_str().unwrap()[..10].to_owned();
    let day: Value = app.get(&format!("/api/v1/epcis/days/{today}"), &admin).await.json().await.unwrap();
    assert_eq!(errors(&schema(), &day), Vec::<String>::new());
    let linked = day["epcisBody"]["eventList"].as_array().unwrap().iter().find(|e| e["action"] == "ADD").cloned();
    assert_eq!(linked.map(|e| e["parentID"].clone()), Some(json!(parent)));
}
