//! Three API processes on one database and one Redis, as behind a load balancer: the rules hold
//! across them, because they live in PostgreSQL (row locks, constraints, the idempotency table,
//! the attempt claim) and in Redis (rate counts), never in one process.

use futures::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{ServerProcess, TestApp, assert_problem, create_database, eventually, password_of};

/// Three `tracetrack serve` processes on one fresh database and one Redis (one key prefix), as
/// behind the proxy; request-rate limits off (their sharing has its own test).
async fn three_instances() -> [TestApp; 3] {
    let database_url = create_database().await;
    let prefix = format!("tt-multi:{}:", uuid::Uuid::new_v4().simple());
    let start = || ServerProcess::start(&database_url, &prefix);
    let (first, second, third) = tokio::join!(start(), start(), start());
    let [first, second, third] = [first, second, third].map(std::sync::Arc::new);
    [first.app(&database_url).await, second.app(&database_url).await, third.app(&database_url).await]
}

#[tokio::test]
async fn a_hundred_child_scans_spread_over_three_instances_link_exactly_the_maximum() {
    let apps = three_instances().await;
    let token = apps[0].admin_token().await;
    assert!(apps[0].scan_parent(&token, "SB00001", Some("lucknow")).await.status().is_success());
    let children: Vec<String> = (0..100).map(|n| format!("KID{n:04}")).collect();
    let scans = children.iter().enumerate().map(|(n, child)| apps[n % 3].scan_child(&token, "SB00001", child));
    let statuses: Vec<StatusCode> = join_all(scans).await.iter().map(reqwest::Response::status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 30, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT), "{statuses:?}");
    let linked: i64 =
        sqlx::query_scalar("select count(*) from bags where parent_id = (select id from bags where qr = 'SB00001')")
            .fetch_one(&apps[0].pool)
            .await
            .unwrap();
    assert_eq!(linked, 30);
}

#[tokio::test]
async fn a_bill_of_ten_takes_exactly_ten_of_thirty_parents_raced_through_three_instances() {
    let apps = three_instances().await;
    let token = apps[0].admin_token().await;
    apps[0].post("/api/v1/bills", &token, json!({"bill_id": "RACE-10", "capacity": 10})).await;
    for n in 0..30 {
        apps[n % 3].packed_parent(&token, &format!("SB{:05}", n + 1), &format!("P{n}K"), 1).await;
    }
    let loads = (0..30)
        .map(|n| apps[n % 3].post("/api/v1/bills/RACE-10/parents", &token, json!({"qr": format!("SB{:05}", n + 1)})));
    let statuses: Vec<StatusCode> = join_all(loads).await.iter().map(reqwest::Response::status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 10, "{statuses:?}");
    let bill: serde_json::Value = apps[2].get("/api/v1/bills/RACE-10", &token).await.json().await.unwrap();
    assert_eq!(bill["bill"]["linked_count"].as_i64().or(bill["linked_count"].as_i64()), Some(10), "{bill}");
}

#[tokio::test]
async fn an_idempotency_key_replayed_on_another_instance_is_applied_once() {
    let apps = three_instances().await;
    let token = apps[0].admin_token().await;
    apps[0].scan_parent(&token, "SB00001", Some("lucknow")).await;
    let send = |app: &TestApp| {
        app.client
            .post(app.url("/api/v1/scans/child"))
            .bearer_auth(&token)
            .header("Idempotency-Key", "retry-across-instances")
            .json(&json!({"parent_qr": "SB00001", "child_qr": "KID0001"}))
            .send()
    };
    let answers = join_all(apps.iter().map(send)).await;
    let statuses: Vec<StatusCode> = answers.iter().map(|a| a.as_ref().unwrap().status()).collect();
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED), "one answer, replayed: {statuses:?}");
    let events: i64 = sqlx::query_scalar("select count(*) from events where kind = 'child_linked'")
        .fetch_one(&apps[0].pool)
        .await
        .unwrap();
    assert_eq!(events, 1);
}

#[tokio::test]
async fn the_lockout_counts_attempts_made_through_every_instance() {
    let apps = three_instances().await;
    let admin = apps[0].admin_token().await;
    apps[0].create_user(&admin, "ravi", "biller", None).await;
    let guesses = (0..30).map(|n| apps[n % 3].login("ravi", "Wrong-Guess-2026!"));
    let statuses: Vec<StatusCode> = join_all(guesses).await.iter().map(reqwest::Response::status).collect();
    assert!(statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count() <= 5, "{statuses:?}");
    for app in &apps {
        assert_problem(app.login("ravi", &password_of("ravi")).await, StatusCode::LOCKED, "account_locked").await;
    }
}

#[tokio::test]
async fn a_user_deleted_through_one_instance_is_refused_by_the_others() {
    let apps = three_instances().await;
    let admin = apps[0].admin_token().await;
    let user = apps[0].create_user(&admin, "gone", "biller", None).await;
    let token = apps[1].token("gone", &password_of("gone")).await;
    for app in &apps {
        assert_eq!(app.get("/api/v1/bills", &token).await.status(), StatusCode::OK);
    }
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    assert_eq!(apps[0].request(Method::DELETE, &path, Some(&admin), None).await.status(), StatusCode::NO_CONTENT);
    for app in &apps {
        eventually(|| async { app.get("/api/v1/bills", &token).await.status() == StatusCode::UNAUTHORIZED }).await;
    }
}

#[tokio::test]
async fn stats_through_any_instance_are_at_most_a_moment_old() {
    let apps = three_instances().await;
    let token = apps[0].admin_token().await;
    for app in &apps {
        app.get("/api/v1/stats", &token).await; // each instance caches its copy
    }
    apps[0].packed_parent(&token, "SB00001", "KID", 3).await;
    for app in &apps {
        eventually(|| async {
            let stats: serde_json::Value = app.get("/api/v1/stats", &token).await.json().await.unwrap();
            stats["children_total"] == 3
        })
        .await;
    }
}
