//! The limits of SPEC §3.3 under real parallel requests.

use futures::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app};

async fn code_of(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    (status, body["code"].as_str().unwrap_or("ok").to_owned())
}

async fn linked_children(app: &TestApp, parent_qr: &str) -> i64 {
    sqlx::query_scalar("select count(*) from bags c join bags p on p.id = c.parent_id where p.qr = $1")
        .bind(parent_qr)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_hundred_parallel_child_scans_link_exactly_the_maximum() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.scan_parent(&token, "SB00001", Some("lucknow")).await;
    let scans = (0..100).map(|n| {
        let (app, token) = (&app, &token);
        async move { code_of(app.scan_child(token, "SB00001", &format!("KID{n:04}")).await).await }
    });
    let results = join_all(scans).await;
    let linked = results.iter().filter(|(status, _)| *status == StatusCode::CREATED).count();
    let refused: Vec<_> = results.iter().filter(|(status, _)| *status != StatusCode::CREATED).collect();
    assert_eq!(linked, 30, "{results:?}");
    assert!(
        refused
            .iter()
            .all(|(status, code)| *status == StatusCode::CONFLICT
                && (code == "parent_full" || code == "parent_completed")),
        "{refused:?}"
    );
    assert_eq!(linked_children(&app, "SB00001").await, 30);
    let (count, status): (i32, String) =
        sqlx::query_as("select child_count, status from bags where qr = 'SB00001'").fetch_one(&app.pool).await.unwrap();
    assert_eq!((count, status.as_str()), (30, "completed"));
    // Refused scans created no bags.
    let children: i64 =
        sqlx::query_scalar("select count(*) from bags where kind = 'child'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(children, 30);
}

#[tokio::test]
async fn one_child_raced_into_two_parents_is_linked_once() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.scan_parent(&token, "SB00001", None).await;
    app.scan_parent(&token, "SB00002", None).await;
    for round in 0..20 {
        let child = format!("RACE{round:04}");
        let (a, b) = tokio::join!(app.scan_child(&token, "SB00001", &child), app.scan_child(&token, "SB00002", &child));
        let (a, b) = (code_of(a).await, code_of(b).await);
        let won = [&a, &b].iter().filter(|(status, _)| *status == StatusCode::CREATED).count();
        assert_eq!(won, 1, "round {round}: {a:?} {b:?}");
        let lost = if a.0 == StatusCode::CREATED { &b } else { &a };
        assert_eq!(lost, &(StatusCode::CONFLICT, "child_linked_elsewhere".to_owned()), "round {round}");
    }
    let rows: i64 = sqlx::query_scalar("select count(*) from bags where qr like 'RACE%' and parent_id is not null")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(rows, 20);
    assert_eq!(linked_children(&app, "SB00001").await + linked_children(&app, "SB00002").await, 20);
}

#[tokio::test]
async fn parallel_undo_and_scans_keep_the_count_equal_to_the_rows() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "SB00001", "OLD", 10).await;
    let work = (0..40).map(|n| {
        let (app, token) = (&app, &token);
        async move {
            if n % 3 == 0 {
                app.request(Method::POST, "/api/v1/parents/SB00001/undo", Some(token), None).await.status()
            } else {
                app.scan_child(token, "SB00001", &format!("NEW{n:04}")).await.status()
            }
        }
    });
    let statuses = join_all(work).await;
    assert!(statuses.iter().all(|s| s.is_success() || s.as_u16() == 409 || s.as_u16() == 404), "{statuses:?}");
    let (count,): (i32,) =
        sqlx::query_as("select child_count from bags where qr = 'SB00001'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(i64::from(count), linked_children(&app, "SB00001").await);
    let unlinked_counter: i64 = sqlx::query_scalar(
        "select coalesce(sum(value), 0)::bigint from stat_counters where metric = 'unlinked_children'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let unlinked_rows: i64 = sqlx::query_scalar("select count(*) from bags where kind = 'child' and parent_id is null")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(unlinked_counter, unlinked_rows);
}
