//! Return tickets (SPEC §5).

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

/// A completed bill `B-1` of capacity 2 holding SB00001 (3 children) and SB00002 (2 children).
async fn shipped_bill(app: &TestApp, token: &str) {
    app.packed_parent(token, "SB00001", "ONE", 3).await;
    app.packed_parent(token, "SB00002", "TWO", 2).await;
    let created = app.post("/api/v1/bills", token, json!({"bill_id": "B-1", "capacity": 2})).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    for qr in ["SB00001", "SB00002"] {
        let loaded = app.post("/api/v1/bills/B-1/parents", token, json!({"qr": qr})).await;
        assert_eq!(loaded.status(), StatusCode::CREATED);
    }
    let done = app.post("/api/v1/bills/B-1/complete", token, json!({})).await;
    assert_eq!(done.status(), StatusCode::OK);
}

async fn open_ticket(app: &TestApp, token: &str) -> String {
    let created = app.post("/api/v1/returns", token, json!({"area": "jaipur", "notes": "Dealer Sharma"})).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    json_of(created).await["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_ticket_gets_a_dated_code_and_only_admins_and_billers_use_returns() {
    let app = spawn_app().await;
    let biller = app.user_token("bina", "biller", None).await;
    let code = open_ticket(&app, &biller).await;
    let today = domain::SiteZone::default().today().format("%Y%m%d").to_string();
    assert!(code.starts_with(&format!("RTN-{today}-")), "{code}");
    assert_eq!(code.len(), "RTN-20261128-ABCD".len());
    assert!(code[13..].chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase()), "{code}");

    let dispatcher = app.user_token("dina", "dispatcher", Some("lucknow")).await;
    assert_problem(app.post("/api/v1/returns", &dispatcher, json!({})).await, StatusCode::FORBIDDEN, "forbidden").await;
    assert_problem(app.get("/api/v1/returns", &dispatcher).await, StatusCode::FORBIDDEN, "forbidden").await;
    let path = format!("/api/v1/returns/{code}/parents");
    assert_problem(app.post(&path, &dispatcher, json!({"qr": "SB00001"})).await, StatusCode::FORBIDDEN, "forbidden")
        .await;
}

#[tokio::test]
async fn a_returned_parent_leaves_its_completed_bill_with_the_books_balanced() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    shipped_bill(&app, &token).await;
    let code = open_ticket(&app, &token).await;

    let scanned = app.post(&format!("/api/v1/returns/{code}/parents"), &token, json!({"qr": "sb00001"})).await;
    assert_eq!(scanned.status(), StatusCode::CREATED);
    assert_eq!(json_of(scanned).await["bag_count"], 1);

    let bill = json_of(app.get("/api/v1/bills/B-1", &token).await).await;
    assert_eq!(bill["status"], "completed", "a shipped bill stays shipped");
    assert_eq!((bill["linked_count"].as_i64(), bill["returned_count"].as_i64()), (Some(1), Some(1)));
    assert_eq!((bill["child_count"].as_i64(), bill["actual_weight_kg"].as_f64()), (Some(2), Some(2.0)));
    assert_eq!(bill["expected_weight_kg"].as_f64(), Some(30.0));
    let removed = bill["history"].as_array().unwrap().iter().find(|e| e["kind"] == "bill_parent_removed").unwrap();
    assert_eq!(
        (removed["bag_qr"].as_str(), removed["details"]["return_code"].as_str()),
        (Some("SB00001"), Some(code.as_str()))
    );

    let ticket = json_of(app.get(&format!("/api/v1/returns/{}", code.to_lowercase()), &token).await).await;
    let returned = &ticket["parents"][0];
    assert_eq!(returned["parent_qr"], "SB00001");
    assert_eq!(returned["original_bill_id"], "B-1");
    assert_eq!((returned["child_count"].as_i64(), returned["weight_kg"].as_f64()), (Some(3), Some(3.0)));
    let parent = json_of(app.get("/api/v1/bags/SB00001", &token).await).await;
    assert_eq!(parent["bag"]["bill_id"], Value::Null);
}

#[tokio::test]
async fn a_parent_is_returned_once_per_open_ticket_and_closed_tickets_refuse_changes() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    shipped_bill(&app, &token).await;
    app.scan_parent(&token, "SB00003", None).await; // never billed
    let code = open_ticket(&app, &token).await;
    let scan = |qr: &'static str| {
        let (app, token, code) = (&app, &token, &code);
        async move { app.post(&format!("/api/v1/returns/{code}/parents"), token, json!({"qr": qr})).await }
    };
    assert_problem(
        app.post(&format!("/api/v1/returns/{code}/finalize"), &token, json!({})).await,
        StatusCode::CONFLICT,
        "return_empty",
    )
    .await;
    assert_eq!(scan("SB00002").await.status(), StatusCode::CREATED);
    assert_problem(scan("SB00002").await, StatusCode::CONFLICT, "duplicate").await;
    assert_eq!(scan("SB00003").await.status(), StatusCode::CREATED, "a parent on no bill can be returned");
    assert_problem(scan("SB09999").await, StatusCode::NOT_FOUND, "not_found").await;
    assert_problem(scan("ONE0000").await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_qr").await;

    let finalized = app.post(&format!("/api/v1/returns/{code}/finalize"), &token, json!({})).await;
    assert_eq!(finalized.status(), StatusCode::OK);
    let finalized = json_of(finalized).await;
    assert_eq!((finalized["status"].as_str(), finalized["bag_count"].as_i64()), (Some("committed"), Some(2)));
    assert_problem(scan("SB00001").await, StatusCode::CONFLICT, "return_closed").await;
    assert_problem(
        app.post(&format!("/api/v1/returns/{code}/cancel"), &token, json!({})).await,
        StatusCode::CONFLICT,
        "return_closed",
    )
    .await;

    let other = open_ticket(&app, &token).await;
    let cancelled = app.post(&format!("/api/v1/returns/{other}/cancel"), &token, json!({})).await;
    assert_eq!(json_of(cancelled).await["status"], "cancelled");
    let listed = json_of(app.get("/api/v1/returns?status=committed", &token).await).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    let events: Vec<(String,)> = sqlx::query_as("select kind from events where return_code = $1 order by id")
        .bind(&code)
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let kinds: Vec<&str> = events.iter().map(|(k,)| k.as_str()).collect();
    assert_eq!(kinds, ["return_created", "return_parent_added", "return_parent_added", "return_finalized"]);
}

#[tokio::test]
async fn an_unknown_ticket_is_404() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let response = app.request(Method::GET, "/api/v1/returns/RTN-20260101-0000", Some(&token), None).await;
    assert_problem(response, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn returns_open_tickets_take_new_notes_audited_before_and_after() {
    let app = spawn_app().await;
    let biller = app.user_token("bina", "biller", None).await;
    let code = open_ticket(&app, &biller).await;
    let path = format!("/api/v1/returns/{}", code.to_lowercase());
    let edited =
        app.request(Method::PATCH, &path, Some(&biller), Some(json!({"notes": " Dealer Sharma,\n1 torn "}))).await;
    assert_eq!(edited.status(), StatusCode::OK);
    let edited = json_of(edited).await;
    assert_eq!(
        (edited["code"].as_str(), edited["notes"].as_str()),
        (Some(code.as_str()), Some("Dealer Sharma,\n1 torn"))
    );
    assert_eq!(edited["status"], "open");
    // Leaving `notes` out changes nothing.
    let same = app.request(Method::PATCH, &path, Some(&biller), Some(json!({}))).await;
    assert_eq!(json_of(same).await["notes"], "Dealer Sharma,\n1 torn");

    let (before, after): (Value, Value) = sqlx::query_as(
        "select before, after from audit_log where action = 'return_updated' and target_id = $1 order by id limit 1",
    )
    .bind(&code)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (before["notes"].as_str(), after["notes"].as_str()),
        (Some("Dealer Sharma"), Some("Dealer Sharma,\n1 torn"))
    );
}

#[tokio::test]
async fn returns_edits_are_refused_when_closed_too_long_unknown_or_by_a_dispatcher() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let code = open_ticket(&app, &token).await;
    let path = format!("/api/v1/returns/{code}");
    let patch = |body: Value, token: String| {
        let (app, path) = (&app, &path);
        async move { app.request(Method::PATCH, path, Some(&token), Some(body)).await }
    };
    let long = "n".repeat(1001);
    assert_problem(
        patch(json!({"notes": long}), token.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_problem(
        patch(json!({"notes": "a\u{0}b"}), token.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_problem(
        patch(json!({"area": "indore"}), token.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let dispatcher = app.user_token("dina", "dispatcher", Some("lucknow")).await;
    assert_problem(patch(json!({"notes": "x"}), dispatcher).await, StatusCode::FORBIDDEN, "forbidden").await;
    let unknown = app
        .request(Method::PATCH, "/api/v1/returns/RTN-20260101-0000", Some(&token), Some(json!({"notes": "x"})))
        .await;
    assert_problem(unknown, StatusCode::NOT_FOUND, "not_found").await;

    assert_eq!(app.post(&format!("{path}/cancel"), &token, json!({})).await.status(), StatusCode::OK);
    assert_problem(patch(json!({"notes": "too late"}), token.clone()).await, StatusCode::CONFLICT, "return_closed")
        .await;
    let notes: String = sqlx::query_scalar("select notes from return_tickets where code = $1")
        .bind(&code)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(notes, "Dealer Sharma");
}
