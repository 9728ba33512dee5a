//! EPCIS capture: a partner's AggregationEvents pack and unpack our bags through the scanning
//! rules, once per eventID (also under concurrent identical posts), with per-event outcomes; and
//! hostile documents answer 4xx, never 500.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::epcis::{errors, schema, small_parent_type};
use crate::helpers::{TestApp, TestOptions, assert_problem, spawn_app, spawn_app_with};

const SITE: &str = "https://tracetrack.invalid";
const CONTEXT: &str = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
const CAPTURE: &str = "/api/v1/epcis/capture";

fn bag(qr: &str) -> String {
    format!("{SITE}/bag/{qr}")
}

fn event_id(n: u32) -> String {
    format!("urn:uuid:6f0c1b1e-2f5d-4c8e-9a51-{n:012}")
}

/// An AggregationEvent as a partner's packing line writes it.
fn aggregation(n: u32, action: &str, parent: &str, children: &[&str]) -> Value {
    json!({"type": "AggregationEvent", "eventTime": "2026-11-28T14:44:03.512+05:30", "eventTimeZoneOffset": "+05:30",
        "eventID": event_id(n), "action": action, "parentID": parent,
        "childEPCs": children, "bizStep": if action == "ADD" { "packing" } else { "unpacking" },
        "disposition": "in_progress", "readPoint": {"id": "urn:epc:id:sgln:0614141.00777.0"}})
}

fn packing(n: u32, action: &str, parent: &str, children: &[&str]) -> Value {
    let children: Vec<String> = children.iter().map(|qr| bag(qr)).collect();
    let children: Vec<&str> = children.iter().map(String::as_str).collect();
    aggregation(n, action, &bag(parent), &children)
}

fn document(events: Vec<Value>) -> Value {
    json!({"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
        "creationDate": "2026-11-28T09:14:03.512Z", "epcisBody": {"eventList": events}})
}

async fn capture(app: &TestApp, token: &str, document: &Value) -> Value {
    let response = app.post(CAPTURE, token, document.clone()).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// `(outcome, code)` of each event.
fn outcomes(report: &Value) -> Vec<(String, String)> {
    let text = |e: &Value, key: &str| e[key].as_str().unwrap_or_default().to_owned();
    report["events"].as_array().unwrap().iter().map(|e| (text(e, "outcome"), text(e, "code"))).collect()
}

fn captured() -> (String, String) {
    ("captured".to_owned(), String::new())
}

fn refused(code: &str) -> (String, String) {
    ("refused".to_owned(), code.to_owned())
}

async fn children_of(app: &TestApp, token: &str, parent: &str) -> Vec<String> {
    let detail: Value = app.get(&format!("/api/v1/bags/{parent}"), token).await.json().await.unwrap();
    let mut children: Vec<String> =
        detail["children"].as_array().unwrap().iter().map(|c| c["qr"].as_str().unwrap().to_owned()).collect();
    children.sort();
    children
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

async fn parent(app: &TestApp, token: &str, qr: &str, area: &str) {
    let response = app.scan_parent(token, qr, Some(area)).await;
    assert!(response.status().is_success(), "{qr}: {}", response.status());
}

#[tokio::test]
async fn capture_packs_children_that_the_bag_and_the_read_out_show() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    parent(&app, &admin, "SB00001", "lucknow").await;
    let sent = document(vec![packing(1, "ADD", "SB00001", &["CH0001", "ch0002"])]);
    assert_eq!(errors(&schema(), &sent), Vec::<String>::new(), "what we send is GS1's EPCIS");

    let report = capture(&app, &admin, &sent).await;
    assert_eq!((report["captured"].as_u64(), report["refused"].as_u64()), (Some(1), Some(0)), "{report}");
    assert_eq!(report["events"][0]["event_id"], event_id(1));
    assert_eq!(report["events"][0]["index"], 0);
    assert!(report["events"][0]["captured_at"].as_str().is_some());
    assert_eq!(children_of(&app, &admin, "SB00001").await, ["CH0001", "CH0002"]);

    let query = format!("/api/v1/epcis/events?MATCH_parentID={}", bag("SB00001"));
    let read: Value = app.get(&query, &admin).await.json().await.unwrap();
    assert_eq!(errors(&schema(), &read), Vec::<String>::new());
    let list = read["epcisBody"]["queryResults"]["resultsBody"]["eventList"].as_array().unwrap();
    let children: Vec<&Value> = list.iter().map(|e| &e["childEPCs"][0]).collect();
    assert_eq!(children, [&json!(bag("CH0001")), &json!(bag("CH0002"))], "a child scan each");
    assert!(list.iter().all(|e| e["action"] == "ADD" && e["bizStep"] == "packing"));
    let linked = "select count(*) from events where kind = 'child_linked' and request_id is not null";
    assert_eq!(count(&app, linked).await, 2, "stamped with the capture's request");
}

#[tokio::test]
async fn a_repeated_event_changes_nothing_and_a_reused_id_for_another_change_is_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    parent(&app, &admin, "SB00001", "lucknow").await;
    let sent = document(vec![packing(1, "ADD", "SB00001", &["CH0001", "CH0002"])]);
    let first = capture(&app, &admin, &sent).await;
    let events = count(&app, "select count(*) from events").await;

    let again = capture(&app, &admin, &sent).await;
    assert_eq!(outcomes(&again), [("already_captured".to_owned(), String::new())]);
    assert_eq!(again["events"][0]["captured_at"], first["events"][0]["captured_at"], "the earlier outcome");
    let reordered = document(vec![packing(1, "ADD", "SB00001", &["CH0002", "CH0001"])]);
    assert_eq!(outcomes(&capture(&app, &admin, &reordered).await)[0].0, "already_captured");
    assert_eq!(count(&app, "select count(*) from events").await, events, "nothing written");

    let other = document(vec![packing(1, "ADD", "SB00001", &["CH0003"])]);
    assert_eq!(outcomes(&capture(&app, &admin, &other).await), [refused("idempotency_conflict")]);
    let unpack = document(vec![packing(1, "DELETE", "SB00001", &["CH0001", "CH0002"])]);
    assert_eq!(outcomes(&capture(&app, &admin, &unpack).await), [refused("idempotency_conflict")]);
    assert_eq!(children_of(&app, &admin, "SB00001").await, ["CH0001", "CH0002"]);
    assert_eq!(count(&app, "select count(*) from epcis_captures").await, 1);
}

#[tokio::test]
async fn an_event_id_is_each_callers_own() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    parent(&app, &admin, "SB00001", "lucknow").await;
    capture(&app, &admin, &document(vec![packing(1, "ADD", "SB00001", &["CH0001"])])).await;

    // Another partner's line happens to number its events the same way: its event is its own,
    // applied, and it learns nothing of the first capture.
    let other = app.user_token("lina", "dispatcher", Some("lucknow")).await;
    let report = capture(&app, &other, &document(vec![packing(1, "ADD", "SB00001", &["CH0002"])])).await;
    assert_eq!(outcomes(&report), [captured()], "{report}");
    assert_eq!(children_of(&app, &admin, "SB00001").await, ["CH0001", "CH0002"]);
    let again = capture(&app, &other, &document(vec![packing(1, "ADD", "SB00001", &["CH0002"])])).await;
    assert_eq!(outcomes(&again)[0].0, "already_captured", "its own repeat is still caught");
    let refused_again = capture(&app, &other, &document(vec![packing(1, "ADD", "SB00001", &["CH0001"])])).await;
    assert_eq!(outcomes(&refused_again), [refused("idempotency_conflict")]);
    assert_eq!(count(&app, "select count(*) from epcis_captures").await, 2);
}

#[tokio::test]
async fn two_concurrent_identical_documents_capture_each_event_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for round in 0..4_u32 {
        let qr = format!("SB0000{round}");
        parent(&app, &admin, &qr, "lucknow").await;
        let events: Vec<Value> = (0..5)
            .map(|n| {
                let child = format!("C{round}{n:03}");
                packing(round * 10 + n, "ADD", &qr, &[child.as_str()])
            })
            .collect();
        let sent = document(events);
        let (a, b) = tokio::join!(capture(&app, &admin, &sent), capture(&app, &admin, &sent));
        for n in 0..5 {
            let mut seen = [a["events"][n]["outcome"].clone(), b["events"][n]["outcome"].clone()];
            seen.sort_by_key(|o| o.as_str().unwrap_or_default().to_owned());
            assert_eq!(seen, [json!("already_captured"), json!("captured")], "round {round}, event {n}: {a} {b}");
            assert_eq!(a["events"][n]["captured_at"], b["events"][n]["captured_at"], "one capture, one time");
        }
        assert_eq!(children_of(&app, &admin, &qr).await.len(), 5);
    }
    assert_eq!(count(&app, "select count(*) from events where kind = 'child_linked'").await, 20);
    assert_eq!(count(&app, "select count(*) from epcis_captures").await, 20);
    let counts = "select count(*) from bags where kind = 'parent' and child_count = 5";
    assert_eq!(count(&app, counts).await, 4, "each parent's count moved once per child");
}

#[tokio::test]
async fn delete_unpacks_and_the_read_out_shows_the_unpacking() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    parent(&app, &admin, "SB00001", "lucknow").await;
    capture(&app, &admin, &document(vec![packing(1, "ADD", "SB00001", &["CH0001", "CH0002"])])).await;
    let report = capture(&app, &admin, &document(vec![packing(2, "DELETE", "SB00001", &["CH0001"])])).await;
    assert_eq!(outcomes(&report), [captured()]);
    assert_eq!(children_of(&app, &admin, "SB00001").await, ["CH0002"]);
    let loose: Value = app.get("/api/v1/bags/CH0001", &admin).await.json().await.unwrap();
    assert_eq!(loose["bag"]["status"], "unlinked", "the child stays, loose");

    let read: Value = app.get("/api/v1/epcis/events?EQ_bizStep=unpacking", &admin).await.json().await.unwrap();
    let list = read["epcisBody"]["queryResults"]["resultsBody"]["eventList"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((&list[0]["action"], &list[0]["childEPCs"]), (&json!("DELETE"), &json!([bag("CH0001")])));
    // Taking out a child that is not in the parent is refused as the unlink would be.
    let again = capture(&app, &admin, &document(vec![packing(3, "DELETE", "SB00001", &["CH0001"])])).await;
    assert_eq!(outcomes(&again), [refused("not_found")]);
}

#[tokio::test]
async fn each_event_is_refused_as_its_scan_would_be_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    small_parent_type(&app, &admin).await;
    parent(&app, &admin, "SB00001", "lucknow").await;
    parent(&app, &admin, "SB00002", "lucknow").await;
    parent(&app, &admin, "TN001", "lucknow").await;
    assert_eq!(app.scan_child(&admin, "SB00002", "CH0009").await.status(), StatusCode::CREATED);

    let mut object_event = packing(6, "ADD", "SB00001", &["CH0001"]);
    object_event["type"] = json!("ObjectEvent");
    let report = capture(
        &app,
        &admin,
        &document(vec![
            aggregation(1, "ADD", "urn:epc:id:sscc:0614141.1234567890", &[&bag("CH0001")]),
            aggregation(2, "ADD", &bag("SB00001"), &["https://partner.example/bag/CH0001"]),
            packing(3, "ADD", "SB00099", &["CH0001"]),
            packing(4, "ADD", "SB00001", &["CH0001", "CH0009"]),
            // Three into a parent that holds two: the third is refused, so none goes in.
            packing(5, "ADD", "TN001", &["CH0011", "CH0012", "CH0013"]),
            object_event,
            packing(7, "OBSERVE", "SB00001", &["CH0001"]),
            packing(8, "ADD", "SB00001", &["SB00002"]),
            packing(9, "ADD", "SB00001", &["CH-1"]),
            packing(10, "ADD", "CH0009", &["CH0001"]),
        ]),
    )
    .await;
    assert_eq!(
        outcomes(&report),
        [
            refused("invalid_qr"),
            refused("invalid_qr"),
            refused("not_found"),
            refused("child_linked_elsewhere"),
            refused("parent_full"),
            refused("validation_failed"),
            refused("validation_failed"),
            refused("wrong_kind"),
            refused("invalid_qr"),
            refused("invalid_qr"),
        ],
        "{report:#}"
    );
    assert_eq!(report["events"][3]["details"]["parent_qr"], "SB00002");
    assert!(report["events"][3]["message"].as_str().unwrap().contains("SB00002"));
    assert_eq!(report["events"][5]["details"]["fields"][0]["field"], "type");
    assert_eq!((report["captured"].as_u64(), report["refused"].as_u64()), (Some(0), Some(10)));
    assert!(children_of(&app, &admin, "SB00001").await.is_empty(), "CH0001 went in with CH0009 or not at all");
    assert!(children_of(&app, &admin, "TN001").await.is_empty(), "all or nothing");
    assert_eq!(count(&app, "select count(*) from epcis_captures").await, 0);

    // A refused event changed nothing: sent again once the parent exists, it is judged afresh.
    parent(&app, &admin, "SB00099", "lucknow").await;
    let retry = capture(&app, &admin, &document(vec![packing(3, "ADD", "SB00099", &["CH0001"])])).await;
    assert_eq!(outcomes(&retry), [captured()]);
    let full = capture(&app, &admin, &document(vec![packing(11, "ADD", "TN001", &["CH0011", "CH0012"])])).await;
    assert_eq!(outcomes(&full), [captured()]);
    let over = capture(&app, &admin, &document(vec![packing(12, "ADD", "TN001", &["CH0013"])])).await;
    assert_eq!(outcomes(&over), [refused("parent_full")]);
}

#[tokio::test]
async fn hostile_documents_answer_4xx_and_hostile_events_are_refused_never_500() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    parent(&app, &admin, "SB00001", "lucknow").await;
    let post_raw = |body: Vec<u8>, content_type: &'static str| {
        let request = app.client.post(app.url(CAPTURE)).bearer_auth(&admin).header("content-type", content_type);
        request.body(body).send()
    };
    let response = post_raw(b"{\"type\": \"EPCISDocument\", ".to_vec(), "application/json").await.unwrap();
    assert_problem(response, StatusCode::BAD_REQUEST, "malformed_request").await;
    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let response = post_raw(nested.into_bytes(), "application/ld+json").await.unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    let response = post_raw(document(vec![]).to_string().into_bytes(), "text/plain").await.unwrap();
    assert_problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type").await;
    let huge = document(vec![json!({"type": "AggregationEvent", "eventID": "x".repeat(2 * 1024 * 1024)})]);
    let response = post_raw(huge.to_string().into_bytes(), "application/ld+json").await.unwrap();
    assert_problem(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    let ld = post_raw(document(vec![]).to_string().into_bytes(), "application/ld+json").await.unwrap();
    assert_eq!(ld.status(), StatusCode::OK, "JSON-LD is JSON");

    let many: Vec<Value> = (0..1001).map(|n| json!({"type": "AggregationEvent", "eventID": event_id(n)})).collect();
    let mut query_document = document(vec![]);
    query_document["type"] = json!("EPCISQueryDocument");
    for (body, why) in [
        (json!([document(vec![])]), "an array"),
        (query_document, "another document type"),
        (json!({"type": "EPCISDocument"}), "no body"),
        (json!({"type": "EPCISDocument", "epcisBody": {"eventList": "none"}}), "a list that is not one"),
        (document(vec![json!(1), json!("AggregationEvent")]), "events that are not objects"),
        (document(vec![json!({"eventID": event_id(1)})]), "an event without a type"),
        (document(vec![json!({"type": "AggregationEvent", "eventID": null})]), "a null eventID"),
        (document(vec![json!({"type": "AggregationEvent", "eventID": 7})]), "a number for an eventID"),
        (document(vec![json!({"type": "AggregationEvent", "childEPCs": [null]})]), "a null EPC"),
        (document(vec![json!({"type": "AggregationEvent", "eventID": ""})]), "an empty eventID"),
        (document(vec![json!({"type": "AggregationEvent", "eventID": "u".repeat(501)})]), "a long eventID"),
        (document(vec![json!({"type": "AggregationEvent", "childEPCs": vec![bag("CH0001"); 1001]})]), "1,001 children"),
        (document(many), "1,001 events"),
    ] {
        let response = app.post(CAPTURE, &admin, body).await;
        let status = response.status();
        let problem: Value = response.json().await.unwrap();
        let answer = (status, problem["code"].as_str());
        assert_eq!(answer, (StatusCode::UNPROCESSABLE_ENTITY, Some("validation_failed")), "{why}: {problem}");
    }

    let mut nul_id = packing(1, "ADD", "SB00001", &["CH0001"]);
    nul_id["eventID"] = json!("urn:uuid:\u{0}1");
    let nul_parent = aggregation(2, "ADD", &format!("{SITE}/bag/SB0\u{0}0001"), &[&bag("CH0002")]);
    let nul_child = aggregation(3, "ADD", &bag("SB00001"), &[&format!("{SITE}/bag/%00")]);
    let control = aggregation(4, "ADD", &bag("SB00001"), &[&format!("{SITE}/bag/CH%0A0004%E2%80%8B")]);
    let html = aggregation(5, "ADD", &bag("SB00001"), &[&format!("{SITE}/bag/%3Cscript%3E")]);
    let report = capture(&app, &admin, &document(vec![nul_id, nul_parent, nul_child, control, html])).await;
    let codes: Vec<(String, String)> = outcomes(&report);
    assert_eq!(codes[0], refused("validation_failed"));
    assert_eq!(codes[1], refused("invalid_qr"), "a URI holds no NUL");
    assert_eq!(codes[2], refused("invalid_qr"));
    assert_eq!(codes[4], refused("invalid_qr"));
    assert!(codes.iter().all(|(outcome, _)| outcome != "already_captured"), "{report:#}");
    let stored = count(&app, "select count(*) from epcis_captures where event_id ~ '[[:cntrl:]]'").await;
    assert_eq!(stored, 0);
    let response = app.request(Method::POST, CAPTURE, None, Some(document(vec![]))).await;
    assert_problem(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

async fn key(app: &TestApp, admin: &str, body: Value) -> String {
    let response = app.post("/api/v1/api-keys", admin, body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let key: Value = response.json().await.unwrap();
    key["secret"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn keys_need_the_scan_scope_and_an_area_bound_key_packs_its_own_area_only() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    parent(&app, &admin, "SB00001", "lucknow").await;
    parent(&app, &admin, "SB00002", "indore").await;
    let with_key =
        |secret: String, body: Value| app.client.post(app.url(CAPTURE)).header("X-Api-Key", secret).json(&body).send();
    let reader = key(&app, &admin, json!({"name": "EPCIS reader", "scopes": ["read", "epcis"]})).await;
    let sent = document(vec![packing(1, "ADD", "SB00001", &["CH0001"])]);
    let response = with_key(reader, sent.clone()).await.unwrap();
    assert_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
    assert!(children_of(&app, &admin, "SB00001").await.is_empty());

    let line = key(&app, &admin, json!({"name": "Lucknow line", "scopes": ["scan"], "area": "lucknow"})).await;
    let both = document(vec![packing(1, "ADD", "SB00001", &["CH0001"]), packing(2, "ADD", "SB00002", &["CH0002"])]);
    let response = with_key(line, both).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    assert_eq!(outcomes(&report), [captured(), refused("other_area")]);
    assert_eq!(children_of(&app, &admin, "SB00001").await, ["CH0001"]);
    let actor = "select count(*) from events e join users u on u.id = e.actor_id
                 where e.kind = 'child_linked' and u.kind = 'integration'";
    assert_eq!(count(&app, actor).await, 1, "attributed to the key");

    // A revoked key is refused at once and applies nothing.
    let spare: Value = app
        .post("/api/v1/api-keys", &admin, json!({"name": "Spare line", "scopes": ["scan"]}))
        .await
        .json()
        .await
        .unwrap();
    let line_key = spare["secret"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/api-keys/{}", spare["id"].as_str().unwrap());
    assert_eq!(app.request(Method::DELETE, &path, Some(&admin), None).await.status(), StatusCode::OK);
    let response = with_key(line_key, document(vec![packing(9, "ADD", "SB00001", &["CH0009"])])).await.unwrap();
    assert_problem(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(children_of(&app, &admin, "SB00001").await, ["CH0001"], "nothing applied");
    assert_eq!(count(&app, "select count(*) from epcis_captures where event_id like '%000000000009'").await, 0);

    let indore = app.user_token("indu", "dispatcher", Some("indore")).await;
    let report = capture(&app, &indore, &document(vec![packing(3, "ADD", "SB00001", &["CH0003"])])).await;
    assert_eq!(outcomes(&report), [refused("other_area")]);
}

fn with_gs1(settings: &mut tracetrack_server::Settings) {
    settings.gs1_numbering = Some(domain::gs1::Numbering::parse("0614141", "mustard=07346").unwrap());
}

#[tokio::test]
async fn digital_links_capture_and_read_back_alike() {
    let app = spawn_app_with(TestOptions { configure: with_gs1, ..TestOptions::default() }).await;
    let admin = app.admin_token().await;
    parent(&app, &admin, "SB00001", "lucknow").await;
    let case = "https://id.gs1.org/01/10614141073464/21/SB00001";
    let unit = |qr: &str| format!("https://id.gs1.org/01/00614141073467/21/{qr}");
    let sent = document(vec![
        aggregation(1, "ADD", case, &[&unit("CH0001"), &bag("CH0002")]),
        aggregation(2, "ADD", case, &["https://id.gs1.org/01/10614141073464/21/CH0003"]),
        aggregation(3, "ADD", case, &["https://id.gs1.org/01/00614141073468/21/CH0004"]),
    ]);
    assert_eq!(errors(&schema(), &sent), Vec::<String>::new());
    let report = capture(&app, &admin, &sent).await;
    assert_eq!(outcomes(&report), [captured(), refused("wrong_kind"), refused("invalid_qr")], "{report:#}");
    assert_eq!(children_of(&app, &admin, "SB00001").await, ["CH0001", "CH0002"]);

    let query = format!("/api/v1/epcis/events?MATCH_parentID={case}");
    let read: Value = app.get(&query, &admin).await.json().await.unwrap();
    let list = read["epcisBody"]["queryResults"]["resultsBody"]["eventList"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|e| e["parentID"] == case));
    assert_eq!((&list[0]["childEPCs"], &list[1]["childEPCs"]), (&json!([unit("CH0001")]), &json!([unit("CH0002")])));
}
