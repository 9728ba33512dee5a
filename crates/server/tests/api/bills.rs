//! Bills of dispatch (SPEC §4): creation, lists, detail, changes, the parent scan rules, weights,
//! history, the role table of SPEC §6, idempotent replays, and the limits under real parallel
//! requests (capacity races, one parent raced into two bills, a randomised mixed workload).

use futures::future::join_all;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestOptions, assert_problem, password_of, spawn_app, spawn_app_with};

// ----- helpers -----------------------------------------------------------------------------

async fn json(response: Response) -> Value {
    response.json().await.unwrap()
}

/// A bill id as one path segment (ids may contain `/`).
fn seg(id: &str) -> String {
    id.replace('/', "%2F")
}

fn bill_path(id: &str) -> String {
    format!("/api/v1/bills/{}", seg(id))
}

/// A weight as a number, whether the API sends it as a JSON number or a decimal string.
fn kg(value: &Value) -> f64 {
    match value {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::String(s) => s.parse().unwrap_or_else(|_| panic!("weight {s:?}")),
        other => panic!("weight is neither a number nor a decimal string: {other}"),
    }
}

async fn create_bill(app: &TestApp, token: &str, body: Value) -> Response {
    app.post("/api/v1/bills", token, body).await
}

/// Creates a bill and returns it, asserting 201.
async fn new_bill(app: &TestApp, token: &str, id: &str, capacity: i64) -> Value {
    let response = create_bill(app, token, json!({"bill_id": id, "capacity": capacity})).await;
    assert_eq!(response.status(), StatusCode::CREATED, "create bill {id}");
    json(response).await
}

async fn get_bill(app: &TestApp, token: &str, id: &str) -> Response {
    app.get(&bill_path(id), token).await
}

async fn bill(app: &TestApp, token: &str, id: &str) -> Value {
    let response = get_bill(app, token, id).await;
    assert_eq!(response.status(), StatusCode::OK, "get bill {id}");
    json(response).await
}

async fn add_parent(app: &TestApp, token: &str, id: &str, qr: &str) -> Response {
    app.post(&format!("{}/parents", bill_path(id)), token, json!({"qr": qr})).await
}

async fn add_manual(app: &TestApp, token: &str, id: &str, qr: &str) -> Response {
    app.post(&format!("{}/parents", bill_path(id)), token, json!({"qr": qr, "manual": true})).await
}

async fn remove_parent(app: &TestApp, token: &str, id: &str, qr: &str) -> Response {
    app.request(Method::DELETE, &format!("{}/parents/{qr}", bill_path(id)), Some(token), None).await
}

async fn patch_bill(app: &TestApp, token: &str, id: &str, body: Value) -> Response {
    app.request(Method::PATCH, &bill_path(id), Some(token), Some(body)).await
}

async fn delete_bill(app: &TestApp, token: &str, id: &str) -> Response {
    app.request(Method::DELETE, &bill_path(id), Some(token), None).await
}

async fn complete_bill(app: &TestApp, token: &str, id: &str) -> Response {
    app.request(Method::POST, &format!("{}/complete", bill_path(id)), Some(token), None).await
}

async fn reopen_bill(app: &TestApp, token: &str, id: &str) -> Response {
    app.request(Method::POST, &format!("{}/reopen", bill_path(id)), Some(token), None).await
}

async fn undo(app: &TestApp, token: &str, parent_qr: &str) -> Response {
    app.request(Method::POST, &format!("/api/v1/parents/{parent_qr}/undo"), Some(token), None).await
}

async fn unlink(app: &TestApp, token: &str, parent_qr: &str, child_qr: &str) -> Response {
    app.request(Method::DELETE, &format!("/api/v1/parents/{parent_qr}/children/{child_qr}"), Some(token), None).await
}

/// Scans a parent as the admin (area lucknow), asserting success.
async fn parent(app: &TestApp, token: &str, qr: &str) {
    let status = app.scan_parent(token, qr, Some("lucknow")).await.status();
    assert!(status.is_success(), "scan parent {qr}: {status}");
}

/// The bag itself from `GET /bags/{qr}` (`{bag, parent, children, recent_events}`).
async fn bag(app: &TestApp, token: &str, qr: &str) -> Value {
    let response = app.get(&format!("/api/v1/bags/{qr}"), token).await;
    assert_eq!(response.status(), StatusCode::OK, "GET /bags/{qr}");
    let detail = json(response).await;
    assert_eq!(detail["bag"]["qr"], qr, "{detail}");
    detail["bag"].clone()
}

async fn code_of(response: Response) -> (StatusCode, String) {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    (status, body["code"].as_str().unwrap_or("ok").to_owned())
}

async fn events_of(app: &TestApp, token: &str, bill_id: &str) -> Vec<Value> {
    let response = app.get(&format!("/api/v1/events?bill={}&limit=500", seg(bill_id)), token).await;
    assert_eq!(response.status(), StatusCode::OK, "events of {bill_id}");
    json(response).await["items"].as_array().unwrap().clone()
}

fn kinds(events: &[Value]) -> Vec<String> {
    events.iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect()
}

async fn event_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from events").fetch_one(&app.pool).await.unwrap()
}

/// What the rows say about a bill: parents on it, children under them (summed child_count and
/// counted child rows), expected weight from the parent types, actual weight from child weights.
#[derive(Debug, PartialEq)]
struct Recount {
    linked: i64,
    child_count_sum: i64,
    child_rows: i64,
    expected_kg: f64,
    actual_kg: f64,
}

async fn recount(app: &TestApp, bill_id: &str) -> Recount {
    let (linked, child_count_sum, expected_kg, actual_kg): (i64, i64, f64, f64) = sqlx::query_as(
        "select count(*), coalesce(sum(p.child_count), 0)::bigint,
                coalesce(sum(t.expected_weight_kg), 0)::float8,
                coalesce(sum(p.child_count * t.child_weight_kg), 0)::float8
         from bags p join parent_types t on t.code = p.parent_type
         where p.bill_id = (select id from bills where code = $1)",
    )
    .bind(bill_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let child_rows: i64 = sqlx::query_scalar(
        "select count(*) from bags c join bags p on p.id = c.parent_id
         where p.bill_id = (select id from bills where code = $1)",
    )
    .bind(bill_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    Recount { linked, child_count_sum, child_rows, expected_kg, actual_kg }
}

/// Asserts that the bill as the API shows it, and its stored counters, equal a recount of the rows.
async fn assert_counters_match_rows(app: &TestApp, token: &str, bill_id: &str) {
    let shown = bill(app, token, bill_id).await;
    let rows = recount(app, bill_id).await;
    assert_eq!(rows.child_count_sum, rows.child_rows, "{bill_id}: parents' child_count vs child rows");
    assert_eq!(shown["linked_count"].as_i64(), Some(rows.linked), "{bill_id} linked_count: {shown} vs {rows:?}");
    assert_eq!(shown["child_count"].as_i64(), Some(rows.child_rows), "{bill_id} child_count: {shown} vs {rows:?}");
    assert!((kg(&shown["actual_weight_kg"]) - rows.actual_kg).abs() < 1e-6, "{bill_id} actual: {shown} vs {rows:?}");
    assert!(
        (kg(&shown["expected_weight_kg"]) - rows.expected_kg).abs() < 1e-6,
        "{bill_id} expected: {shown} vs {rows:?}"
    );
    assert!(
        (kg(&shown["weight_difference_kg"]) - (rows.actual_kg - rows.expected_kg)).abs() < 1e-6,
        "{bill_id} difference: {shown}"
    );
    let parents = shown["parents"].as_array().unwrap();
    assert_eq!(parents.len() as i64, rows.linked, "{bill_id}: parents listed in the detail");
    // The stored columns too, not only what the API computes.
    let (linked, children, actual, expected): (i32, i32, f64, f64) = sqlx::query_as(
        "select linked_count, child_count, actual_weight_kg::float8, expected_weight_kg::float8 from bills
         where code = $1",
    )
    .bind(bill_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (i64::from(linked), i64::from(children)),
        (rows.linked, rows.child_rows),
        "{bill_id}: stored counters vs rows"
    );
    assert!((actual - rows.actual_kg).abs() < 1e-6 && (expected - rows.expected_kg).abs() < 1e-6, "{bill_id} stored");
}

/// The dashboard's bills-by-status counters (SPEC §8) equal the rows.
async fn assert_status_counters_match_rows(app: &TestApp) {
    let counters: Vec<(String, i64)> = sqlx::query_as(
        "select replace(metric, 'bills_', ''), sum(value)::bigint from stat_counters
         where metric like 'bills\\_%' group by metric having sum(value) <> 0 order by 1",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let rows: Vec<(String, i64)> = sqlx::query_as("select status, count(*) from bills group by status order by 1")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(counters, rows, "bills-by-status counters vs rows");
}

/// A fixed-seed linear congruential generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

// ----- create ------------------------------------------------------------------------------

#[tokio::test]
async fn a_new_bill_is_normalised_and_starts_empty() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let body = json!({"bill_id": "  inv-2026_01/a ", "capacity": 5, "description": "Mustard for Jaipur",
        "destination": "Jaipur depot", "vehicle_number": "RJ14 GA 1234"});
    let response = create_bill(&app, &token, body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created = json(response).await;
    assert_eq!(created["bill_id"], "INV-2026_01/A");
    assert_eq!(created["status"], "new");
    assert_eq!(created["capacity"], 5);
    assert_eq!(created["linked_count"], 0);
    assert_eq!(created["child_count"], 0);
    assert_eq!(kg(&created["actual_weight_kg"]), 0.0);
    assert_eq!(kg(&created["expected_weight_kg"]), 0.0);
    assert_eq!(kg(&created["weight_difference_kg"]), 0.0);
    assert_eq!(created["description"], "Mustard for Jaipur");
    assert_eq!(created["destination"], "Jaipur depot");
    assert_eq!(created["vehicle_number"], "RJ14 GA 1234");
    assert!(created["created_at"].as_str().is_some(), "{created}");
    assert_eq!(created["completed_at"], Value::Null);
    // Optional fields may be left out.
    let bare = new_bill(&app, &token, "abc", 1).await;
    assert_eq!(bare["bill_id"], "ABC");
    let stored: i64 = sqlx::query_scalar("select count(*) from bills").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored, 2);
}

#[tokio::test]
async fn a_bill_id_taken_in_any_case_is_a_duplicate() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "INV-001", 5).await;
    for again in ["INV-001", "inv-001", " Inv-001 "] {
        let response = create_bill(&app, &token, json!({"bill_id": again, "capacity": 3})).await;
        assert_problem(response, StatusCode::CONFLICT, "duplicate").await;
    }
    let stored: i64 = sqlx::query_scalar("select count(*) from bills").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored, 1);
}

#[tokio::test]
async fn bad_ids_and_capacities_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let long = "A".repeat(51);
    for id in ["AB", "", "   ", long.as_str(), "INV.001", "INV 001", "INV<1>", "INV'1", "INV%1", "INV;1", "INV#1"] {
        let response = create_bill(&app, &token, json!({"bill_id": id, "capacity": 5})).await;
        let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        let fields: Vec<&str> =
            problem["details"]["fields"].as_array().unwrap().iter().filter_map(|f| f["field"].as_str()).collect();
        assert!(fields.contains(&"bill_id"), "{id:?} → {problem}");
    }
    for capacity in [0, -1, 501, 100_000] {
        let response = create_bill(&app, &token, json!({"bill_id": "INV-001", "capacity": capacity})).await;
        let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        let fields: Vec<&str> =
            problem["details"]["fields"].as_array().unwrap().iter().filter_map(|f| f["field"].as_str()).collect();
        assert!(fields.contains(&"capacity"), "{capacity} → {problem}");
    }
    let stored: i64 = sqlx::query_scalar("select count(*) from bills").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored, 0, "refused bills are not stored");
    // The limits themselves are accepted.
    new_bill(&app, &token, "ABC", 1).await;
    new_bill(&app, &token, &"Z".repeat(50), 500).await;
}

/// The document says `integer`, and to JSON Schema 12.0 is an integer: a client that writes
/// whole numbers as floats is served; a fraction is still refused.
#[tokio::test]
async fn whole_numbers_written_as_floats_are_taken() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let created = create_bill(&app, &token, json!({"bill_id": "FLOAT-1", "capacity": 12.0})).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(created.json::<Value>().await.unwrap()["capacity"], 12);
    let patched =
        app.request(Method::PATCH, "/api/v1/bills/FLOAT-1", Some(&token), Some(json!({"capacity": 20.0}))).await;
    assert_eq!(patched.status(), StatusCode::OK);
    assert_eq!(patched.json::<Value>().await.unwrap()["capacity"], 20);
    for capacity in [json!(12.5), json!("12"), json!(4294967296.0)] {
        let response = create_bill(&app, &token, json!({"bill_id": "FLOAT-2", "capacity": capacity})).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
}

// ----- list --------------------------------------------------------------------------------

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|b| b["bill_id"].as_str().unwrap().to_owned()).collect()
}

async fn list(app: &TestApp, token: &str, query: &str) -> Value {
    let response = app.get(&format!("/api/v1/bills{query}"), token).await;
    assert_eq!(response.status(), StatusCode::OK, "GET /bills{query}");
    json(response).await
}

#[tokio::test]
async fn the_bill_list_is_newest_first_filtered_and_paginated() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let biller_user = app.create_user(&admin, "bella", "biller", None).await;
    let biller = app.token("bella", &password_of("bella")).await;
    let biller_id = biller_user["id"].as_str().unwrap().to_owned();

    let specs = [
        (&admin, "BILL-A", json!({"description": "Mustard lot", "destination": "Jaipur", "vehicle_number": "RJ14 1"})),
        (&admin, "BILL-B", json!({"description": "moong", "destination": "Indore", "vehicle_number": "MP09 2"})),
        (&biller, "BILL-C", json!({"description": "", "destination": "Hisar", "vehicle_number": "HR20 3"})),
        (&biller, "OTHER-D", json!({"description": "Returns of mustard", "destination": "", "vehicle_number": ""})),
        (&admin, "OTHER-E", json!({})),
    ];
    for (token, id, extra) in &specs {
        let mut body = extra.clone();
        body["bill_id"] = json!(id);
        body["capacity"] = json!(3);
        assert_eq!(create_bill(&app, token, body).await.status(), StatusCode::CREATED, "{id}");
    }
    parent(&app, &admin, "SB00001").await;
    assert_eq!(add_parent(&app, &admin, "BILL-B", "SB00001").await.status(), StatusCode::CREATED);

    assert_eq!(ids(&list(&app, &admin, "").await), ["OTHER-E", "OTHER-D", "BILL-C", "BILL-B", "BILL-A"]);
    assert_eq!(list(&app, &admin, "").await["next_cursor"], Value::Null);

    // Status.
    assert_eq!(ids(&list(&app, &admin, "?status=processing").await), ["BILL-B"]);
    assert_eq!(ids(&list(&app, &admin, "?status=new").await), ["OTHER-E", "OTHER-D", "BILL-C", "BILL-A"]);
    assert!(ids(&list(&app, &admin, "?status=completed").await).is_empty());

    // Text: bill id, description, destination, vehicle number; any case, substring.
    assert_eq!(ids(&list(&app, &admin, "?q=bill-").await), ["BILL-C", "BILL-B", "BILL-A"]);
    assert_eq!(ids(&list(&app, &admin, "?q=MUSTARD").await), ["OTHER-D", "BILL-A"]);
    assert_eq!(ids(&list(&app, &admin, "?q=indo").await), ["BILL-B"]);
    assert_eq!(ids(&list(&app, &admin, "?q=hr20").await), ["BILL-C"]);
    assert!(ids(&list(&app, &admin, "?q=nowhere").await).is_empty());

    // Creator.
    assert_eq!(ids(&list(&app, &admin, &format!("?creator={biller_id}")).await), ["OTHER-D", "BILL-C"]);

    // Date range.
    let hour_ago = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let in_an_hour =
        (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert_eq!(ids(&list(&app, &admin, &format!("?from={hour_ago}")).await).len(), 5);
    assert_eq!(ids(&list(&app, &admin, &format!("?from={hour_ago}&to={in_an_hour}")).await).len(), 5);
    assert!(ids(&list(&app, &admin, &format!("?to={hour_ago}")).await).is_empty());
    assert!(ids(&list(&app, &admin, &format!("?from={in_an_hour}")).await).is_empty());

    // Filters combine.
    assert_eq!(ids(&list(&app, &admin, &format!("?q=bill&creator={biller_id}")).await), ["BILL-C"]);

    // Keyset pages of 2 walk the whole list once, in order.
    let mut walked = Vec::new();
    let mut query = "?limit=2".to_owned();
    for _ in 0..5 {
        let page = list(&app, &admin, &query).await;
        assert!(page["items"].as_array().unwrap().len() <= 2);
        walked.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(walked, ["OTHER-E", "OTHER-D", "BILL-C", "BILL-B", "BILL-A"]);

    // A bad cursor, creator or limit is the caller's error, in the problem shape.
    for bad in
        ["?cursor=abc", "?cursor=-5", "?creator=not-a-uuid", "?limit=0", "?limit=501", "?from=yesterday", "?colour=red"]
    {
        let response = app.get(&format!("/api/v1/bills{bad}"), &admin).await;
        assert!(response.status().is_client_error(), "{bad}: {}", response.status());
        let content_type = response.headers().get("content-type").unwrap().to_str().unwrap().to_owned();
        assert_eq!(content_type, "application/problem+json", "{bad}");
    }
}

#[tokio::test]
async fn an_unknown_status_filter_is_a_bad_query_string() {
    // SPEC §9: bad query strings get a 4xx. `GET /users?role=king` answers 400 malformed_request;
    // `GET /bills?status=shipped` (a typo of an integrator) should not silently answer an empty list.
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "INV-001", 1).await;
    assert_problem(app.get("/api/v1/bills?status=shipped", &token).await, StatusCode::BAD_REQUEST, "malformed_request")
        .await;
}

#[tokio::test]
async fn wrong_types_missing_and_unknown_fields_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "INV-001", 2).await;
    parent(&app, &token, "SB00001").await;
    for body in [
        json!({"bill_id": "INV-002", "capacity": "ten"}),
        json!({"bill_id": "INV-002"}),
        json!({"capacity": 5}),
        json!({"bill_id": "INV-002", "capacity": 5, "colour": "red"}),
        json!({"bill_id": 42, "capacity": 5}),
    ] {
        let response = create_bill(&app, &token, body.clone()).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    for body in [json!({"capacity": "3"}), json!({"colour": "red"}), json!({"description": 7})] {
        let response = patch_bill(&app, &token, "INV-001", body.clone()).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    for body in [json!({"qr": "SB00001", "manual": "yes"}), json!({}), json!({"qr": "SB00001", "bill": "x"})] {
        let response = app.post("/api/v1/bills/INV-001/parents", &token, body.clone()).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    let texts = json!({"description": "d".repeat(501)});
    assert_problem(
        patch_bill(&app, &token, "INV-001", texts).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let stored: i64 = sqlx::query_scalar("select count(*) from bills").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored, 1);
    let shown = bill(&app, &token, "INV-001").await;
    assert_eq!((shown["linked_count"].as_i64(), shown["capacity"].as_i64()), (Some(0), Some(2)));
}

// ----- detail ------------------------------------------------------------------------------

#[tokio::test]
async fn the_detail_answers_in_any_case_with_parents_and_history() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "INV-001", 5).await;
    app.packed_parent(&token, "SB00001", "KID", 2).await;
    parent(&app, &token, "M444-00001").await;
    assert_eq!(add_parent(&app, &token, "INV-001", "SB00001").await.status(), StatusCode::CREATED);
    assert_eq!(add_parent(&app, &token, "INV-001", "M444-00001").await.status(), StatusCode::CREATED);

    let detail = bill(&app, &token, "inv-001").await;
    assert_eq!(detail["bill_id"], "INV-001");
    assert_eq!(detail["status"], "processing");
    assert_eq!(detail["linked_count"], 2);
    let mut parents: Vec<(String, i64, String)> = detail["parents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["qr"].as_str().unwrap().to_owned(), p["child_count"].as_i64().unwrap(), p["bill_id"].to_string()))
        .collect();
    parents.sort();
    assert_eq!(
        parents,
        [
            (String::from("M444-00001"), 0, String::from("\"INV-001\"")),
            (String::from("SB00001"), 2, String::from("\"INV-001\"")),
        ],
        "{detail}"
    );
    assert_eq!(
        kinds(detail["history"].as_array().unwrap()),
        ["bill_parent_added", "bill_parent_added", "bill_created"]
    );
    let history_ids: Vec<i64> =
        detail["history"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(history_ids.windows(2).all(|w| w[0] > w[1]), "newest first: {history_ids:?}");

    assert_problem(get_bill(&app, &token, "NOPE-1").await, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_bill_id_with_a_slash_is_reachable_percent_encoded() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "dn/2026/17", 2).await;
    parent(&app, &token, "SB00001").await;
    let detail = bill(&app, &token, "dn/2026/17").await;
    assert_eq!(detail["bill_id"], "DN/2026/17");
    assert_eq!(add_parent(&app, &token, "dn/2026/17", "SB00001").await.status(), StatusCode::CREATED);
    assert_eq!(remove_parent(&app, &token, "DN/2026/17", "SB00001").await.status(), StatusCode::OK);
    assert_eq!(patch_bill(&app, &token, "DN/2026/17", json!({"capacity": 3})).await.status(), StatusCode::OK);
    assert_eq!(delete_bill(&app, &token, "DN/2026/17").await.status(), StatusCode::NO_CONTENT);
}

// ----- patch -------------------------------------------------------------------------------

#[tokio::test]
async fn patching_changes_fields_and_guards_the_capacity() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "INV-001", 5).await;
    for qr in ["SB00001", "SB00002", "SB00003"] {
        parent(&app, &token, qr).await;
        assert_eq!(add_parent(&app, &token, "INV-001", qr).await.status(), StatusCode::CREATED);
    }
    let changes = json!({"description": "Two trucks", "destination": "Akola", "vehicle_number": "MH30 9"});
    let response = patch_bill(&app, &token, "inv-001", changes).await;
    assert_eq!(response.status(), StatusCode::OK);
    let patched = json(response).await;
    assert_eq!(
        (&patched["description"], &patched["destination"], &patched["vehicle_number"], &patched["capacity"]),
        (&json!("Two trucks"), &json!("Akola"), &json!("MH30 9"), &json!(5))
    );
    assert_eq!(bill(&app, &token, "INV-001").await["destination"], "Akola", "stored");

    // Capacity: never below the linked count (a conflict with the bill as it is), never
    // outside 1–500 (a bad value).
    let below = patch_bill(&app, &token, "INV-001", json!({"capacity": 2})).await;
    assert_problem(below, StatusCode::CONFLICT, "capacity_below_loaded").await;
    for capacity in [0, 501] {
        let response = patch_bill(&app, &token, "INV-001", json!({"capacity": capacity})).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    assert_problem(reopen_bill(&app, &token, "INV-001").await, StatusCode::CONFLICT, "bill_not_completed").await;
    assert_eq!(bill(&app, &token, "INV-001").await["capacity"], 5, "a refused patch changes nothing");
    let lowered = patch_bill(&app, &token, "INV-001", json!({"capacity": 3})).await;
    assert_eq!(lowered.status(), StatusCode::OK);
    assert_eq!(json(lowered).await["capacity"], 3);

    // A completed bill keeps its capacity; its text fields may still change.
    assert_eq!(complete_bill(&app, &token, "INV-001").await.status(), StatusCode::OK);
    for capacity in [4, 3] {
        let response = patch_bill(&app, &token, "INV-001", json!({"capacity": capacity})).await;
        if capacity == 4 {
            assert_problem(response, StatusCode::CONFLICT, "bill_completed").await;
        } else {
            // Same value: either accepted as a no-op or refused as a change; never a 5xx.
            assert!(response.status() == StatusCode::OK || response.status() == StatusCode::CONFLICT);
        }
    }
    let noted = patch_bill(&app, &token, "INV-001", json!({"description": "Left at 18:00"})).await;
    assert_eq!(noted.status(), StatusCode::OK);
    assert_eq!(json(noted).await["status"], "completed");

    assert_problem(
        patch_bill(&app, &token, "NOPE-1", json!({"description": "x"})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert!(kinds(&events_of(&app, &token, "INV-001").await).iter().any(|k| k == "bill_updated"));
}

// ----- delete ------------------------------------------------------------------------------

#[tokio::test]
async fn deleting_a_bill_frees_its_parents() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "INV-001", 2).await;
    new_bill(&app, &token, "INV-002", 2).await;
    app.packed_parent(&token, "SB00001", "KID", 3).await;
    parent(&app, &token, "SB00002").await;
    add_parent(&app, &token, "INV-001", "SB00001").await;
    add_parent(&app, &token, "INV-001", "SB00002").await;

    let response = delete_bill(&app, &token, "inv-001").await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_problem(get_bill(&app, &token, "INV-001").await, StatusCode::NOT_FOUND, "not_found").await;
    assert_problem(delete_bill(&app, &token, "INV-001").await, StatusCode::NOT_FOUND, "not_found").await;
    for qr in ["SB00001", "SB00002"] {
        let freed = bag(&app, &token, qr).await;
        assert_eq!(freed["bill_id"], Value::Null, "{freed}");
    }
    // Free to load onto another bill, whose weights count them from scratch.
    let moved = add_parent(&app, &token, "INV-002", "SB00001").await;
    assert_eq!(moved.status(), StatusCode::CREATED);
    let moved = json(moved).await;
    assert_eq!(moved["bill"]["linked_count"], 1);
    assert_eq!(kg(&moved["bill"]["actual_weight_kg"]), 3.0);
    // The history survives the bill.
    let history = kinds(&events_of(&app, &token, "INV-001").await);
    assert_eq!(history.first().map(String::as_str), Some("bill_deleted"), "{history:?}");
    assert_eq!(history.last().map(String::as_str), Some("bill_created"), "{history:?}");
}

// ----- scanning parents into a bill --------------------------------------------------------

#[tokio::test]
async fn scanning_a_parent_links_it_once() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "INV-001", 3).await;
    app.packed_parent(&token, "SB00001", "KID", 4).await;

    let response = add_parent(&app, &token, "inv-001", "sb00001").await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let linked = json(response).await;
    assert_eq!(linked["already_linked"], false);
    assert_eq!(linked["parent"]["qr"], "SB00001");
    assert_eq!(linked["parent"]["bill_id"], "INV-001");
    assert_eq!(linked["parent"]["child_count"], 4);
    assert_eq!(linked["bill"]["bill_id"], "INV-001");
    assert_eq!(linked["bill"]["status"], "processing", "the first parent starts processing");
    assert_eq!(linked["bill"]["linked_count"], 1);
    assert_eq!(linked["bill"]["child_count"], 4);
    assert_eq!(kg(&linked["bill"]["actual_weight_kg"]), 4.0);
    assert_eq!(kg(&linked["bill"]["expected_weight_kg"]), 30.0);
    assert_eq!(kg(&linked["bill"]["weight_difference_kg"]), -26.0);

    let events = event_count(&app).await;
    let again = add_parent(&app, &token, "INV-001", " SB00001 ").await;
    assert_eq!(again.status(), StatusCode::OK);
    let again = json(again).await;
    assert_eq!(again["already_linked"], true);
    assert_eq!(again["bill"]["linked_count"], 1);
    assert_eq!(event_count(&app).await, events, "an already-linked scan records nothing");
    assert_counters_match_rows(&app, &token, "INV-001").await;
}

#[tokio::test]
async fn an_unknown_parent_is_not_found_unless_entered_manually() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "INV-001", 3).await;
    assert_problem(add_parent(&app, &token, "INV-001", "SB00009").await, StatusCode::NOT_FOUND, "not_found").await;
    assert_problem(app.get("/api/v1/bags/SB00009", &token).await, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(bill(&app, &token, "INV-001").await["status"], "new", "a refused scan changes nothing");

    let manual = add_manual(&app, &token, "INV-001", "m444-00009").await;
    assert_eq!(manual.status(), StatusCode::CREATED);
    let manual = json(manual).await;
    assert_eq!(manual["parent"]["qr"], "M444-00009");
    assert_eq!(manual["parent"]["parent_type"], "moong");
    assert_eq!(manual["bill"]["linked_count"], 1);
    assert_eq!(kg(&manual["bill"]["expected_weight_kg"]), 15.0);
    let entered = bag(&app, &token, "M444-00009").await;
    assert_eq!((entered["kind"].as_str(), entered["bill_id"].as_str()), (Some("parent"), Some("INV-001")));
    let created: i64 =
        sqlx::query_scalar("select count(*) from events where kind = 'parent_created' and bag_qr = 'M444-00009'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(created, 1, "manual entry records the parent's creation");

    // Manual entry of a parent that exists links it like a plain scan.
    parent(&app, &token, "SB00001").await;
    assert_eq!(add_manual(&app, &token, "INV-001", "SB00001").await.status(), StatusCode::CREATED);
    assert_counters_match_rows(&app, &token, "INV-001").await;
}

#[tokio::test]
async fn a_child_or_a_malformed_qr_is_no_parent() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "INV-001", 3).await;
    app.packed_parent(&token, "SB00001", "KID", 1).await;
    for qr in ["KID0000", "kid0000", "SB-12345", "SB123456", "M445-00001", "", "SB<0001>"] {
        let problem = assert_problem(
            add_parent(&app, &token, "INV-001", qr).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_qr",
        )
        .await;
        let message = problem["message"].as_str().unwrap();
        assert!(message.contains(qr) || message.contains(&qr.to_uppercase()), "{qr:?} → {problem}");
        assert_problem(add_manual(&app, &token, "INV-001", qr).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_qr")
            .await;
    }
    let bags: i64 = sqlx::query_scalar("select count(*) from bags").fetch_one(&app.pool).await.unwrap();
    assert_eq!(bags, 2, "nothing was created");
    assert_eq!(bill(&app, &token, "INV-001").await["linked_count"], 0);
}

#[tokio::test]
async fn a_parent_on_another_bill_is_refused_naming_that_bill() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "BILL-A", 3).await;
    new_bill(&app, &token, "BILL-B", 3).await;
    parent(&app, &token, "SB00001").await;
    add_parent(&app, &token, "BILL-A", "SB00001").await;
    for attempt in
        [add_parent(&app, &token, "BILL-B", "SB00001").await, add_manual(&app, &token, "BILL-B", "SB00001").await]
    {
        let problem = assert_problem(attempt, StatusCode::CONFLICT, "parent_on_other_bill").await;
        assert!(problem["message"].as_str().unwrap().contains("BILL-A"), "{problem}");
    }
    assert_eq!(bill(&app, &token, "BILL-B").await["linked_count"], 0);
    assert_eq!(bill(&app, &token, "BILL-B").await["status"], "new");
    assert_eq!(bill(&app, &token, "BILL-A").await["linked_count"], 1);
}

#[tokio::test]
async fn a_full_bill_refuses_and_a_completed_bill_is_frozen() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "INV-001", 2).await;
    for qr in ["SB00001", "SB00002", "SB00003"] {
        parent(&app, &token, qr).await;
    }
    add_parent(&app, &token, "INV-001", "SB00001").await;
    assert_problem(complete_bill(&app, &token, "INV-001").await, StatusCode::CONFLICT, "bill_not_full").await;
    add_parent(&app, &token, "INV-001", "SB00002").await;
    let problem =
        assert_problem(add_parent(&app, &token, "INV-001", "SB00003").await, StatusCode::CONFLICT, "bill_at_capacity")
            .await;
    assert!(problem["message"].as_str().is_some());
    assert_problem(add_manual(&app, &token, "INV-001", "SB00004").await, StatusCode::CONFLICT, "bill_at_capacity")
        .await;
    assert_problem(app.get("/api/v1/bags/SB00004", &token).await, StatusCode::NOT_FOUND, "not_found").await;

    let done = complete_bill(&app, &token, "inv-001").await;
    assert_eq!(done.status(), StatusCode::OK);
    let done = json(done).await;
    assert_eq!(done["status"], "completed");
    assert!(done["completed_at"].as_str().is_some(), "{done}");
    assert_problem(add_parent(&app, &token, "INV-001", "SB00003").await, StatusCode::CONFLICT, "bill_completed").await;
    assert_problem(remove_parent(&app, &token, "INV-001", "SB00001").await, StatusCode::CONFLICT, "bill_completed")
        .await;
    // Re-scanning a parent already on the completed bill changes nothing either way.
    let rescan = add_parent(&app, &token, "INV-001", "SB00001").await.status();
    assert!(rescan == StatusCode::OK || rescan == StatusCode::CONFLICT, "{rescan}");

    let reopened = reopen_bill(&app, &token, "INV-001").await;
    assert_eq!(reopened.status(), StatusCode::OK);
    assert_eq!(json(reopened).await["status"], "processing");
    let removed = remove_parent(&app, &token, "INV-001", "SB00001").await;
    assert_eq!(removed.status(), StatusCode::OK);
    assert_problem(complete_bill(&app, &token, "INV-001").await, StatusCode::CONFLICT, "bill_not_full").await;

    // To ship fewer, lower the capacity first.
    assert_eq!(patch_bill(&app, &token, "INV-001", json!({"capacity": 1})).await.status(), StatusCode::OK);
    assert_eq!(complete_bill(&app, &token, "INV-001").await.status(), StatusCode::OK);
    assert_problem(complete_bill(&app, &token, "NOPE-1").await, StatusCode::NOT_FOUND, "not_found").await;
    assert_problem(reopen_bill(&app, &token, "NOPE-1").await, StatusCode::NOT_FOUND, "not_found").await;
    assert_counters_match_rows(&app, &token, "INV-001").await;
}

#[tokio::test]
async fn removing_a_parent_frees_it_and_updates_the_bill() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "BILL-A", 3).await;
    new_bill(&app, &token, "BILL-B", 3).await;
    app.packed_parent(&token, "SB00001", "KID", 5).await;
    app.packed_parent(&token, "M444-00001", "MKID", 2).await;
    parent(&app, &token, "SB00002").await;
    add_parent(&app, &token, "BILL-A", "SB00001").await;
    add_parent(&app, &token, "BILL-A", "M444-00001").await;
    add_parent(&app, &token, "BILL-B", "SB00002").await;

    let response = remove_parent(&app, &token, "bill-a", "sb00001").await;
    assert_eq!(response.status(), StatusCode::OK);
    let removed = json(response).await;
    assert_eq!(removed["parent"]["qr"], "SB00001");
    assert_eq!(removed["parent"]["bill_id"], Value::Null);
    assert_eq!(removed["bill"]["linked_count"], 1);
    assert_eq!(removed["bill"]["child_count"], 2);
    assert_eq!(kg(&removed["bill"]["actual_weight_kg"]), 2.0);
    assert_eq!(kg(&removed["bill"]["expected_weight_kg"]), 15.0);

    // Not on this bill (free, on another bill, unknown): not found.
    assert_problem(remove_parent(&app, &token, "BILL-A", "SB00001").await, StatusCode::NOT_FOUND, "not_found").await;
    assert_problem(remove_parent(&app, &token, "BILL-A", "SB00002").await, StatusCode::NOT_FOUND, "not_found").await;
    assert_problem(remove_parent(&app, &token, "BILL-A", "SB09999").await, StatusCode::NOT_FOUND, "not_found").await;
    assert_problem(remove_parent(&app, &token, "NOPE-1", "SB00002").await, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(bill(&app, &token, "BILL-B").await["linked_count"], 1, "the other bill is untouched");

    // The freed parent can go onto another bill.
    assert_eq!(add_parent(&app, &token, "BILL-B", "SB00001").await.status(), StatusCode::CREATED);
    assert_counters_match_rows(&app, &token, "BILL-A").await;
    assert_counters_match_rows(&app, &token, "BILL-B").await;
}

// ----- weights -----------------------------------------------------------------------------

#[tokio::test]
async fn weights_move_with_every_child_change() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "INV-001", 2).await;
    app.packed_parent(&token, "SB00001", "KID", 3).await;
    app.packed_parent(&token, "M444-00001", "MKID", 2).await;
    add_parent(&app, &token, "INV-001", "SB00001").await;
    let both = json(add_parent(&app, &token, "INV-001", "M444-00001").await).await;
    let weights = |b: &Value| {
        (
            b["child_count"].as_i64().unwrap(),
            kg(&b["actual_weight_kg"]),
            kg(&b["expected_weight_kg"]),
            kg(&b["weight_difference_kg"]),
        )
    };
    assert_eq!(weights(&both["bill"]), (5, 5.0, 45.0, -40.0));

    // A child scanned into a billed parent raises the bill's weight.
    assert_eq!(app.scan_child(&token, "SB00001", "KID0100").await.status(), StatusCode::CREATED);
    assert_eq!(weights(&bill(&app, &token, "INV-001").await), (6, 6.0, 45.0, -39.0));
    // Undo lowers it.
    assert_eq!(undo(&app, &token, "M444-00001").await.status(), StatusCode::OK);
    assert_eq!(weights(&bill(&app, &token, "INV-001").await), (5, 5.0, 45.0, -40.0));
    // So does unlinking one named child.
    assert_eq!(unlink(&app, &token, "SB00001", "KID0000").await.status(), StatusCode::OK);
    assert_eq!(weights(&bill(&app, &token, "INV-001").await), (4, 4.0, 45.0, -41.0));
    // Removing a parent takes its children and its expected weight off the bill.
    assert_eq!(remove_parent(&app, &token, "INV-001", "SB00001").await.status(), StatusCode::OK);
    assert_eq!(weights(&bill(&app, &token, "INV-001").await), (1, 1.0, 15.0, -14.0));
    // Children scanned into a parent that is on no bill touch no bill.
    assert_eq!(app.scan_child(&token, "SB00001", "KID0101").await.status(), StatusCode::CREATED);
    assert_eq!(weights(&bill(&app, &token, "INV-001").await), (1, 1.0, 15.0, -14.0));
    assert_counters_match_rows(&app, &token, "INV-001").await;

    // On a completed bill the parents' contents are frozen.
    assert_eq!(patch_bill(&app, &token, "INV-001", json!({"capacity": 1})).await.status(), StatusCode::OK);
    assert_eq!(complete_bill(&app, &token, "INV-001").await.status(), StatusCode::OK);
    assert_problem(undo(&app, &token, "M444-00001").await, StatusCode::CONFLICT, "bill_completed").await;
    assert_problem(unlink(&app, &token, "M444-00001", "MKID0000").await, StatusCode::CONFLICT, "bill_completed").await;
    assert_eq!(weights(&bill(&app, &token, "INV-001").await), (1, 1.0, 15.0, -14.0));
    // Whatever a child scan into it answers, the counters still match the rows.
    let status = app.scan_child(&token, "M444-00001", "MKID0100").await.status();
    assert!(status == StatusCode::CREATED || status == StatusCode::CONFLICT, "{status}");
    assert_counters_match_rows(&app, &token, "INV-001").await;
}

// ----- history -----------------------------------------------------------------------------

#[tokio::test]
async fn every_bill_change_is_an_event_in_the_bill_history() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "INV-001", 2).await;
    parent(&app, &token, "SB00001").await;
    parent(&app, &token, "SB00002").await;
    add_parent(&app, &token, "INV-001", "SB00001").await;
    add_parent(&app, &token, "INV-001", "SB00002").await;
    assert_eq!(remove_parent(&app, &token, "INV-001", "SB00002").await.status(), StatusCode::OK);
    assert_eq!(patch_bill(&app, &token, "INV-001", json!({"capacity": 1})).await.status(), StatusCode::OK);
    assert_eq!(complete_bill(&app, &token, "INV-001").await.status(), StatusCode::OK);
    assert_eq!(reopen_bill(&app, &token, "INV-001").await.status(), StatusCode::OK);

    let expected = [
        "bill_reopened",
        "bill_completed",
        "bill_updated",
        "bill_parent_removed",
        "bill_parent_added",
        "bill_parent_added",
        "bill_created",
    ];
    assert_status_counters_match_rows(&app).await;
    let history = bill(&app, &token, "INV-001").await["history"].as_array().unwrap().clone();
    assert_eq!(kinds(&history), expected);
    let listed = events_of(&app, &token, "inv-001").await;
    assert_eq!(kinds(&listed), expected);
    assert!(listed.iter().all(|e| e["bill_id"] == "INV-001"), "{listed:?}");
    let parent_of = |e: &Value| e["parent_qr"].as_str().or_else(|| e["bag_qr"].as_str()).map(str::to_owned);
    assert_eq!(parent_of(&listed[3]).as_deref(), Some("SB00002"), "the removed parent is named: {}", listed[3]);
    assert_eq!(parent_of(&listed[5]).as_deref(), Some("SB00001"), "the added parent is named: {}", listed[5]);

    assert_eq!(delete_bill(&app, &token, "INV-001").await.status(), StatusCode::NO_CONTENT);
    let after = kinds(&events_of(&app, &token, "INV-001").await);
    assert_eq!(after[0], "bill_deleted");
    assert_eq!(&after[1..], expected);
    assert_status_counters_match_rows(&app).await;
}

// ----- roles -------------------------------------------------------------------------------

#[tokio::test]
async fn dispatchers_may_not_touch_bills_and_billers_may_not_delete() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let dispatcher = app.user_token("dina", "dispatcher", Some("lucknow")).await;
    let biller = app.user_token("bella", "biller", None).await;
    new_bill(&app, &admin, "INV-001", 2).await;
    parent(&app, &admin, "SB00001").await;
    parent(&app, &admin, "SB00002").await;
    add_parent(&app, &admin, "INV-001", "SB00001").await;

    let dispatcher_attempts = [
        app.get("/api/v1/bills", &dispatcher).await,
        create_bill(&app, &dispatcher, json!({"bill_id": "INV-002", "capacity": 1})).await,
        get_bill(&app, &dispatcher, "INV-001").await,
        patch_bill(&app, &dispatcher, "INV-001", json!({"description": "x"})).await,
        add_parent(&app, &dispatcher, "INV-001", "SB00002").await,
        add_manual(&app, &dispatcher, "INV-001", "SB00003").await,
        remove_parent(&app, &dispatcher, "INV-001", "SB00001").await,
        complete_bill(&app, &dispatcher, "INV-001").await,
        reopen_bill(&app, &dispatcher, "INV-001").await,
        delete_bill(&app, &dispatcher, "INV-001").await,
    ];
    for (n, response) in dispatcher_attempts.into_iter().enumerate() {
        let url = response.url().clone();
        let problem = assert_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
        assert!(problem["message"].is_string(), "{n}: {url}");
    }
    let untouched = bill(&app, &admin, "INV-001").await;
    assert_eq!((untouched["linked_count"].as_i64(), untouched["description"].as_str()), (Some(1), Some("")));
    assert_eq!(sqlx::query_scalar::<_, i64>("select count(*) from bills").fetch_one(&app.pool).await.unwrap(), 1);

    // Billers do everything but delete.
    assert_eq!(
        create_bill(&app, &biller, json!({"bill_id": "INV-002", "capacity": 1})).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(app.get("/api/v1/bills", &biller).await.status(), StatusCode::OK);
    assert_eq!(get_bill(&app, &biller, "INV-001").await.status(), StatusCode::OK);
    assert_eq!(patch_bill(&app, &biller, "INV-001", json!({"description": "b"})).await.status(), StatusCode::OK);
    assert_eq!(add_parent(&app, &biller, "INV-001", "SB00002").await.status(), StatusCode::CREATED);
    assert_eq!(complete_bill(&app, &biller, "INV-001").await.status(), StatusCode::OK);
    assert_eq!(reopen_bill(&app, &biller, "INV-001").await.status(), StatusCode::OK);
    assert_eq!(remove_parent(&app, &biller, "INV-001", "SB00002").await.status(), StatusCode::OK);
    assert_eq!(add_manual(&app, &biller, "INV-002", "SB00003").await.status(), StatusCode::CREATED);
    assert_problem(delete_bill(&app, &biller, "INV-001").await, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(get_bill(&app, &admin, "INV-001").await.status(), StatusCode::OK, "still there");
    assert_eq!(delete_bill(&app, &admin, "INV-001").await.status(), StatusCode::NO_CONTENT);

    // No token at all.
    let anonymous = app.request(Method::GET, "/api/v1/bills", None, None).await;
    assert_problem(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let anonymous =
        app.request(Method::POST, "/api/v1/bills", None, Some(json!({"bill_id": "X-1", "capacity": 1}))).await;
    assert_problem(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

// ----- idempotency -------------------------------------------------------------------------

async fn keyed_add(app: &TestApp, token: &str, key: &str, bill_id: &str, qr: &str) -> (StatusCode, Vec<u8>) {
    let response = app
        .client
        .post(app.url(&format!("{}/parents", bill_path(bill_id))))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&json!({"qr": qr}))
        .send()
        .await
        .unwrap();
    (response.status(), response.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn a_keyed_bill_scan_replays_byte_for_byte_and_applies_once() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "INV-001", 5).await;
    for qr in ["SB00001", "SB00002", "SB00003"] {
        parent(&app, &token, qr).await;
    }
    let first = keyed_add(&app, &token, "bill-scan-1", "INV-001", "SB00001").await;
    assert_eq!(first.0, StatusCode::CREATED);
    let events = event_count(&app).await;
    let replay = keyed_add(&app, &token, "bill-scan-1", "INV-001", "SB00001").await;
    assert_eq!(replay, first, "a replay is the first answer, byte for byte");
    assert_eq!(event_count(&app).await, events);
    assert_eq!(bill(&app, &token, "INV-001").await["linked_count"], 1);

    // The same key for another parent is a conflict, and applies nothing.
    let other = app
        .client
        .post(app.url("/api/v1/bills/INV-001/parents"))
        .bearer_auth(&token)
        .header("Idempotency-Key", "bill-scan-1")
        .json(&json!({"qr": "SB00002"}))
        .send()
        .await
        .unwrap();
    assert_problem(other, StatusCode::CONFLICT, "idempotency_conflict").await;
    assert_eq!(bill(&app, &token, "INV-001").await["linked_count"], 1);

    // Parallel retries of one keyed scan: identical answers, one link, one event.
    let answers = join_all((0..12).map(|_| keyed_add(&app, &token, "bill-scan-2", "INV-001", "SB00003"))).await;
    assert!(answers.iter().all(|a| a == &answers[0]), "answers differ");
    assert_eq!(answers[0].0, StatusCode::CREATED);
    let added: i64 = sqlx::query_scalar(
        "select count(*) from events
         where kind = 'bill_parent_added' and (bag_qr = 'SB00003' or parent_qr = 'SB00003')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(added, 1);
    assert_counters_match_rows(&app, &token, "INV-001").await;
}

// ----- concurrency -------------------------------------------------------------------------

#[tokio::test]
async fn thirty_parents_raced_into_a_bill_of_ten_link_exactly_ten() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "RACE-1", 10).await;
    let qrs: Vec<String> = (1..=30).map(|n| format!("SB{n:05}")).collect();
    for qr in &qrs {
        parent(&app, &token, qr).await;
    }
    let scans = qrs.iter().map(|qr| {
        let (app, token) = (&app, &token);
        async move { code_of(add_parent(app, token, "RACE-1", qr).await).await }
    });
    let results = join_all(scans).await;
    let linked = results.iter().filter(|(status, _)| *status == StatusCode::CREATED).count();
    assert_eq!(linked, 10, "{results:?}");
    let refused: Vec<_> = results.iter().filter(|(status, _)| *status != StatusCode::CREATED).collect();
    assert!(
        refused.iter().all(|(status, code)| *status == StatusCode::CONFLICT && code == "bill_at_capacity"),
        "{refused:?}"
    );
    let rows: i64 =
        sqlx::query_scalar("select count(*) from bags where bill_id = (select id from bills where code = 'RACE-1')")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(rows, 10);
    let shown = bill(&app, &token, "RACE-1").await;
    assert_eq!(shown["linked_count"], 10);
    assert_eq!(shown["status"], "processing");
    assert_counters_match_rows(&app, &token, "RACE-1").await;
    let added: i64 = sqlx::query_scalar("select count(*) from events where kind = 'bill_parent_added'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(added, 10, "refused scans record nothing");
    assert_eq!(complete_bill(&app, &token, "RACE-1").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn one_parent_raced_into_two_bills_lands_on_exactly_one() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "BILL-A", 20).await;
    new_bill(&app, &token, "BILL-B", 20).await;
    for round in 1..=10 {
        let qr = format!("SB{round:05}");
        parent(&app, &token, &qr).await;
        let (a, b) = tokio::join!(add_parent(&app, &token, "BILL-A", &qr), add_parent(&app, &token, "BILL-B", &qr));
        let (a, b) = (code_of(a).await, code_of(b).await);
        let won = [&a, &b].iter().filter(|(status, _)| *status == StatusCode::CREATED).count();
        assert_eq!(won, 1, "round {round}: {a:?} {b:?}");
        let lost = if a.0 == StatusCode::CREATED { &b } else { &a };
        assert_eq!(lost, &(StatusCode::CONFLICT, "parent_on_other_bill".to_owned()), "round {round}");
        let winner = if a.0 == StatusCode::CREATED { "BILL-A" } else { "BILL-B" };
        assert_eq!(bag(&app, &token, &qr).await["bill_id"], winner, "round {round}");
    }
    let a = bill(&app, &token, "BILL-A").await["linked_count"].as_i64().unwrap();
    let b = bill(&app, &token, "BILL-B").await["linked_count"].as_i64().unwrap();
    assert_eq!(a + b, 10);
    assert_counters_match_rows(&app, &token, "BILL-A").await;
    assert_counters_match_rows(&app, &token, "BILL-B").await;
}

#[tokio::test]
async fn one_parent_scanned_into_one_bill_in_parallel_links_once() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "INV-001", 5).await;
    parent(&app, &token, "SB00001").await;
    let results =
        join_all((0..12).map(|_| async { code_of(add_parent(&app, &token, "INV-001", "SB00001").await).await })).await;
    let created = results.iter().filter(|(status, _)| *status == StatusCode::CREATED).count();
    let already = results.iter().filter(|(status, _)| *status == StatusCode::OK).count();
    assert_eq!((created, already), (1, 11), "{results:?}");
    assert_eq!(bill(&app, &token, "INV-001").await["linked_count"], 1);
    let added: i64 = sqlx::query_scalar("select count(*) from events where kind = 'bill_parent_added'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(added, 1);
}

#[tokio::test]
async fn each_scan_commits_on_its_own() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_bill(&app, &token, "BIG-1", 500).await;
    for n in 1..=10 {
        let qr = format!("SB{n:05}");
        parent(&app, &token, &qr).await;
        assert_eq!(add_parent(&app, &token, "BIG-1", &qr).await.status(), StatusCode::CREATED);
    }
    // The biller walks away: no completion, no "save". A fresh session sees the 10.
    let rows: i64 =
        sqlx::query_scalar("select count(*) from bags where bill_id = (select id from bills where code = 'BIG-1')")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(rows, 10);
    let later = app.admin_token().await;
    let shown = bill(&app, &later, "BIG-1").await;
    assert_eq!((shown["linked_count"].as_i64(), shown["status"].as_str()), (Some(10), Some("processing")));
    assert_eq!(shown["parents"].as_array().unwrap().len(), 10);
    assert_counters_match_rows(&app, &token, "BIG-1").await;
}

#[derive(Debug, Clone)]
enum Op {
    Add(usize, usize),
    Remove(usize, usize),
    Child(usize, String),
    Undo(usize),
}

#[tokio::test]
async fn a_random_concurrent_workload_leaves_every_bill_equal_to_its_rows() {
    // Hundreds of requests a second from one user is what the rate limit exists to stop.
    let app = spawn_app_with(TestOptions {
        configure: |s| s.rate_limits = api::rate_limit::Limits::OFF,
        ..Default::default()
    })
    .await;
    let token = app.admin_token().await;
    let bills = ["MIX-1", "MIX-2", "MIX-3"];
    for id in bills {
        new_bill(&app, &token, id, 4).await;
    }
    let parents: Vec<String> =
        (1..=6).map(|n| format!("SB{n:05}")).chain((1..=6).map(|n| format!("M444-{n:05}"))).collect();
    for (n, qr) in parents.iter().enumerate() {
        app.packed_parent(&token, qr, &format!("P{n:02}K"), 2).await;
    }

    let mut rng = Lcg(0x5EED_2026);
    let mut next_child = 0;
    let mut tally = std::collections::BTreeMap::<(&str, u16), usize>::new();
    for round in 0..10 {
        let ops: Vec<Op> = (0..24)
            .map(|_| {
                let (p, b) = (rng.below(parents.len()), rng.below(bills.len()));
                match rng.below(10) {
                    0..=2 => Op::Add(p, b),
                    3..=4 => Op::Remove(p, b),
                    5..=7 => {
                        next_child += 1;
                        Op::Child(p, format!("W{next_child:05}"))
                    }
                    _ => Op::Undo(p),
                }
            })
            .collect();
        let work = ops.iter().map(|op| {
            let (app, token, parents) = (&app, &token, &parents);
            async move {
                let (name, response) = match op {
                    Op::Add(p, b) => ("add", add_parent(app, token, bills[*b], &parents[*p]).await),
                    Op::Remove(p, b) => ("remove", remove_parent(app, token, bills[*b], &parents[*p]).await),
                    Op::Child(p, child) => ("child", app.scan_child(token, &parents[*p], child).await),
                    Op::Undo(p) => ("undo", undo(app, token, &parents[*p]).await),
                };
                let (status, code) = code_of(response).await;
                (name, status, code)
            }
        });
        for (name, status, code) in join_all(work).await {
            assert!(matches!(status.as_u16(), 200 | 201 | 404 | 409), "round {round}: {name} answered {status} {code}");
            *tally.entry((name, status.as_u16())).or_default() += 1;
        }
        for id in bills {
            assert_counters_match_rows(&app, &token, id).await;
        }
    }
    // The workload did exercise every kind of change.
    for (name, status) in [("add", 201), ("remove", 200), ("child", 201), ("undo", 200)] {
        assert!(tally.get(&(name, status)).copied().unwrap_or(0) > 0, "no successful {name}: {tally:?}");
    }
    let billed: i64 =
        sqlx::query_scalar("select count(*) from bags where bill_id is not null").fetch_one(&app.pool).await.unwrap();
    assert!(billed <= 12);
    assert_status_counters_match_rows(&app).await;
    // Per-parent counters too.
    let drift: i64 = sqlx::query_scalar(
        "select count(*) from bags p where p.kind = 'parent'
           and p.child_count <> (select count(*) from bags c where c.parent_id = p.id)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(drift, 0);
}

#[tokio::test]
async fn completing_a_bill_while_its_parents_are_being_packed_freezes_what_it_shows() {
    // Child scans and undos check "parent on a completed bill" with the parent's row locked;
    // completion locks the bill's row. Whatever the interleaving, once the bill answers
    // `completed` with N children, no child may come into or out of its parents until reopened.
    // (One token plays a whole shift here, far past one person's rate limit.)
    let app = spawn_app_with(TestOptions {
        configure: |s| s.rate_limits = api::rate_limit::Limits::OFF,
        ..Default::default()
    })
    .await;
    let token = app.admin_token().await;
    let parents = ["SB00001", "SB00002", "SB00003", "SB00004"];
    new_bill(&app, &token, "FREEZE-1", 4).await;
    for (n, qr) in parents.iter().enumerate() {
        app.packed_parent(&token, qr, &format!("P{n}K"), 3).await;
        assert_eq!(add_parent(&app, &token, "FREEZE-1", qr).await.status(), StatusCode::CREATED);
    }
    let mut late = Vec::new();
    for round in 0..12u64 {
        let work = (0..16).map(|n| {
            let (app, token) = (&app, &token);
            let qr = parents[n / 4];
            async move {
                let response = if n % 4 == 3 {
                    undo(app, token, qr).await
                } else {
                    app.scan_child(token, qr, &format!("R{round:02}N{n:02}")).await
                };
                code_of(response).await
            }
        });
        let completer = async {
            tokio::time::sleep(std::time::Duration::from_millis(round % 6 * 2)).await;
            let response = complete_bill(&app, &token, "FREEZE-1").await;
            assert_eq!(response.status(), StatusCode::OK, "round {round}");
            json(response).await
        };
        let (completed, results) = tokio::join!(completer, join_all(work));
        for (status, code) in &results {
            assert!(
                status.is_success() || (*status == StatusCode::CONFLICT && code == "bill_completed"),
                "round {round}: {status} {code}"
            );
        }
        let now = bill(&app, &token, "FREEZE-1").await;
        assert_eq!(now["status"], "completed");
        if now["child_count"] != completed["child_count"] {
            late.push(format!(
                "round {round}: completed with {} children, now {}",
                completed["child_count"], now["child_count"]
            ));
        }
        assert_counters_match_rows(&app, &token, "FREEZE-1").await;
        // Once packing has run a few rounds, keep the parents below their maximum.
        assert_eq!(reopen_bill(&app, &token, "FREEZE-1").await.status(), StatusCode::OK);
        for qr in parents {
            while bag(&app, &token, qr).await["child_count"].as_i64().unwrap() > 20 {
                assert_eq!(undo(&app, &token, qr).await.status(), StatusCode::OK);
            }
        }
    }
    // The history agrees: no child moved in a parent of the bill between a completion and the next reopen.
    let moved_while_completed: Vec<(i64, String, String)> = sqlx::query_as(
        "select e.id, e.kind, e.parent_qr from events e
         where e.kind in ('child_linked', 'child_unlinked') and e.parent_qr = any($1)
           and (select c.kind from events c where c.bill_code = 'FREEZE-1' and c.id < e.id
                  and c.kind in ('bill_completed', 'bill_reopened') order by c.id desc limit 1) = 'bill_completed'
         order by e.id",
    )
    .bind(parents.iter().map(|p| p.to_string()).collect::<Vec<_>>())
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(
        late.is_empty() && moved_while_completed.is_empty(),
        "children moved on a completed bill: {late:?}; events {moved_while_completed:?}"
    );
    assert_status_counters_match_rows(&app).await;
}

#[tokio::test]
async fn deleting_a_bill_while_it_is_being_loaded_frees_every_parent() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    for round in 0..5 {
        let id = format!("GONE-{round}");
        new_bill(&app, &token, &id, 20).await;
        let parents: Vec<String> = (0..8).map(|n| format!("SB{:05}", round * 100 + n)).collect();
        for (n, qr) in parents.iter().enumerate() {
            app.packed_parent(&token, qr, &format!("G{round}{n}K"), 2).await;
            if n < 4 {
                assert_eq!(add_parent(&app, &token, &id, qr).await.status(), StatusCode::CREATED);
            }
        }
        let work = (0..16).map(|n| {
            let (app, token, id, parents) = (&app, &token, &id, &parents);
            async move {
                let (what, response) = match n {
                    0 => ("delete bill", delete_bill(app, token, id).await),
                    n if n % 4 == 1 => ("add parent", add_parent(app, token, id, &parents[4 + n / 4]).await),
                    n if n % 4 == 2 => ("remove parent", remove_parent(app, token, id, &parents[n / 4]).await),
                    n => ("child scan", app.scan_child(token, &parents[n % 8], &format!("G{round}X{n:02}")).await),
                };
                let (status, code) = code_of(response).await;
                (what, status, code)
            }
        });
        let results = join_all(work).await;
        assert_eq!(results[0].1, StatusCode::NO_CONTENT, "round {round}: delete {results:?}");
        for (what, status, code) in &results {
            assert!(
                matches!(status.as_u16(), 200 | 201 | 204 | 404 | 409),
                "round {round}: {what} answered {status} {code}; all: {results:?}"
            );
        }
        let billed: i64 = sqlx::query_scalar("select count(*) from bags where bill_id is not null")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(billed, 0, "round {round}: every parent is free");
        assert_problem(get_bill(&app, &token, &id).await, StatusCode::NOT_FOUND, "not_found").await;
    }
    assert_status_counters_match_rows(&app).await;
}
