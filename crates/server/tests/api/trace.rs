//! Trace: child → parent → bill with who and when, timelines, and "what was in it at T" (SPEC §8).

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};

async fn body(response: Response) -> Value {
    response.json().await.unwrap()
}

async fn new_parent(app: &TestApp, token: &str, qr: &str, area: Option<&str>) -> Value {
    let response = app.post("/api/v1/scans/parent", token, json!({"qr": qr, "area": area})).await;
    assert!(response.status().is_success(), "scan parent {qr}: {}", response.status());
    body(response).await
}

async fn link(app: &TestApp, token: &str, parent_qr: &str, child_qr: &str) -> Value {
    let response = app.post("/api/v1/scans/child", token, json!({"parent_qr": parent_qr, "child_qr": child_qr})).await;
    assert_eq!(response.status(), StatusCode::CREATED, "link {child_qr} into {parent_qr}");
    body(response).await
}

async fn trace(app: &TestApp, token: &str, path: &str) -> Value {
    let response = app.get(&format!("/api/v1/trace/{path}"), token).await;
    assert_eq!(response.status(), StatusCode::OK, "GET /trace/{path}");
    body(response).await
}

/// The newest event matching `query`, as the server recorded it.
async fn latest_event(app: &TestApp, token: &str, query: &str) -> Value {
    let page = body(app.get(&format!("/api/v1/events?{query}&limit=1"), token).await).await;
    page["items"][0].clone()
}

/// Query-string encoding of a timestamp (`+` of an offset would read as a space).
fn enc(value: &str) -> String {
    value.replace('+', "%2B")
}

fn strings(value: &Value) -> Vec<&str> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_childs_trace_is_the_chain_to_its_parent_with_who_and_when() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let ravi = app.user_token("ravi", "dispatcher", Some("lucknow")).await;
    new_parent(&app, &admin, "SB00001", Some("lucknow")).await;
    link(&app, &ravi, "SB00001", "CH0001").await;

    let created = latest_event(&app, &admin, "bag=SB00001&kind=parent_created").await;
    let linked = latest_event(&app, &admin, "bag=CH0001&kind=child_linked").await;

    let traced = trace(&app, &ravi, "ch0001").await;
    assert_eq!(traced["bag"]["qr"], "CH0001");
    assert_eq!(traced["bag"]["parent_qr"], "SB00001");
    let chain = traced["chain"].as_array().unwrap();
    assert_eq!(chain.len(), 2, "child → parent (no bill): {chain:?}");
    assert_eq!(chain[0]["kind"], "child");
    assert_eq!(chain[0]["id"], "CH0001");
    assert_eq!(chain[0]["status"], "linked");
    assert_eq!(chain[0]["by"], "ravi", "the user who linked the child");
    assert_eq!(chain[0]["at"], linked["occurred_at"]);
    assert_eq!(chain[1]["kind"], "parent");
    assert_eq!(chain[1]["id"], "SB00001");
    assert_eq!(chain[1]["status"], "in_progress");
    assert_eq!(chain[1]["by"], "admin", "the user who created the parent");
    assert_eq!(chain[1]["at"], created["occurred_at"]);
    assert!(chain[1]["at"].as_str().is_some());
    assert_eq!(traced["children"], json!([]));
    assert_eq!(traced["contents_at"], Value::Null);
    let timeline: Vec<&str> =
        traced["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(timeline, ["child_created", "child_linked"], "oldest first");

    // Relinked elsewhere by someone else: the chain follows the new link.
    let biller = app.user_token("bina", "biller", None).await;
    new_parent(&app, &admin, "SB00002", Some("lucknow")).await;
    let out = app.request(Method::DELETE, "/api/v1/parents/SB00001/children/CH0001", Some(&admin), None).await;
    assert_eq!(out.status(), StatusCode::OK);
    let loose = trace(&app, &admin, "CH0001").await;
    let chain = loose["chain"].as_array().unwrap();
    assert_eq!(chain.len(), 1, "a loose child has no parent: {chain:?}");
    assert_eq!(chain[0]["status"], "unlinked");
    assert_eq!(chain[0]["by"], Value::Null);
    assert_eq!(chain[0]["at"], Value::Null);
    link(&app, &biller, "SB00002", "CH0001").await;
    let moved = trace(&app, &admin, "CH0001").await;
    assert_eq!(moved["chain"][0]["by"], "bina");
    assert_eq!(moved["chain"][1]["id"], "SB00002");
    let timeline: Vec<&str> =
        moved["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(timeline, ["child_created", "child_linked", "child_unlinked", "child_linked"]);
}

#[tokio::test]
async fn a_parents_trace_lists_its_children_and_a_timeline_oldest_first() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let lata = app.user_token("lata", "dispatcher", Some("hisar")).await;
    new_parent(&app, &lata, "M444-00001", None).await;
    for child in ["CH0001", "CH0002", "CH0003"] {
        link(&app, &admin, "M444-00001", child).await;
    }
    let traced = trace(&app, &lata, "m444-00001").await;
    assert_eq!(traced["bag"]["qr"], "M444-00001");
    assert_eq!(traced["bag"]["area"], "hisar");
    let chain = traced["chain"].as_array().unwrap();
    assert_eq!(chain.len(), 1, "{chain:?}");
    assert_eq!(chain[0]["kind"], "parent");
    assert_eq!(chain[0]["id"], "M444-00001");
    assert_eq!(chain[0]["by"], "lata");
    assert!(chain[0]["at"].as_str().is_some());
    let children: Vec<&str> =
        traced["children"].as_array().unwrap().iter().map(|c| c["qr"].as_str().unwrap()).collect();
    assert_eq!(children, ["CH0003", "CH0002", "CH0001"]);

    let timeline = traced["timeline"].as_array().unwrap();
    let steps: Vec<(&str, &str)> =
        timeline.iter().map(|e| (e["kind"].as_str().unwrap(), e["bag_qr"].as_str().unwrap())).collect();
    assert_eq!(
        steps,
        [
            ("parent_created", "M444-00001"),
            ("child_created", "CH0001"),
            ("child_linked", "CH0001"),
            ("child_created", "CH0002"),
            ("child_linked", "CH0002"),
            ("child_created", "CH0003"),
            ("child_linked", "CH0003"),
        ]
    );
    let ids: Vec<i64> = timeline.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "oldest first: {ids:?}");
    let times: Vec<&str> = timeline.iter().map(|e| e["occurred_at"].as_str().unwrap()).collect();
    let parsed: Vec<chrono::DateTime<chrono::Utc>> = times.iter().map(|t| t.parse().unwrap()).collect();
    assert!(parsed.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert_eq!(timeline[0]["actor_username"], "lata");
    assert_eq!(timeline[2]["actor_username"], "admin");
}

#[tokio::test]
async fn the_trace_answers_what_a_parent_held_at_an_instant() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    new_parent(&app, &admin, "SB00001", Some("lucknow")).await;
    let created_at = latest_event(&app, &admin, "bag=SB00001&kind=parent_created").await["occurred_at"].clone();
    for child in ["CH0001", "CH0002", "CH0003"] {
        link(&app, &admin, "SB00001", child).await;
    }
    // The moment the third child went in, by the server's clock.
    let full = latest_event(&app, &admin, "parent=SB00001&kind=child_linked").await;
    assert_eq!(full["bag_qr"], "CH0003");
    let full_at = full["occurred_at"].as_str().unwrap().to_owned();

    let undone = app.request(Method::POST, "/api/v1/parents/SB00001/undo", Some(&admin), None).await;
    assert_eq!(undone.status(), StatusCode::OK);
    assert_eq!(body(undone).await["child"]["qr"], "CH0003");
    link(&app, &admin, "SB00001", "CH0004").await;
    let now = latest_event(&app, &admin, "parent=SB00001").await;
    assert_eq!((now["kind"].as_str(), now["bag_qr"].as_str()), (Some("child_linked"), Some("CH0004")));
    let now_at = now["occurred_at"].as_str().unwrap().to_owned();

    let then = trace(&app, &admin, &format!("SB00001?at={}", enc(&full_at))).await;
    assert_eq!(then["contents_at"]["parent_qr"], "SB00001");
    assert_eq!(then["contents_at"]["at"], full_at);
    assert_eq!(strings(&then["contents_at"]["children"]), ["CH0001", "CH0002", "CH0003"]);
    // The answer now is still the parent's current children.
    let current: Vec<&str> = then["children"].as_array().unwrap().iter().map(|c| c["qr"].as_str().unwrap()).collect();
    assert_eq!(current, ["CH0004", "CH0002", "CH0001"]);

    let later = trace(&app, &admin, &format!("SB00001?at={}", enc(&now_at))).await;
    assert_eq!(strings(&later["contents_at"]["children"]), ["CH0001", "CH0002", "CH0004"]);

    // Before the first child: empty. Asked through a child: its parent's contents.
    let empty = trace(&app, &admin, &format!("SB00001?at={}", enc(created_at.as_str().unwrap()))).await;
    assert_eq!(empty["contents_at"]["children"], json!([]));
    let via_child = trace(&app, &admin, &format!("ch0001?at={}", enc(&full_at))).await;
    assert_eq!(via_child["contents_at"]["parent_qr"], "SB00001");
    assert_eq!(strings(&via_child["contents_at"]["children"]), ["CH0001", "CH0002", "CH0003"]);

    // The same instant written with an offset.
    let instant: chrono::DateTime<chrono::Utc> = full_at.parse().unwrap();
    let offset = instant.with_timezone(&chrono::FixedOffset::east_opt(5 * 3600 + 1800).unwrap()).to_rfc3339();
    let in_india = trace(&app, &admin, &format!("SB00001?at={}", enc(&offset))).await;
    assert_eq!(strings(&in_india["contents_at"]["children"]), ["CH0001", "CH0002", "CH0003"]);
}

#[tokio::test]
async fn a_child_traces_through_its_parent_to_the_bill() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    new_parent(&app, &admin, "SB00001", None).await;
    link(&app, &admin, "SB00001", "CH0001").await;
    let biller = app.user_token("bina", "biller", None).await;
    let created = app.post("/api/v1/bills", &biller, json!({"bill_id": "BILL-7", "capacity": 3})).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let loaded = app.post("/api/v1/bills/bill-7/parents", &biller, json!({"qr": "sb00001"})).await;
    assert_eq!(loaded.status(), StatusCode::CREATED);
    let loaded_at = latest_event(&app, &admin, "kind=bill_parent_added").await["occurred_at"].clone();
    assert!(loaded_at.is_string());

    let traced = trace(&app, &admin, "CH0001").await;
    let chain = traced["chain"].as_array().unwrap();
    let kinds: Vec<&str> = chain.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["child", "parent", "bill"]);
    assert_eq!(chain[2]["id"], "BILL-7");
    assert_eq!(chain[2]["status"], "processing");
    assert_eq!(chain[2]["by"], "bina", "the user who loaded the parent");
    assert_eq!(chain[2]["at"], loaded_at);
    assert_eq!(chain[1]["by"], "admin");
    let parent = trace(&app, &admin, "SB00001").await;
    assert_eq!(parent["bag"]["bill_id"], "BILL-7");
    let kinds: Vec<&str> = parent["chain"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["parent", "bill"]);
}

#[tokio::test]
async fn bad_instants_unknown_and_invalid_qrs_are_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    new_parent(&app, &admin, "SB00001", None).await;
    for query in ["at=yesterday", "at=2026-13-01T00:00:00Z", "at=2026-11-28", "at=", "when=now"] {
        let response = app.get(&format!("/api/v1/trace/SB00001?{query}"), &admin).await;
        assert_problem(response, StatusCode::BAD_REQUEST, "malformed_request").await;
    }
    assert_problem(app.get("/api/v1/trace/SB09999", &admin).await, StatusCode::NOT_FOUND, "not_found").await;
    assert_problem(app.get("/api/v1/trace/NOSUCHCHILD", &admin).await, StatusCode::NOT_FOUND, "not_found").await;
    assert_problem(app.get("/api/v1/trace/SB%3C01%3E", &admin).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_qr")
        .await;
    let anonymous = app.request(Method::GET, "/api/v1/trace/SB00001", None, None).await;
    assert_problem(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
}
