//! Bag lists (filters, keyset pages), detail, area isolation and deletion (SPEC §6, §8).

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};

async fn body(response: Response) -> Value {
    response.json().await.unwrap()
}

/// Scans a parent (created or existing) and returns the answer.
async fn new_parent(app: &TestApp, token: &str, qr: &str, area: Option<&str>) -> Value {
    let response = app.post("/api/v1/scans/parent", token, json!({"qr": qr, "area": area})).await;
    assert!(response.status().is_success(), "scan parent {qr}: {}", response.status());
    body(response).await
}

/// Links a new child into a parent and returns the answer.
async fn link(app: &TestApp, token: &str, parent_qr: &str, child_qr: &str) -> Value {
    let response = app.post("/api/v1/scans/child", token, json!({"parent_qr": parent_qr, "child_qr": child_qr})).await;
    assert_eq!(response.status(), StatusCode::CREATED, "link {child_qr} into {parent_qr}");
    body(response).await
}

async fn undo(app: &TestApp, token: &str, parent_qr: &str) -> Value {
    let response = app.request(Method::POST, &format!("/api/v1/parents/{parent_qr}/undo"), Some(token), None).await;
    assert_eq!(response.status(), StatusCode::OK, "undo in {parent_qr}");
    body(response).await
}

/// Creates a bill and loads `parent_qr` onto it through the bill API.
async fn load_on_bill(app: &TestApp, token: &str, bill_id: &str, capacity: i32, parent_qr: &str) {
    let created = app.post("/api/v1/bills", token, json!({"bill_id": bill_id, "capacity": capacity})).await;
    assert_eq!(created.status(), StatusCode::CREATED, "create bill {bill_id}");
    let loaded = app.post(&format!("/api/v1/bills/{bill_id}/parents"), token, json!({"qr": parent_qr})).await;
    assert_eq!(loaded.status(), StatusCode::CREATED, "load {parent_qr} onto {bill_id}");
}

/// One page of `GET /bags?{query}`.
async fn page(app: &TestApp, token: &str, query: &str) -> Value {
    let response = app.get(&format!("/api/v1/bags?{query}"), token).await;
    assert_eq!(response.status(), StatusCode::OK, "GET /bags?{query}");
    body(response).await
}

/// The QRs of one (large) page of `GET /bags?{query}`, in the order served.
async fn qrs(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let query = if query.is_empty() { "limit=500".to_owned() } else { format!("{query}&limit=500") };
    let page = page(app, token, &query).await;
    assert_eq!(page["next_cursor"], Value::Null, "everything fits one page");
    page["items"].as_array().unwrap().iter().map(|b| b["qr"].as_str().unwrap().to_owned()).collect()
}

fn set(items: &[&str]) -> HashSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn as_set(items: Vec<String>) -> HashSet<String> {
    let len = items.len();
    let set: HashSet<String> = items.into_iter().collect();
    assert_eq!(set.len(), len, "no bag listed twice");
    set
}

/// Query-string encoding of a timestamp (`+` of an offset would read as a space).
fn enc(value: &str) -> String {
    value.replace('+', "%2B")
}

/// lucknow: SB00001 (CH0001, CH0002: in progress), M444-00001 (CH0003 linked then undone: pending);
/// indore: SB00002 (CH0004, completed early); no area: M444-00002 (pending).
async fn fixture(app: &TestApp, token: &str) {
    new_parent(app, token, "SB00001", Some("lucknow")).await;
    new_parent(app, token, "SB00002", Some("indore")).await;
    new_parent(app, token, "M444-00001", Some("lucknow")).await;
    new_parent(app, token, "M444-00002", None).await;
    link(app, token, "SB00001", "CH0001").await;
    link(app, token, "SB00001", "CH0002").await;
    link(app, token, "M444-00001", "CH0003").await;
    link(app, token, "SB00002", "CH0004").await;
    undo(app, token, "M444-00001").await;
    let completed = app.request(Method::POST, "/api/v1/parents/SB00002/complete", Some(token), None).await;
    assert_eq!(completed.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_list_is_newest_first_with_the_bag_shape() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    fixture(&app, &token).await;
    let all = page(&app, &token, "limit=500").await;
    let listed: Vec<&str> = all["items"].as_array().unwrap().iter().map(|b| b["qr"].as_str().unwrap()).collect();
    assert_eq!(
        listed,
        ["CH0004", "CH0003", "CH0002", "CH0001", "M444-00002", "M444-00001", "SB00002", "SB00001"],
        "newest first"
    );
    let items = all["items"].as_array().unwrap();
    let sb1 = items.iter().find(|b| b["qr"] == "SB00001").unwrap();
    assert_eq!(sb1["kind"], "parent");
    assert_eq!(sb1["status"], "in_progress");
    assert_eq!(sb1["area"], "lucknow");
    assert_eq!(sb1["parent_type"], "mustard");
    assert_eq!(sb1["child_count"], 2);
    assert_eq!(sb1["max_children"], 30);
    assert_eq!(sb1["bill_id"], Value::Null);
    assert!(sb1.get("parent_qr").is_none(), "{sb1}");
    assert!(sb1["created_at"].as_str().is_some());
    let ch1 = items.iter().find(|b| b["qr"] == "CH0001").unwrap();
    assert_eq!(ch1["kind"], "child");
    assert_eq!(ch1["status"], "linked");
    assert_eq!(ch1["parent_qr"], "SB00001");
    assert_eq!(ch1["area"], "lucknow", "a child inherits its parent's area");
    assert!(ch1.get("parent_type").is_none() && ch1.get("bill_id").is_none(), "{ch1}");
    let ch3 = items.iter().find(|b| b["qr"] == "CH0003").unwrap();
    assert_eq!(ch3["status"], "unlinked");
    assert_eq!(ch3["parent_qr"], Value::Null);
}

#[tokio::test]
async fn the_list_filters_by_kind_type_area_status_and_link() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    fixture(&app, &token).await;
    let cases: [(&str, &[&str]); 17] = [
        ("kind=parent", &["SB00001", "SB00002", "M444-00001", "M444-00002"]),
        ("kind=child", &["CH0001", "CH0002", "CH0003", "CH0004"]),
        ("type=moong", &["M444-00001", "M444-00002"]),
        ("type=mustard", &["SB00001", "SB00002"]),
        ("area=lucknow", &["SB00001", "M444-00001", "CH0001", "CH0002", "CH0003"]),
        ("area=indore", &["SB00002", "CH0004"]),
        ("area=jaipur", &[]),
        ("status=completed", &["SB00002"]),
        ("status=in_progress", &["SB00001"]),
        ("status=pending", &["M444-00001", "M444-00002"]),
        ("status=unlinked", &["CH0003"]),
        ("status=linked", &["CH0001", "CH0002", "CH0004"]),
        ("kind=child&linked=true", &["CH0001", "CH0002", "CH0004"]),
        ("kind=child&linked=false", &["CH0003"]),
        ("kind=parent&linked=true", &["SB00001", "SB00002"]),
        ("kind=child&area=lucknow&linked=true", &["CH0001", "CH0002"]),
        ("type=moong&area=lucknow&status=pending", &["M444-00001"]),
    ];
    for (query, expected) in cases {
        assert_eq!(as_set(qrs(&app, &token, query).await), set(expected), "GET /bags?{query}");
    }
    // Created by a user.
    let biller = app.user_token("bina", "biller", None).await;
    new_parent(&app, &biller, "SB00077", None).await;
    let me: Value = body(app.get("/api/v1/auth/me", &biller).await).await;
    let by_biller = qrs(&app, &token, &format!("user={}", me["id"].as_str().unwrap())).await;
    assert_eq!(by_biller, ["SB00077"]);
    assert_eq!(qrs(&app, &token, &format!("user={}", uuid::Uuid::new_v4())).await, Vec::<String>::new());
}

#[tokio::test]
async fn the_list_filters_by_bill_text_and_parent() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    for qr in ["SB00001", "SB00002", "SB00010", "M444-00001"] {
        new_parent(&app, &token, qr, Some("lucknow")).await;
    }
    for child in ["CHA001", "CHA002", "CHA003"] {
        link(&app, &token, "SB00001", child).await;
    }
    link(&app, &token, "SB00002", "CHB001").await;
    load_on_bill(&app, &token, "BILL-1", 5, "SB00002").await;

    let cases: [(&str, &[&str]); 14] = [
        ("kind=parent&billed=false", &["SB00001", "SB00010", "M444-00001"]),
        ("billed=true", &["SB00002"]),
        ("bill=bill-1", &["SB00002"]),
        ("q=sb0000", &["SB00001", "SB00002"]),
        ("q=SB0001", &["SB00010"]),
        ("q=m444", &["M444-00001"]),
        ("q=%20sb00001%20", &["SB00001"]),
        ("q=cha", &["CHA001", "CHA002", "CHA003"]),
        ("q=ha", &[]),
        ("q=ch&kind=parent", &[]),
        ("parent=sb00001", &["CHA001", "CHA002", "CHA003"]),
        ("parent=SB00002", &["CHB001"]),
        ("parent=SB00010", &[]),
        ("parent=SB09999", &[]),
    ];
    for (query, expected) in cases {
        assert_eq!(as_set(qrs(&app, &token, query).await), set(expected), "GET /bags?{query}");
    }
    let unbilled = as_set(qrs(&app, &token, "billed=false").await);
    assert!(!unbilled.contains("SB00002") && unbilled.is_superset(&set(&["SB00001", "SB00010", "M444-00001"])));
    let billed = page(&app, &token, "billed=true").await;
    assert_eq!(billed["items"][0]["bill_id"], "BILL-1");
}

#[tokio::test]
async fn the_text_filter_is_a_literal_prefix() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_parent(&app, &token, "SB00001", None).await;
    link(&app, &token, "SB00001", "CH0001").await;
    // "S_" and "_" are no prefix of any stored QR (QRs hold no `_`).
    for query in ["q=S_", "q=_", "q=__0001", "q=SB%2500001"] {
        assert_eq!(qrs(&app, &token, query).await, Vec::<String>::new(), "GET /bags?{query}");
    }
}

/// A prefix search (alone, or with a kind) takes its page's ids from the QR index; it pages
/// newest first like every other list, and a dispatcher's search stays inside the area.
#[tokio::test]
async fn a_prefix_search_pages_newest_first() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    for qr in ["SB00001", "SB00002", "SB00003", "SB00004", "SB00005", "M444-00006"] {
        new_parent(&app, &token, qr, Some(if qr == "SB00003" { "indore" } else { "lucknow" })).await;
    }
    link(&app, &token, "SB00001", "SBX01").await;
    link(&app, &token, "SB00002", "SBX02").await;
    let walk = |query: &'static str| {
        let app = &app;
        let token = &token;
        async move {
            let mut seen = Vec::new();
            let mut next = format!("{query}&limit=2");
            loop {
                let page = page(app, token, &next).await;
                let items = page["items"].as_array().unwrap();
                assert!(items.len() <= 2);
                seen.extend(items.iter().map(|b| b["qr"].as_str().unwrap().to_owned()));
                match page["next_cursor"].as_str() {
                    Some(cursor) => next = format!("{query}&limit=2&cursor={cursor}"),
                    None => break seen,
                }
            }
        }
    };
    assert_eq!(walk("q=sb").await, ["SBX02", "SBX01", "SB00005", "SB00004", "SB00003", "SB00002", "SB00001"]);
    assert_eq!(walk("q=sb&kind=parent").await, ["SB00005", "SB00004", "SB00003", "SB00002", "SB00001"]);
    assert_eq!(walk("q=sb&kind=child").await, ["SBX02", "SBX01"]);
    assert_eq!(walk("q=sb&kind=parent&status=in_progress").await, ["SB00002", "SB00001"]);
    let dispatcher = app.user_token("dina", "dispatcher", Some("indore")).await;
    assert_eq!(qrs(&app, &dispatcher, "q=sb").await, ["SB00003"]);
}

#[tokio::test]
async fn the_list_filters_by_creation_date_range() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let days =
        [("SB00001", "2026-01-10T00:00:00Z"), ("SB00002", "2026-01-15T00:00:00Z"), ("SB00003", "2026-01-20T00:00:00Z")];
    for (qr, day) in days {
        new_parent(&app, &token, qr, None).await;
        sqlx::query("update bags set created_at = $2::timestamptz where qr = $1")
            .bind(qr)
            .bind(day)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    let cases: [(String, &[&str]); 7] = [
        ("from=2026-01-12T00:00:00Z&to=2026-01-20T00:00:00Z".into(), &["SB00002"]),
        ("from=2026-01-15T00:00:00Z".into(), &["SB00002", "SB00003"]),
        ("to=2026-01-15T00:00:00Z".into(), &["SB00001"]),
        ("from=2026-01-10T00:00:00Z&to=2026-01-10T00:00:01Z".into(), &["SB00001"]),
        ("from=2026-01-21T00:00:00Z".into(), &[]),
        // The same instant as the second bag, written in India's offset.
        (
            format!("from={}&to={}", enc("2026-01-15T05:30:00+05:30"), enc("2026-01-15T05:30:00.000001+05:30")),
            &["SB00002"],
        ),
        ("from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&q=SB0000".into(), &["SB00001", "SB00002", "SB00003"]),
    ];
    for (query, expected) in cases {
        assert_eq!(as_set(qrs(&app, &token, &query).await), set(expected), "GET /bags?{query}");
    }
}

/// Pages through `GET /bags?{query}` with `limit`, calling `between` after every page.
async fn walk<F, Fut>(app: &TestApp, token: &str, query: &str, limit: u32, mut between: F) -> Vec<String>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for n in 0.. {
        assert!(n < 100, "paging does not end");
        let mut path = format!("{query}&limit={limit}");
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={cursor}"));
        }
        let page = page(app, token, &path).await;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= limit as usize, "page size");
        seen.extend(items.iter().map(|b| b["qr"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(next) => {
                assert_eq!(items.len(), limit as usize, "a page with a next cursor is full");
                cursor = Some(next.to_owned());
            }
            None => break,
        }
        between(n).await;
    }
    seen
}

#[tokio::test]
async fn keyset_pages_never_repeat_or_skip_while_bags_are_added_between_pages() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    for n in 1..=11 {
        new_parent(&app, &token, &format!("SB{n:05}"), Some("lucknow")).await;
    }
    for n in 1..=4 {
        link(&app, &token, "SB00003", &format!("CH{n:04}")).await;
    }
    let before = qrs(&app, &token, "").await;
    assert_eq!(before.len(), 15);

    let next = std::cell::Cell::new(100);
    let (app_ref, token_ref, next_ref) = (&app, &token, &next);
    let added = walk(&app, &token, "area=lucknow", 4, move |_| {
        let n = next_ref.get();
        next_ref.set(n + 2);
        let (app, token) = (app_ref, token_ref);
        async move {
            // New parents, and a new child into an old parent, between every two pages.
            new_parent(app, token, &format!("SB{n:05}"), Some("lucknow")).await;
            new_parent(app, token, &format!("SB{:05}", n + 1), Some("lucknow")).await;
            link(app, token, "SB00005", &format!("NEW{n:04}")).await;
        }
    })
    .await;
    assert_eq!(added, before, "the pages are exactly the bags that existed when paging started, in order");

    // Filtered pages, too (parents only, limit 1).
    let parents_before = qrs(&app, &token, "kind=parent").await;
    let mut next = 200;
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = page(&app, &token, &format!("kind=parent&limit=1{cursor}")).await;
        seen.extend(page["items"].as_array().unwrap().iter().map(|b| b["qr"].as_str().unwrap().to_owned()));
        let Some(next_cursor) = page["next_cursor"].as_str() else { break };
        cursor = format!("&cursor={next_cursor}");
        new_parent(&app, &token, &format!("SB{next:05}"), None).await;
        next += 1;
    }
    assert_eq!(seen, parents_before);
}

#[tokio::test]
async fn keyset_pages_never_repeat_or_skip_while_bags_are_inserted_concurrently() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    for n in 1..=20 {
        new_parent(&app, &token, &format!("SB{n:05}"), None).await;
    }
    let before = qrs(&app, &token, "").await;
    assert_eq!(before.len(), 20);

    // The first page marks the start of paging; a writer then inserts parents while the
    // remaining pages are fetched.
    let first = page(&app, &token, "limit=3").await;
    let mut seen: Vec<String> =
        first["items"].as_array().unwrap().iter().map(|b| b["qr"].as_str().unwrap().to_owned()).collect();
    let mut cursor = first["next_cursor"].as_str().unwrap().to_owned();

    let stop = Arc::new(AtomicBool::new(false));
    let inserted = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (client, url, token) = (app.client.clone(), app.url("/api/v1/scans/parent"), token.clone());
        let (stop, inserted) = (stop.clone(), inserted.clone());
        tokio::spawn(async move {
            let mut n = 1000;
            while !stop.load(Ordering::SeqCst) {
                let response = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({"qr": format!("SB{n:05}")}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), StatusCode::CREATED);
                inserted.fetch_add(1, Ordering::SeqCst);
                n += 1;
            }
        })
    };
    loop {
        // At least one insert lands between every two pages; more may race with the fetch.
        let floor = inserted.load(Ordering::SeqCst);
        while inserted.load(Ordering::SeqCst) == floor {
            assert!(!writer.is_finished(), "the writer stopped early");
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        let page = page(&app, &token, &format!("limit=3&cursor={cursor}")).await;
        seen.extend(page["items"].as_array().unwrap().iter().map(|b| b["qr"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => break,
        }
    }
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    assert!(inserted.load(Ordering::SeqCst) >= 6, "the writer ran between the pages");
    assert_eq!(seen, before, "no repeats, no skips, nothing inserted after paging started");
    let total = qrs(&app, &token, "").await.len();
    assert_eq!(total, 20 + inserted.load(Ordering::SeqCst));
}

#[tokio::test]
async fn bad_cursors_limits_and_query_strings_are_refused() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_parent(&app, &token, "SB00001", None).await;
    for query in ["cursor=abc", "cursor=0", "cursor=-5", "cursor=", "cursor=1.2"] {
        let response = app.get(&format!("/api/v1/bags?{query}"), &token).await;
        assert_problem(response, StatusCode::BAD_REQUEST, "malformed_request").await;
    }
    for query in ["limit=0", "limit=501"] {
        let response = app.get(&format!("/api/v1/bags?{query}"), &token).await;
        let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(problem["details"]["fields"][0]["field"], "limit", "{problem}");
    }
    for query in ["colour=red", "kind=box", "linked=maybe", "billed=2", "from=yesterday", "user=ravi", "limit=-1"] {
        let response = app.get(&format!("/api/v1/bags?{query}"), &token).await;
        assert_problem(response, StatusCode::BAD_REQUEST, "malformed_request").await;
    }
    for query in ["limit=1", "limit=500"] {
        assert_eq!(page(&app, &token, query).await["items"].as_array().unwrap().len(), 1, "{query}");
    }
    let unauthenticated = app.request(Method::GET, "/api/v1/bags", None, None).await;
    assert_problem(unauthenticated, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn the_detail_finds_a_bag_by_any_case_or_spacing() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_parent(&app, &token, "SB00001", Some("lucknow")).await;
    new_parent(&app, &token, "M444-00007", None).await;
    link(&app, &token, "SB00001", "CHX01").await;
    for (path, qr) in [
        ("sb00001", "SB00001"),
        ("%20SB00001%20", "SB00001"),
        ("%20sb00001", "SB00001"),
        ("Sb00001%E2%80%8B", "SB00001"),
        ("m444-00007", "M444-00007"),
        ("chx01", "CHX01"),
    ] {
        let response = app.get(&format!("/api/v1/bags/{path}"), &token).await;
        assert_eq!(response.status(), StatusCode::OK, "GET /bags/{path}");
        assert_eq!(body(response).await["bag"]["qr"], qr, "GET /bags/{path}");
    }
    assert_problem(app.get("/api/v1/bags/SB09999", &token).await, StatusCode::NOT_FOUND, "not_found").await;
    let too_long = "A".repeat(300);
    for path in ["%20", "%E2%80%8B", too_long.as_str()] {
        let response = app.get(&format!("/api/v1/bags/{path}"), &token).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_qr").await;
    }
    assert_problem(app.get("/api/v1/bags/SB%3C01", &token).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_qr").await;
}

#[tokio::test]
async fn a_parents_detail_lists_its_children_newest_first_and_its_recent_events() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_parent(&app, &token, "SB00001", Some("lucknow")).await;
    for child in ["CH0001", "CH0002", "CH0003"] {
        link(&app, &token, "SB00001", child).await;
    }
    // Take the oldest out and put it back: it is now the most recently linked.
    let out = app.request(Method::DELETE, "/api/v1/parents/SB00001/children/CH0001", Some(&token), None).await;
    assert_eq!(out.status(), StatusCode::OK);
    link(&app, &token, "SB00001", "CH0001").await;

    let detail = body(app.get("/api/v1/bags/SB00001", &token).await).await;
    assert_eq!(detail["bag"]["qr"], "SB00001");
    assert_eq!(detail["bag"]["child_count"], 3);
    assert_eq!(detail["bag"]["status"], "in_progress");
    assert_eq!(detail["parent"], Value::Null);
    let children: Vec<&str> =
        detail["children"].as_array().unwrap().iter().map(|c| c["qr"].as_str().unwrap()).collect();
    assert_eq!(children, ["CH0001", "CH0003", "CH0002"], "most recently linked first");
    assert!(
        detail["children"].as_array().unwrap().iter().all(|c| c["parent_qr"] == "SB00001" && c["status"] == "linked")
    );

    let events = detail["recent_events"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> =
        events.iter().map(|e| (e["kind"].as_str().unwrap(), e["bag_qr"].as_str().unwrap())).collect();
    assert_eq!(
        kinds,
        [
            ("child_linked", "CH0001"),
            ("child_unlinked", "CH0001"),
            ("child_linked", "CH0003"),
            ("child_created", "CH0003"),
            ("child_linked", "CH0002"),
            ("child_created", "CH0002"),
            ("child_linked", "CH0001"),
            ("child_created", "CH0001"),
            ("parent_created", "SB00001"),
        ],
        "newest first"
    );
    let ids: Vec<i64> = events.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "{ids:?}");
    assert!(events.iter().all(|e| e["actor_username"] == "admin" && e["area"] == "lucknow"));
}

#[tokio::test]
async fn a_parents_recent_events_are_the_fifty_newest() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_parent(&app, &token, "SB00001", None).await;
    for n in 0..30 {
        link(&app, &token, "SB00001", &format!("CH{n:04}")).await;
    }
    let detail = body(app.get("/api/v1/bags/SB00001", &token).await).await;
    assert_eq!(detail["children"].as_array().unwrap().len(), 30);
    assert_eq!(detail["bag"]["status"], "completed");
    let events = detail["recent_events"].as_array().unwrap();
    assert_eq!(events.len(), 50);
    assert_eq!(events[0]["kind"], "parent_completed");
    assert_eq!(events[1]["kind"], "child_linked");
    assert_eq!(events[1]["bag_qr"], "CH0029");
}

#[tokio::test]
async fn a_childs_detail_names_its_parent() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_parent(&app, &token, "SB00001", Some("jaipur")).await;
    link(&app, &token, "SB00001", "CH0001").await;
    link(&app, &token, "SB00001", "CH0002").await;
    let detail = body(app.get("/api/v1/bags/ch0002", &token).await).await;
    assert_eq!(detail["bag"]["kind"], "child");
    assert_eq!(detail["bag"]["status"], "linked");
    assert_eq!(detail["bag"]["parent_qr"], "SB00001");
    assert_eq!(detail["bag"]["area"], "jaipur");
    assert_eq!(detail["parent"]["qr"], "SB00001");
    assert_eq!(detail["parent"]["kind"], "parent");
    assert_eq!(detail["parent"]["child_count"], 2);
    assert_eq!(detail["children"], json!([]));
    let kinds: Vec<&str> =
        detail["recent_events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["child_linked", "child_created"], "only this child's events");

    // Unlinked: no parent any more.
    undo(&app, &token, "SB00001").await;
    let detail = body(app.get("/api/v1/bags/CH0002", &token).await).await;
    assert_eq!(detail["bag"]["status"], "unlinked");
    assert_eq!(detail["bag"]["parent_qr"], Value::Null);
    assert_eq!(detail["parent"], Value::Null);
    assert_eq!(detail["recent_events"][0]["kind"], "child_unlinked");
}

#[tokio::test]
async fn a_childs_detail_and_trace_show_its_parents_bill() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    new_parent(&app, &token, "SB00001", Some("jaipur")).await;
    link(&app, &token, "SB00001", "CH0001").await;
    load_on_bill(&app, &token, "BILL-7", 3, "SB00001").await;

    let detail = body(app.get("/api/v1/bags/CH0001", &token).await).await;
    assert_eq!(detail["bag"]["parent_qr"], "SB00001");
    assert_eq!(detail["bag"].get("bill_id"), None, "a child is never on a bill itself");
    assert_eq!(detail["parent"]["qr"], "SB00001");
    assert_eq!(detail["parent"]["bill_id"], "BILL-7");
    assert_eq!(detail["parent"].get("parent_qr"), None);
    assert_eq!(detail["children"], json!([]));

    let parent = body(app.get("/api/v1/bags/SB00001", &token).await).await;
    assert_eq!(parent["bag"]["bill_id"], "BILL-7");
    assert_eq!(parent["children"][0]["qr"], "CH0001");
    assert_eq!(parent["children"][0]["parent_qr"], "SB00001");

    let trace = body(app.get("/api/v1/trace/CH0001", &token).await).await;
    let chain: Vec<(&str, &str)> = trace["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["kind"].as_str().unwrap(), s["id"].as_str().unwrap()))
        .collect();
    assert_eq!(chain, [("child", "CH0001"), ("parent", "SB00001"), ("bill", "BILL-7")]);
    assert_eq!(trace["children"], json!([]));
}

#[tokio::test]
async fn a_dispatcher_never_sees_another_areas_bags() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    new_parent(&app, &admin, "SB00001", Some("lucknow")).await;
    link(&app, &admin, "SB00001", "CH0001").await;
    new_parent(&app, &admin, "SB00002", Some("indore")).await;
    link(&app, &admin, "SB00002", "CH0002").await;
    new_parent(&app, &admin, "SB00003", None).await;

    let indore = app.user_token("indu", "dispatcher", Some("indore")).await;
    for path in [
        "/api/v1/bags/SB00001",
        "/api/v1/bags/CH0001",
        "/api/v1/bags/sb00001",
        "/api/v1/trace/SB00001",
        "/api/v1/trace/ch0001",
        "/api/v1/bags/SB00003",
        "/api/v1/trace/SB00003",
    ] {
        // Said plainly, and nothing else about the bag.
        let refused = assert_problem(app.get(path, &indore).await, StatusCode::FORBIDDEN, "other_area").await;
        assert!(refused.get("details").is_none(), "{refused}");
    }
    assert_problem(app.get("/api/v1/bags/SB09999", &indore).await, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(as_set(qrs(&app, &indore, "").await), set(&["SB00002", "CH0002"]));
    for query in ["area=lucknow", "q=SB00001", "parent=SB00001", "q=CH0001", "area=lucknow&kind=parent"] {
        assert_eq!(qrs(&app, &indore, query).await, Vec::<String>::new(), "GET /bags?{query} as an indore dispatcher");
    }
    assert_eq!(qrs(&app, &indore, "area=indore&kind=child").await, ["CH0002"]);

    let lucknow = app.user_token("lakhan", "dispatcher", Some("lucknow")).await;
    let detail = app.get("/api/v1/bags/SB00001", &lucknow).await;
    assert_eq!(detail.status(), StatusCode::OK);
    assert_eq!(body(detail).await["children"][0]["qr"], "CH0001");
    assert_eq!(app.get("/api/v1/trace/CH0001", &lucknow).await.status(), StatusCode::OK);
    assert_eq!(as_set(qrs(&app, &lucknow, "").await), set(&["SB00001", "CH0001"]));
    assert_eq!(qrs(&app, &lucknow, "area=indore").await, Vec::<String>::new());
    assert_problem(app.get("/api/v1/bags/SB00002", &lucknow).await, StatusCode::FORBIDDEN, "other_area").await;
}

#[tokio::test]
async fn deleting_a_bag_keeps_its_history_and_refuses_linked_ones() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    new_parent(&app, &admin, "SB00001", Some("lucknow")).await;
    link(&app, &admin, "SB00001", "CH0001").await;
    link(&app, &admin, "SB00001", "CH0002").await;
    undo(&app, &admin, "SB00001").await; // CH0002 is loose now
    new_parent(&app, &admin, "SB00003", Some("lucknow")).await;

    let dispatcher = app.user_token("lata", "dispatcher", Some("lucknow")).await;
    let refused = app.request(Method::DELETE, "/api/v1/bags/CH0002", Some(&dispatcher), None).await;
    assert_problem(refused, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(app.get("/api/v1/bags/CH0002", &admin).await.status(), StatusCode::OK, "still there");

    let biller = app.user_token("bina", "biller", None).await;
    let deleted = app.request(Method::DELETE, "/api/v1/bags/ch0002", Some(&biller), None).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_problem(app.get("/api/v1/bags/CH0002", &admin).await, StatusCode::NOT_FOUND, "not_found").await;
    assert_problem(app.get("/api/v1/trace/CH0002", &admin).await, StatusCode::NOT_FOUND, "not_found").await;
    assert!(!qrs(&app, &admin, "").await.contains(&"CH0002".to_owned()));
    let again = app.request(Method::DELETE, "/api/v1/bags/CH0002", Some(&biller), None).await;
    assert_problem(again, StatusCode::NOT_FOUND, "not_found").await;

    let history = body(app.get("/api/v1/events?bag=CH0002", &admin).await).await;
    let items = history["items"].as_array().unwrap();
    let kinds: Vec<&str> = items.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["bag_deleted", "child_unlinked", "child_linked", "child_created"]);
    assert_eq!(items[0]["bag_qr"], "CH0002");
    assert_eq!(items[0]["actor_username"], "bina");
    assert_eq!(items[0]["area"], "lucknow");

    let linked = app.request(Method::DELETE, "/api/v1/bags/CH0001", Some(&biller), None).await;
    let problem = assert_problem(linked, StatusCode::CONFLICT, "child_in_parent").await;
    assert!(problem["message"].as_str().unwrap().contains("SB00001"), "{problem}");
    let full = app.request(Method::DELETE, "/api/v1/bags/SB00001", Some(&admin), None).await;
    assert_problem(full, StatusCode::CONFLICT, "parent_not_empty").await;
    let invalid = app.request(Method::DELETE, "/api/v1/bags/SB%3C0001", Some(&admin), None).await;
    assert_problem(invalid, StatusCode::UNPROCESSABLE_ENTITY, "invalid_qr").await;
    let invalid = app.request(Method::DELETE, "/api/v1/bags/SB<0001", Some(&admin), None).await;
    assert_problem(invalid, StatusCode::UNPROCESSABLE_ENTITY, "invalid_qr").await;
    for qr in ["CH0001", "SB00001"] {
        assert_eq!(app.get(&format!("/api/v1/bags/{qr}"), &admin).await.status(), StatusCode::OK, "{qr} stays");
    }
    let kept: i64 = sqlx::query_scalar("select count(*) from events where kind = 'bag_deleted'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(kept, 1, "refused deletions record nothing");

    // An empty parent can go.
    let empty = app.request(Method::DELETE, "/api/v1/bags/SB00003", Some(&admin), None).await;
    assert_eq!(empty.status(), StatusCode::NO_CONTENT);
    assert_problem(app.get("/api/v1/bags/SB00003", &admin).await, StatusCode::NOT_FOUND, "not_found").await;
    let history = body(app.get("/api/v1/events?bag=SB00003", &admin).await).await;
    assert_eq!(history["items"][0]["kind"], "bag_deleted");
    assert_eq!(history["items"][1]["kind"], "parent_created");
}

#[tokio::test]
async fn a_parent_on_a_bill_cannot_be_deleted() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    new_parent(&app, &admin, "SB00001", None).await;
    load_on_bill(&app, &admin, "BILL-9", 2, "SB00001").await;
    let refused = app.request(Method::DELETE, "/api/v1/bags/SB00001", Some(&admin), None).await;
    let problem = assert_problem(refused, StatusCode::CONFLICT, "parent_on_bill").await;
    assert!(problem["message"].as_str().unwrap().contains("BILL-9"), "{problem}");
    assert_eq!(app.get("/api/v1/bags/SB00001", &admin).await.status(), StatusCode::OK);
}
