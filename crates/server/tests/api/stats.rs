//! Dashboard totals and activity (SPEC §8).

use futures::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{TestOptions, assert_problem, spawn_app, spawn_app_with};

async fn stats(app: &crate::helpers::TestApp, token: &str) -> Value {
    let response = app.get("/api/v1/stats", token).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn recount(app: &crate::helpers::TestApp) -> (i64, i64, i64) {
    sqlx::query_as(
        "select count(*) filter (where kind = 'parent'), count(*) filter (where kind = 'child'),
                count(*) filter (where kind = 'child' and parent_id is null) from bags",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn totals_equal_a_recount_after_a_mixed_workload() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    for p in 0..4 {
        app.scan_parent(&token, &format!("SB0000{p}"), Some(if p % 2 == 0 { "lucknow" } else { "indore" })).await;
    }
    let work = (0..60).map(|n| {
        let (app, token) = (&app, &token);
        async move {
            let parent = format!("SB0000{}", n % 4);
            match n % 7 {
                0 => app.request(Method::POST, &format!("/api/v1/parents/{parent}/undo"), Some(token), None).await,
                1 => app.request(Method::DELETE, &format!("/api/v1/bags/KID{:04}", n - 1), Some(token), None).await,
                _ => app.scan_child(token, &parent, &format!("KID{n:04}")).await,
            }
        }
    });
    join_all(work).await;
    app.post("/api/v1/bills", &token, serde_json::json!({"bill_id": "B-1", "capacity": 1})).await;
    app.post("/api/v1/bills", &token, serde_json::json!({"bill_id": "B-2", "capacity": 1})).await;
    app.post("/api/v1/bills/B-2/parents", &token, serde_json::json!({"qr": "SB00001"})).await;

    let figures = stats(&app, &token).await;
    let (parents, children, unlinked) = recount(&app).await;
    assert_eq!(figures["parents_total"], parents);
    assert_eq!(figures["children_total"], children);
    assert_eq!(figures["bags_total"], parents + children);
    assert_eq!(figures["unlinked_children"], unlinked);
    assert_eq!(figures["bills"], serde_json::json!({"new": 1, "processing": 1, "completed": 0}));
    let linked_events: i64 = sqlx::query_scalar("select count(*) from events where kind = 'child_linked'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(figures["scans_today"], linked_events);
    assert_eq!(figures["scans_last_hour"], linked_events);
    let areas = figures["areas"].as_array().unwrap();
    let lucknow = areas.iter().find(|a| a["area"] == "lucknow").unwrap();
    let (lucknow_children,): (i64,) =
        sqlx::query_as("select count(*) from bags where kind = 'child' and area = 'lucknow'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((lucknow["parents"].as_i64(), lucknow["children"].as_i64()), (Some(2), Some(lucknow_children)));
}

#[tokio::test]
async fn a_dispatcher_sees_their_own_area_and_figures_are_cached_briefly() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.packed_parent(&admin, "SB00001", "KID", 3).await; // lucknow
    app.scan_parent(&admin, "SB00002", Some("indore")).await;
    let indore = app.user_token("indo", "dispatcher", Some("indore")).await;
    let figures = stats(&app, &indore).await;
    assert_eq!((figures["parents_total"].as_i64(), figures["children_total"].as_i64()), (Some(1), Some(0)));
    assert_eq!(figures["scans_today"], 0);

    // Served from the cache within its lifetime, recomputed after it.
    let before = stats(&app, &admin).await;
    app.scan_child(&admin, "SB00002", "NEW0001").await;
    assert_eq!(stats(&app, &admin).await["children_total"], before["children_total"]);
    tokio::time::sleep(std::time::Duration::from_millis(5_200)).await;
    assert_eq!(stats(&app, &admin).await["children_total"], before["children_total"].as_i64().unwrap() + 1);
}

#[tokio::test]
async fn stats_and_login_answer_with_redis_down() {
    let app = spawn_app_with(TestOptions { redis_url: Some("redis://127.0.0.1:1".into()), ..Default::default() }).await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "SB00001", "KID", 2).await;
    let figures = stats(&app, &token).await;
    assert_eq!(figures["children_total"], 2);
}

#[tokio::test]
async fn activity_counts_scans_per_hour_area_and_operator() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.packed_parent(&admin, "SB00001", "KID", 3).await;
    let ravi = app.user_token("ravi", "dispatcher", Some("indore")).await;
    app.scan_parent(&ravi, "SB00002", None).await;
    app.scan_child(&ravi, "SB00002", "RAVI0001").await;

    let today: Value = app.get("/api/v1/stats/activity", &admin).await.json().await.unwrap();
    assert_eq!(today["bucket"], "hour");
    assert_eq!(today["series"].as_array().unwrap().len(), 24);
    let total: i64 = today["series"].as_array().unwrap().iter().map(|p| p["scans"].as_i64().unwrap()).sum();
    assert_eq!(total, 4);
    let operators = today["operators"].as_array().unwrap();
    assert_eq!((operators[0]["username"].as_str(), operators[0]["scans"].as_i64()), (Some("admin"), Some(3)));
    assert_eq!((operators[1]["username"].as_str(), operators[1]["scans"].as_i64()), (Some("ravi"), Some(1)));

    let date = domain::SiteZone::default().today();
    let from = date - chrono::Days::new(6);
    let week: Value =
        app.get(&format!("/api/v1/stats/activity?from={from}&to={date}"), &admin).await.json().await.unwrap();
    assert_eq!((week["bucket"].as_str(), week["series"].as_array().unwrap().len()), (Some("day"), 7));
    assert_eq!(week["series"][6]["scans"], 4);

    // Counted as scans happen, per quarter hour, area and operator: an undone link stays a scan,
    // as its `child_linked` event stays in the history.
    let undone = app.client.post(app.url("/api/v1/parents/SB00001/undo")).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(undone.status(), StatusCode::OK);
    let rows: Vec<(Option<String>, i64)> = sqlx::query_as(
        "select u.username, a.scans from scan_activity a left join users u on u.id = a.actor_id order by 1",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(rows, [(Some("admin".to_owned()), 3), (Some("ravi".to_owned()), 1)]);

    let mine: Value = app.get("/api/v1/stats/activity", &ravi).await.json().await.unwrap();
    assert_eq!(mine["operators"].as_array().unwrap().len(), 1, "a dispatcher sees their area only");

    assert_problem(
        app.get("/api/v1/stats/activity?from=2026-01-01", &admin).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_problem(
        app.get("/api/v1/stats/activity?date=yesterday", &admin).await,
        StatusCode::BAD_REQUEST,
        "malformed_request",
    )
    .await;
}
