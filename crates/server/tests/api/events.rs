//! The append-only history (SPEC §8): what every change writes, filters, pages, area isolation.

use std::collections::HashSet;

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

/// Every event of `GET /events?{query}` (one page of 500), newest first.
async fn events(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let response = app.get(&format!("/api/v1/events?{query}&limit=500"), token).await;
    assert_eq!(response.status(), StatusCode::OK, "GET /events?{query}");
    let page = body(response).await;
    assert_eq!(page["next_cursor"], Value::Null, "one page holds them all");
    page["items"].as_array().unwrap().clone()
}

/// `(kind, bag_qr)` of each event, oldest first.
fn steps(events: &[Value]) -> Vec<(String, String)> {
    events
        .iter()
        .rev()
        .map(|e| (e["kind"].as_str().unwrap().to_owned(), e["bag_qr"].as_str().unwrap_or("").to_owned()))
        .collect()
}

fn step(kind: &str, qr: &str) -> (String, String) {
    (kind.to_owned(), qr.to_owned())
}

async fn user_id(app: &TestApp, token: &str) -> String {
    body(app.get("/api/v1/auth/me", token).await).await["id"].as_str().unwrap().to_owned()
}

/// Query-string encoding of a timestamp (`+` of an offset would read as a space).
fn enc(value: &str) -> String {
    value.replace('+', "%2B")
}

#[tokio::test]
async fn every_change_of_a_moong_parent_writes_its_events() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let ravi = app.user_token("ravi", "dispatcher", Some("lucknow")).await;
    let ravi_id = user_id(&app, &ravi).await;
    new_parent(&app, &ravi, "M444-00001", None).await;
    let mut expected = vec![step("parent_created", "M444-00001")];
    for n in 1..=15 {
        let child = format!("MC{n:04}");
        let linked = link(&app, &ravi, "M444-00001", &child).await;
        expected.push(step("child_created", &child));
        expected.push(step("child_linked", &child));
        if n < 15 {
            assert_eq!(linked["parent"]["status"], "in_progress");
        }
    }
    expected.push(step("parent_completed", "M444-00001"));

    let all = events(&app, &admin, "parent=M444-00001").await;
    assert_eq!(steps(&all), expected);
    for event in &all {
        assert_eq!(event["actor_username"], "ravi", "{event}");
        assert_eq!(event["actor_id"], ravi_id.as_str(), "{event}");
        assert_eq!(event["area"], "lucknow", "{event}");
        assert_eq!(event["parent_qr"], "M444-00001", "{event}");
        assert!(event["occurred_at"].as_str().is_some());
    }
    let last_link = &all[1];
    assert_eq!(last_link["kind"], "child_linked");
    assert_eq!(last_link["details"]["child_count"], 15);
    assert_eq!(all[0]["occurred_at"], last_link["occurred_at"], "completed in the linking transaction");
    let detail = body(app.get("/api/v1/bags/M444-00001", &admin).await).await;
    assert_eq!(detail["bag"]["status"], "completed");

    // Nothing changes, nothing is written: a re-scan of the parent and of a linked child.
    assert_eq!(new_parent(&app, &ravi, "m444-00001", None).await["created"], false);
    let again = app.post("/api/v1/scans/child", &ravi, json!({"parent_qr": "M444-00001", "child_qr": "MC0003"})).await;
    assert_eq!(again.status(), StatusCode::OK);
    let full = app.post("/api/v1/scans/child", &ravi, json!({"parent_qr": "M444-00001", "child_qr": "MC0016"})).await;
    assert_eq!(full.status(), StatusCode::CONFLICT, "a completed parent takes no more children");
    assert_eq!(events(&app, &admin, "").await.len(), all.len(), "re-scans and refusals write no event");

    // Undo the last scan of the completed parent: unlinked and reopened; the child stays.
    let undone = app.request(Method::POST, "/api/v1/parents/M444-00001/undo", Some(&admin), None).await;
    assert_eq!(undone.status(), StatusCode::OK);
    let now = events(&app, &admin, "parent=M444-00001").await;
    assert_eq!(now.len(), all.len() + 2);
    assert_eq!(now[1]["kind"], "child_unlinked");
    assert_eq!(now[1]["bag_qr"], "MC0015");
    assert_eq!(now[1]["details"]["reason"], "undo");
    assert_eq!(now[1]["details"]["child_count"], 14);
    assert_eq!(now[1]["actor_username"], "admin");
    assert_eq!(now[0]["kind"], "parent_reopened");
    assert_eq!(now[0]["bag_qr"], "M444-00001");
    assert_eq!(now[0]["area"], "lucknow");
    let parent = body(app.get("/api/v1/bags/M444-00001", &admin).await).await;
    assert_eq!(parent["bag"]["status"], "in_progress");
    assert_eq!(parent["bag"]["child_count"], 14);
    let child = body(app.get("/api/v1/bags/MC0015", &admin).await).await;
    assert_eq!(child["bag"]["status"], "unlinked");
    assert_eq!(child["bag"]["parent_qr"], Value::Null);
    let child_history: Vec<String> =
        steps(&events(&app, &admin, "bag=MC0015").await).into_iter().map(|s| s.0).collect();
    assert_eq!(child_history, ["child_created", "child_linked", "child_unlinked"], "history keeps link and unlink");

    // Take one out by name, then close early: each writes its event.
    let out = app.request(Method::DELETE, "/api/v1/parents/M444-00001/children/MC0007", Some(&ravi), None).await;
    assert_eq!(out.status(), StatusCode::OK);
    let close = app.request(Method::POST, "/api/v1/parents/M444-00001/complete", Some(&ravi), None).await;
    assert_eq!(close.status(), StatusCode::OK);
    let latest = events(&app, &admin, "parent=M444-00001").await;
    assert_eq!(steps(&latest[..2]), [step("child_unlinked", "MC0007"), step("parent_completed", "M444-00001")]);
    assert_eq!(latest[1]["details"]["reason"], "unlink");
    assert_eq!(latest[0]["details"]["early"], true);
    assert_eq!(latest[0]["details"]["child_count"], 13);
    // Relinking a loose child (into another parent) writes a link but no creation.
    new_parent(&app, &ravi, "M444-00002", None).await;
    link(&app, &ravi, "M444-00002", "MC0007").await;
    let relinked = events(&app, &admin, "bag=MC0007").await;
    assert_eq!(steps(&relinked).last().unwrap(), &step("child_linked", "MC0007"));
    assert_eq!(relinked.iter().filter(|e| e["kind"] == "child_created").count(), 1);
}

/// lucknow: SB00001 by admin (+CH0003 by admin), SB00002 by lata (+CH0001 by lata);
/// indore: SB00003 by admin (+CH0002 by admin). Returns lata's token and id.
async fn fixture(app: &TestApp, admin: &str) -> (String, String) {
    let lata = app.user_token("lata", "dispatcher", Some("lucknow")).await;
    let lata_id = user_id(app, &lata).await;
    new_parent(app, admin, "SB00001", Some("lucknow")).await;
    new_parent(app, &lata, "SB00002", None).await;
    link(app, &lata, "SB00002", "CH0001").await;
    new_parent(app, admin, "SB00003", Some("indore")).await;
    link(app, admin, "SB00003", "CH0002").await;
    link(app, admin, "SB00001", "CH0003").await;
    (lata, lata_id)
}

#[tokio::test]
async fn events_filter_by_bag_parent_user_kind_and_area() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, lata_id) = fixture(&app, &admin).await;

    let all = events(&app, &admin, "").await;
    assert_eq!(all.len(), 9);
    let ids: Vec<i64> = all.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");

    let cases: Vec<(String, Vec<(String, String)>)> = vec![
        ("bag=ch0001".into(), vec![step("child_created", "CH0001"), step("child_linked", "CH0001")]),
        (
            "bag=SB00002".into(),
            vec![step("parent_created", "SB00002"), step("child_created", "CH0001"), step("child_linked", "CH0001")],
        ),
        (
            "parent=%20sb00003".into(),
            vec![step("parent_created", "SB00003"), step("child_created", "CH0002"), step("child_linked", "CH0002")],
        ),
        ("parent=CH0001".into(), vec![]),
        (
            format!("user={lata_id}"),
            vec![step("parent_created", "SB00002"), step("child_created", "CH0001"), step("child_linked", "CH0001")],
        ),
        (
            "kind=parent_created".into(),
            vec![
                step("parent_created", "SB00001"),
                step("parent_created", "SB00002"),
                step("parent_created", "SB00003"),
            ],
        ),
        (
            "area=indore".into(),
            vec![step("parent_created", "SB00003"), step("child_created", "CH0002"), step("child_linked", "CH0002")],
        ),
        ("kind=child_linked&area=lucknow".into(), vec![step("child_linked", "CH0001"), step("child_linked", "CH0003")]),
        (format!("user={lata_id}&kind=child_linked&bag=CH0001"), vec![step("child_linked", "CH0001")]),
        (format!("user={lata_id}&area=indore"), vec![]),
        ("kind=bag_deleted".into(), vec![]),
        ("area=jaipur".into(), vec![]),
    ];
    for (query, expected) in cases {
        assert_eq!(steps(&events(&app, &admin, &query).await), expected, "GET /events?{query}");
    }
    for event in events(&app, &admin, &format!("user={lata_id}")).await {
        assert_eq!(event["actor_id"], lata_id.as_str());
        assert_eq!(event["area"], "lucknow", "a dispatcher's parent gets their area");
    }
}

#[tokio::test]
async fn events_filter_by_time_range() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    fixture(&app, &admin).await;
    // The server's own clock: when each parent was created.
    let created = events(&app, &admin, "kind=parent_created").await;
    let at = |qr: &str| created.iter().find(|e| e["bag_qr"] == qr).unwrap()["occurred_at"].as_str().unwrap().to_owned();
    let (t1, t2, t3) = (at("SB00001"), at("SB00002"), at("SB00003"));
    let cases: Vec<(String, Vec<(String, String)>)> = vec![
        (
            format!("from={t2}&to={t3}"),
            vec![step("parent_created", "SB00002"), step("child_created", "CH0001"), step("child_linked", "CH0001")],
        ),
        (
            format!("from={t3}"),
            vec![
                step("parent_created", "SB00003"),
                step("child_created", "CH0002"),
                step("child_linked", "CH0002"),
                step("child_created", "CH0003"),
                step("child_linked", "CH0003"),
            ],
        ),
        (format!("to={t2}"), vec![step("parent_created", "SB00001")]),
        (format!("to={t1}"), vec![]),
        (format!("from={t1}&to={t1}"), vec![]),
        (format!("from={t2}&to={t3}&kind=child_linked"), vec![step("child_linked", "CH0001")]),
    ];
    for (query, expected) in cases {
        assert_eq!(steps(&events(&app, &admin, &query).await), expected, "GET /events?{query}");
    }
    // The same instant written with an offset.
    let t2_india = t2
        .parse::<chrono::DateTime<chrono::Utc>>()
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(5 * 3600 + 1800).unwrap())
        .to_rfc3339();
    let india = events(&app, &admin, &format!("from={}&to={t3}", enc(&t2_india))).await;
    assert_eq!(india.len(), 3);
}

#[tokio::test]
async fn events_page_with_a_cursor_without_repeats_or_gaps() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    new_parent(&app, &admin, "SB00001", Some("lucknow")).await;
    for n in 0..6 {
        link(&app, &admin, "SB00001", &format!("CH{n:04}")).await;
    }
    let before = events(&app, &admin, "").await;
    assert_eq!(before.len(), 13);
    let before_ids: Vec<i64> = before.iter().map(|e| e["id"].as_i64().unwrap()).collect();

    let mut seen = Vec::new();
    let mut cursor = String::new();
    let mut sizes = Vec::new();
    let mut extra = 100;
    loop {
        let response = app.get(&format!("/api/v1/events?limit=5{cursor}"), &admin).await;
        assert_eq!(response.status(), StatusCode::OK);
        let page = body(response).await;
        let items = page["items"].as_array().unwrap();
        sizes.push(items.len());
        seen.extend(items.iter().map(|e| e["id"].as_i64().unwrap()));
        let Some(next) = page["next_cursor"].as_str() else { break };
        cursor = format!("&cursor={next}");
        // History keeps growing while someone pages through it.
        link(&app, &admin, "SB00001", &format!("CH{extra:04}")).await;
        extra += 1;
    }
    assert_eq!(sizes, [5, 5, 3]);
    assert_eq!(seen, before_ids, "exactly the events that existed when paging started, newest first");
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), seen.len());

    // Filtered pages.
    let linked = events(&app, &admin, "kind=child_linked").await;
    let mut filtered = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = body(app.get(&format!("/api/v1/events?kind=child_linked&limit=2{cursor}"), &admin).await).await;
        filtered.extend(page["items"].as_array().unwrap().iter().cloned());
        let Some(next) = page["next_cursor"].as_str() else { break };
        cursor = format!("&cursor={next}");
    }
    assert_eq!(filtered, linked);
}

#[tokio::test]
async fn bad_event_queries_are_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for query in
        ["cursor=abc", "cursor=0", "cursor=-1", "colour=red", "user=ravi", "from=yesterday", "to=2026-02-30T00:00:00Z"]
    {
        let response = app.get(&format!("/api/v1/events?{query}"), &admin).await;
        assert_problem(response, StatusCode::BAD_REQUEST, "malformed_request").await;
    }
    for query in ["limit=0", "limit=501"] {
        let response = app.get(&format!("/api/v1/events?{query}"), &admin).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    let anonymous = app.request(Method::GET, "/api/v1/events", None, None).await;
    assert_problem(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn a_dispatcher_sees_only_their_areas_events() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    new_parent(&app, &admin, "SB00001", Some("lucknow")).await;
    link(&app, &admin, "SB00001", "CH0001").await;
    new_parent(&app, &admin, "SB00002", Some("indore")).await;
    link(&app, &admin, "SB00002", "CH0002").await;
    new_parent(&app, &admin, "SB00003", None).await;

    let indore = app.user_token("indu", "dispatcher", Some("indore")).await;
    let own = events(&app, &indore, "").await;
    assert_eq!(
        steps(&own),
        [step("parent_created", "SB00002"), step("child_created", "CH0002"), step("child_linked", "CH0002")]
    );
    for query in ["area=lucknow", "bag=SB00001", "parent=SB00001", "bag=CH0001", "kind=parent_created"] {
        let seen = events(&app, &indore, query).await;
        assert!(seen.iter().all(|e| e["area"] == "indore"), "GET /events?{query} as indore: {seen:?}");
    }
    assert!(events(&app, &indore, "area=lucknow").await.iter().all(|e| e["area"] == "indore"));
    assert_eq!(events(&app, &indore, "bag=SB00001").await, Vec::<Value>::new());
    assert_eq!(events(&app, &indore, "kind=parent_created").await.len(), 1);

    let lucknow = app.user_token("lakhan", "dispatcher", Some("lucknow")).await;
    assert_eq!(
        steps(&events(&app, &lucknow, "").await),
        [step("parent_created", "SB00001"), step("child_created", "CH0001"), step("child_linked", "CH0001")]
    );
    // Admins see every area, and events of no area.
    assert_eq!(events(&app, &admin, "").await.len(), 7);
}

#[tokio::test]
async fn events_cannot_be_rewritten_or_deleted() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    new_parent(&app, &admin, "SB00001", Some("lucknow")).await;
    link(&app, &admin, "SB00001", "CH0001").await;
    let count =
        || async { sqlx::query_scalar::<_, i64>("select count(*) from events").fetch_one(&app.pool).await.unwrap() };
    assert_eq!(count().await, 3);

    let rewrite = sqlx::query("update events set kind = 'x'").execute(&app.pool).await;
    assert!(rewrite.is_err(), "update events: {rewrite:?}");
    // A rewrite to values the table would otherwise accept is refused too.
    let plausible =
        sqlx::query("update events set kind = 'child_unlinked', details = '{}' where kind = 'child_linked'")
            .execute(&app.pool)
            .await;
    let error = plausible.expect_err("a plausible rewrite is refused");
    assert!(error.to_string().contains("append-only"), "{error}");
    let delete = sqlx::query("delete from events").execute(&app.pool).await;
    assert!(delete.is_err(), "delete from events: {delete:?}");
    let one = sqlx::query("delete from events where kind = 'child_created'").execute(&app.pool).await;
    assert!(one.is_err(), "{one:?}");

    assert_eq!(count().await, 3);
    let history = events(&app, &admin, "bag=CH0001").await;
    let kinds: Vec<&str> = history.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["child_linked", "child_created"], "unchanged");
}

#[tokio::test]
async fn loading_a_parent_onto_a_bill_is_in_its_areas_history() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    new_parent(&app, &admin, "SB00001", Some("lucknow")).await;
    link(&app, &admin, "SB00001", "CH0001").await;
    let created = app.post("/api/v1/bills", &admin, json!({"bill_id": "BILL-1", "capacity": 2})).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let loaded = app.post("/api/v1/bills/BILL-1/parents", &admin, json!({"qr": "SB00001"})).await;
    assert_eq!(loaded.status(), StatusCode::CREATED);

    let loading = events(&app, &admin, "bag=SB00001&kind=bill_parent_added").await;
    assert_eq!(loading.len(), 1);
    assert_eq!(loading[0]["bill_id"], "BILL-1");
    assert_eq!(loading[0]["area"], "lucknow", "the loaded parent's area: {}", loading[0]);
    assert_eq!(events(&app, &admin, "area=lucknow&kind=bill_parent_added").await.len(), 1);

    // A lucknow dispatcher's history of their own parent matches what its detail shows.
    let lucknow = app.user_token("lakhan", "dispatcher", Some("lucknow")).await;
    let detail = body(app.get("/api/v1/bags/SB00001", &lucknow).await).await;
    let shown: Vec<i64> =
        detail["recent_events"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    let history: Vec<i64> =
        events(&app, &lucknow, "bag=SB00001").await.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(history, shown, "GET /events?bag=SB00001 and GET /bags/SB00001 agree");
}
