//! `Idempotency-Key` on scan endpoints (issue: replays apply once, even in parallel).

use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, assert_problem, spawn_app};

async fn keyed_child_scan(app: &TestApp, token: &str, key: &str, child: &str) -> (StatusCode, Vec<u8>) {
    let response = app
        .client
        .post(app.url("/api/v1/scans/child"))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&json!({"parent_qr": "SB00001", "child_qr": child}))
        .send()
        .await
        .unwrap();
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
