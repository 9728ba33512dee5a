//! `Idempotency-Key` on scan endpoints (issue: replays apply once, even in parallel).

use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, assert_problem, spawn_app};

async fn keyed_child_scan_response(app: &TestApp, token: &str, key: &str, child: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/scans/child"))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&json!({"parent_qr": "SB00001", "child_qr": child}))
        .send()
        .await
        .unwrap()
}

async fn keyed_child_scan(app: &TestApp, token: &str, key: &str, child: &str) -> (StatusCode, Vec<u8>) {
    let response = keyed_child_scan_response(app, token, key, child).await;
    (response.status(), response.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn a_replay_returns_the_first_answer_byte_for_byte_and_changes_nothing() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.scan_parent(&token, "SB00001", None).await;
    let first = keyed_child_scan(&app, &token, "scan-1", "KID0001").await;
    assert_eq!(first.0, StatusCode::CREATED);
    let events: i64 = sqlx::query_scalar("select count(*) from events").fetch_one(&app.pool).await.unwrap();
    let replay = keyed_child_scan(&app, &token, "scan-1", "KID0001").await;
    assert_eq!(replay, first);
    let after: i64 = sqlx::query_scalar("select count(*) from events").fetch_one(&app.pool).await.unwrap();
    assert_eq!(events, after);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_a_conflict() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.scan_parent(&token, "SB00001", None).await;
    keyed_child_scan(&app, &token, "scan-1", "KID0001").await;
    let response = app
        .client
        .post(app.url("/api/v1/scans/child"))
        .bearer_auth(&token)
        .header("Idempotency-Key", "scan-1")
        .json(&json!({"parent_qr": "SB00001", "child_qr": "KID0002"}))
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::CONFLICT, "idempotency_conflict").await;
}

#[tokio::test]
async fn parallel_retries_apply_once() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.scan_parent(&token, "SB00001", None).await;
    for round in 0..5 {
        let key = format!("retry-{round}");
        let child = format!("KID{round:04}");
        let answers = join_all((0..12).map(|_| keyed_child_scan(&app, &token, &key, &child))).await;
        assert!(answers.iter().all(|a| a == &answers[0]), "round {round}: answers differ");
        assert_eq!(answers[0].0, StatusCode::CREATED);
        let links: i64 = sqlx::query_scalar("select count(*) from events where kind = 'child_linked' and bag_qr = $1")
            .bind(&child)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(links, 1, "round {round}");
    }
}

#[tokio::test]
async fn keys_are_per_user_and_expire_after_a_day() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let other = app.user_token("bina", "biller", None).await;
    app.scan_parent(&admin, "SB00001", None).await;
    assert_eq!(keyed_child_scan(&app, &admin, "k", "KID0001").await.0, StatusCode::CREATED);
    // Another user's identical key is their own.
    assert_eq!(keyed_child_scan(&app, &other, "k", "KID0002").await.0, StatusCode::CREATED);
    sqlx::query("update idempotency_keys set created_at = now() - interval '25 hours'")
        .execute(&app.pool)
        .await
        .unwrap();
    // Expired: the key is fresh again, so this different request is applied, not refused.
    assert_eq!(keyed_child_scan(&app, &admin, "k", "KID0003").await.0, StatusCode::CREATED);
    // Housekeeping forgets the other user's expired answer and keeps the fresh one.
    let (answers, _) = tracetrack_server::housekeeping::run_once(&app.pool).await.unwrap();
    assert_eq!(answers, 1);
    let left: i64 = sqlx::query_scalar("select count(*) from idempotency_keys").fetch_one(&app.pool).await.unwrap();
    assert_eq!(left, 1);
}

#[tokio::test]
async fn a_bad_key_is_400() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let long = "k".repeat(201);
    let response = app
        .client
        .post(app.url("/api/v1/scans/parent"))
        .bearer_auth(&token)
        .header("Idempotency-Key", long)
        .json(&json!({"qr": "SB00001"}))
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::BAD_REQUEST, "malformed_request").await;
}

/// Sends `method path body` twice with one key; both answers equal, the second marked replayed.
async fn twice(app: &TestApp, token: &str, method: reqwest::Method, path: &str, body: Option<serde_json::Value>) {
    let send = || {
        let mut request =
            app.client.request(method.clone(), app.url(path)).bearer_auth(token).header("Idempotency-Key", path);
        if let Some(body) = &body {
            request = request.json(body);
        }
        request.send()
    };
    let first = send().await.unwrap();
    assert!(first.status().is_success(), "{method} {path}: {}", first.status());
    assert!(first.headers().get("idempotent-replayed").is_none(), "{method} {path}");
    let (status, body_one) = (first.status(), first.bytes().await.unwrap());
    let again = send().await.unwrap();
    assert_eq!(again.status(), status, "{method} {path}");
    assert_eq!(
        again.headers().get("idempotent-replayed").map(|v| v.to_str().unwrap()),
        Some("true"),
        "{method} {path}"
    );
    assert_eq!(again.bytes().await.unwrap(), body_one, "{method} {path}");
}

#[tokio::test]
async fn every_documented_idempotent_operation_replays() {
    use reqwest::Method;
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let done = api::openapi::IDEMPOTENT_OPERATIONS;
    twice(&app, &token, Method::POST, "/api/v1/scans/parent", Some(json!({"qr": "SB00001", "area": "lucknow"}))).await;
    for child in ["KID0001", "KID0002", "KID0003"] {
        app.scan_child(&token, "SB00001", child).await;
    }
    let body = json!({"parent_qr": "SB00001", "child_qr": "KID0004"});
    twice(&app, &token, Method::POST, "/api/v1/scans/child", Some(body)).await;
    twice(&app, &token, Method::POST, "/api/v1/parents/SB00001/undo", None).await;
    twice(&app, &token, Method::DELETE, "/api/v1/parents/SB00001/children/KID0003", None).await;
    twice(&app, &token, Method::POST, "/api/v1/parents/SB00001/complete", None).await;
    app.post("/api/v1/bills", &token, json!({"bill_id": "IDEM-1", "capacity": 2})).await;
    twice(&app, &token, Method::POST, "/api/v1/bills/IDEM-1/parents", Some(json!({"qr": "SB00001"}))).await;
    twice(&app, &token, Method::DELETE, "/api/v1/bills/IDEM-1/parents/SB00001", None).await;
    app.post("/api/v1/bills", &token, json!({"bill_id": "IDEM-2", "capacity": 1})).await;
    app.post("/api/v1/bills/IDEM-2/parents", &token, json!({"qr": "SB00001"})).await;
    app.post("/api/v1/bills/IDEM-2/complete", &token, json!({})).await;
    let ticket: serde_json::Value = app.post("/api/v1/returns", &token, json!({})).await.json().await.unwrap();
    let path = format!("/api/v1/returns/{}/parents", ticket["code"].as_str().unwrap());
    twice(&app, &token, Method::POST, &path, Some(json!({"qr": "SB00001"}))).await;
    assert_eq!(done.len(), 8, "each documented idempotent operation is exercised above");
}

/// A refused keyed scan (here: neither bag stored, so nothing to lock) leaves its key unclaimed,
/// so the same request is judged afresh once the parent exists; once applied, its replay answers
/// the stored 201 before anything is judged. Any change to where the key is claimed (session 13
/// tried claiming it in the statement that locks the pair) must keep both.
#[tokio::test]
async fn a_refused_keyed_scan_claims_nothing_and_its_retry_is_applied() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let (status, body) = keyed_child_scan(&app, &token, "early", "KID0001").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{}", String::from_utf8_lossy(&body));
    let keys: i64 = sqlx::query_scalar("select count(*) from idempotency_keys").fetch_one(&app.pool).await.unwrap();
    assert_eq!(keys, 0);
    app.scan_parent(&token, "SB00001", None).await;
    let (status, _) = keyed_child_scan(&app, &token, "early", "KID0001").await;
    assert_eq!(status, StatusCode::CREATED);
    // Applied once: its replay is the stored 201 even after the child was taken out again.
    let unlinked = app
        .client
        .delete(app.url("/api/v1/parents/SB00001/children/KID0001"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(unlinked.status().is_success(), "{}", unlinked.status());
    let replay = keyed_child_scan_response(&app, &token, "early", "KID0001").await;
    assert_eq!(replay.status(), StatusCode::CREATED);
    assert_eq!(replay.headers().get("Idempotent-Replayed").map(|v| v.to_str().unwrap()), Some("true"));
    let parent: i32 =
        sqlx::query_scalar("select child_count from bags where qr = 'SB00001'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(parent, 0, "the replay linked the child again");
}
