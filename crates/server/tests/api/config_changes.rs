//! Changing configuration (issue #17): adding, renaming and retiring areas; editing and retiring
//! parent types, with the refusals that keep packed bags and patterns consistent.

use futures::future::join_all;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestOptions, assert_problem, eventually, password_of, spawn_app, spawn_app_with};

async fn patch(app: &TestApp, path: &str, token: &str, body: Value) -> Response {
    app.request(Method::PATCH, path, Some(token), Some(body)).await
}

async fn audit_rows(app: &TestApp, action: &str, target: &str) -> Vec<(Option<Value>, Option<Value>)> {
    sqlx::query_as("select before, after from audit_log where action = $1 and target_id = $2 order by id")
        .bind(action)
        .bind(target)
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

async fn parent_row(app: &TestApp, qr: &str) -> (i32, i32, String) {
    sqlx::query_as("select child_count, max_children, status from bags where qr = $1")
        .bind(qr)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_area_is_created_renamed_retired_and_brought_back_with_audit_rows() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = app.post("/api/v1/areas", &admin, json!({"code": "Kota", "name": " Kota "})).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(
        (created["code"].as_str(), created["name"].as_str(), created["retired"].as_bool()),
        (Some("kota"), Some("Kota"), Some(false))
    );
    assert_problem(
        app.post("/api/v1/areas", &admin, json!({"code": "kota", "name": "Again"})).await,
        StatusCode::CONFLICT,
        "duplicate",
    )
    .await;
    let bad = assert_problem(
        app.post("/api/v1/areas", &admin, json!({"code": "k", "name": " "})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(bad["details"]["fields"].as_array().unwrap().len(), 2, "{bad}");

    let renamed: Value =
        patch(&app, "/api/v1/areas/kota", &admin, json!({"name": "Kota Junction"})).await.json().await.unwrap();
    assert_eq!(renamed["name"], "Kota Junction");
    let retired: Value =
        patch(&app, "/api/v1/areas/kota", &admin, json!({"retired": true})).await.json().await.unwrap();
    assert_eq!((retired["retired"].as_bool(), retired["name"].as_str()), (Some(true), Some("Kota Junction")));
    assert!(retired["retired_at"].is_string());

    let listed: Value = app.get("/api/v1/areas?retired=true", &admin).await.json().await.unwrap();
    let codes: Vec<&str> = listed["items"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["kota"]);
    let all: Value = app.get("/api/v1/areas", &admin).await.json().await.unwrap();
    assert_eq!(all["items"].as_array().unwrap().len(), 11, "a retired area still lists");
    let live: Value = app.get("/api/v1/areas?retired=false", &admin).await.json().await.unwrap();
    assert_eq!(live["items"].as_array().unwrap().len(), 10);

    let back: Value = patch(&app, "/api/v1/areas/kota", &admin, json!({"retired": false})).await.json().await.unwrap();
    assert_eq!((back["retired"].as_bool(), back["retired_at"].is_null()), (Some(false), true));
    assert_problem(
        patch(&app, "/api/v1/areas/nowhere", &admin, json!({"retired": true})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_problem(
        patch(&app, "/api/v1/areas/kota", &admin, json!({"colour": "red"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    assert_eq!(audit_rows(&app, "area_created", "kota").await.len(), 1);
    let updates = audit_rows(&app, "area_updated", "kota").await;
    assert_eq!(updates.len(), 3);
    let (before, after) = &updates[1];
    assert_eq!(
        (before.as_ref().unwrap()["retired"].as_bool(), after.as_ref().unwrap()["retired"].as_bool()),
        (Some(false), Some(true))
    );

    let dispatcher = app.user_token("dina", "dispatcher", Some("lucknow")).await;
    assert_problem(
        app.post("/api/v1/areas", &dispatcher, json!({"code": "x1", "name": "X"})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn a_retired_area_refuses_new_parents_users_and_return_tickets_but_keeps_what_it_has() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "old_hand", "dispatcher", Some("jaipur")).await;
    assert_eq!(app.scan_parent(&admin, "SB00001", Some("jaipur")).await.status(), StatusCode::CREATED);
    assert_eq!(patch(&app, "/api/v1/areas/jaipur", &admin, json!({"retired": true})).await.status(), StatusCode::OK);

    let refused =
        assert_problem(app.scan_parent(&admin, "SB00002", Some("jaipur")).await, StatusCode::CONFLICT, "area_retired")
            .await;
    assert_eq!(refused["details"]["area"], "jaipur", "{refused}");
    app.post("/api/v1/bills", &admin, json!({"bill_id": "RET-1", "capacity": 5})).await;
    let manual = app
        .post("/api/v1/bills/RET-1/parents", &admin, json!({"qr": "SB00003", "manual": true, "area": "jaipur"}))
        .await;
    assert_problem(manual, StatusCode::CONFLICT, "area_retired").await;
    let user = json!({"username": "newbie", "password": password_of("newbie"), "role": "dispatcher", "area": "jaipur"});
    assert_problem(app.post("/api/v1/users", &admin, user).await, StatusCode::CONFLICT, "area_retired").await;
    assert_problem(
        app.post("/api/v1/returns", &admin, json!({"area": "jaipur"})).await,
        StatusCode::CONFLICT,
        "area_retired",
    )
    .await;
    let count: i64 = sqlx::query_scalar("select count(*) from bags where qr in ('SB00002', 'SB00003')")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 0, "a refusal changes nothing");

    // What is already there keeps working: the parent takes children, the user signs in and scans.
    assert_eq!(app.scan_child(&admin, "SB00001", "KID0001").await.status(), StatusCode::CREATED);
    let old_hand = app.token("old_hand", &password_of("old_hand")).await;
    assert_eq!(app.scan_child(&old_hand, "SB00001", "KID0002").await.status(), StatusCode::CREATED);
    let users: Value = app.get("/api/v1/users?area=jaipur", &admin).await.json().await.unwrap();
    let id = users["items"][0]["id"].as_str().unwrap().to_owned();
    let renamed = patch(&app, &format!("/api/v1/users/{id}"), &admin, json!({"display_name": "Old Hand"})).await;
    assert_eq!(renamed.status(), StatusCode::OK, "a user already in the area may still be edited");
    // Other areas are untouched.
    assert_eq!(app.scan_parent(&admin, "SB00004", Some("hisar")).await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_parent_type_is_renamed_and_reweighed_with_its_bills_and_an_audit_row() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.packed_parent(&admin, "SB00001", "KA", 4).await;
    app.post("/api/v1/bills", &admin, json!({"bill_id": "W-1", "capacity": 2})).await;
    assert_eq!(
        app.post("/api/v1/bills/W-1/parents", &admin, json!({"qr": "SB00001"})).await.status(),
        StatusCode::CREATED
    );

    let body = json!({"name": "Mustard (big)", "expected_weight_kg": 40.0, "child_weight_kg": 1.5});
    let updated = patch(&app, "/api/v1/parent-types/mustard", &admin, body).await;
    assert_eq!(updated.status(), StatusCode::OK);
    let updated: Value = updated.json().await.unwrap();
    assert_eq!((updated["name"].as_str(), updated["expected_weight_kg"].as_f64()), (Some("Mustard (big)"), Some(40.0)));
    let bill: Value = app.get("/api/v1/bills/W-1", &admin).await.json().await.unwrap();
    let bill = if bill["bill"].is_object() { bill["bill"].clone() } else { bill };
    assert_eq!(
        (bill["expected_weight_kg"].as_f64(), bill["actual_weight_kg"].as_f64()),
        (Some(40.0), Some(6.0)),
        "{bill}"
    );
    // Taking the parent off subtracts what the bill now holds: back to zero, not below.
    assert_eq!(
        app.request(Method::DELETE, "/api/v1/bills/W-1/parents/SB00001", Some(&admin), None).await.status(),
        StatusCode::OK
    );
    let (expected, actual): (f64, f64) =
        sqlx::query_as("select expected_weight_kg::float8, actual_weight_kg::float8 from bills where code = 'W-1'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((expected, actual), (0.0, 0.0));

    let rows = audit_rows(&app, "parent_type_updated", "mustard").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0.as_ref().unwrap()["name"], "Mustard");
    assert_eq!(rows[0].1.as_ref().unwrap()["name"], "Mustard (big)");
    let bad =
        patch(&app, "/api/v1/parent-types/mustard", &admin, json!({"max_children": 0, "child_weight_kg": 0})).await;
    let bad = assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(bad["details"]["fields"].as_array().unwrap().len(), 2, "{bad}");
    assert_problem(
        patch(&app, "/api/v1/parent-types/rice", &admin, json!({"name": "Rice"})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn max_children_cannot_go_below_what_an_open_parent_holds_and_completes_one_at_the_limit() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.packed_parent(&admin, "SB00001", "KA", 3).await;
    app.packed_parent(&admin, "SB00002", "KB", 5).await;
    app.packed_parent(&admin, "SB00003", "KC", 1).await;

    let refused = patch(&app, "/api/v1/parent-types/mustard", &admin, json!({"max_children": 2})).await;
    let refused = assert_problem(refused, StatusCode::CONFLICT, "max_children_below_held").await;
    assert_eq!(
        (refused["details"]["parents"].as_i64(), refused["details"]["most_children"].as_i64()),
        (Some(2), Some(5)),
        "{refused}"
    );
    assert_eq!(parent_row(&app, "SB00003").await, (1, 30, "in_progress".into()), "a refusal changes nothing");

    // Completing the fullest early frees the way; the parent at the new limit completes.
    assert_eq!(
        app.request(Method::POST, "/api/v1/parents/SB00002/complete", Some(&admin), None).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        patch(&app, "/api/v1/parent-types/mustard", &admin, json!({"max_children": 3})).await.status(),
        StatusCode::OK
    );
    assert_eq!(parent_row(&app, "SB00001").await, (3, 3, "completed".into()));
    assert_eq!(parent_row(&app, "SB00003").await, (1, 3, "in_progress".into()));
    assert_eq!(parent_row(&app, "SB00002").await, (5, 30, "completed".into()), "completed parents keep their maximum");
    assert_problem(app.scan_child(&admin, "SB00001", "KA9999").await, StatusCode::CONFLICT, "parent_full").await;
    let events: i64 =
        sqlx::query_scalar("select count(*) from events where kind = 'parent_completed' and bag_qr = 'SB00001'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(events, 1);
    // New parents take the new maximum.
    app.scan_parent(&admin, "SB00004", Some("lucknow")).await;
    assert_eq!(parent_row(&app, "SB00004").await.1, 3);
}

#[tokio::test]
async fn a_pattern_changes_only_while_no_parent_uses_the_type() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let wheat = json!({"code": "wheat", "name": "Wheat", "qr_pattern": "WH\\d{6}", "max_children": 20, "expected_weight_kg": 20});
    assert_eq!(app.post("/api/v1/parent-types", &admin, wheat).await.status(), StatusCode::CREATED);
    let changed = patch(&app, "/api/v1/parent-types/wheat", &admin, json!({"qr_pattern": "WT\\d{6}"})).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_problem(
        app.scan_parent(&admin, "WH000001", Some("lucknow")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_qr",
    )
    .await;
    assert_eq!(
        app.scan_parent(&admin, "WT000001", Some("lucknow")).await.status(),
        StatusCode::CREATED,
        "seen at once"
    );

    let refused = patch(&app, "/api/v1/parent-types/wheat", &admin, json!({"qr_pattern": "WH\\d{6}"})).await;
    let refused = assert_problem(refused, StatusCode::CONFLICT, "parent_type_in_use").await;
    assert_eq!(refused["details"]["parents"], 1);
    // The same pattern again is no change, and other fields still change.
    let same =
        patch(&app, "/api/v1/parent-types/wheat", &admin, json!({"qr_pattern": "WT\\d{6}", "name": "Durum"})).await;
    assert_eq!(same.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_pattern_overlapping_another_type_or_the_child_format_is_refused_with_an_example() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let new_type = |code: &str, pattern: &str| json!({"code": code, "name": "X", "qr_pattern": pattern, "max_children": 5, "expected_weight_kg": 5});
    let problem = assert_problem(
        app.post("/api/v1/parent-types", &admin, new_type("wide", r"S[A-Z]\d{5}")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let field = &problem["details"]["fields"][0];
    assert_eq!(field["field"], "qr_pattern");
    let message = field["message"].as_str().unwrap();
    assert!(message.contains(r"would match both mustard (SB\d{5}) and wide"), "{message}");
    assert!(message.starts_with("SB"), "an example QR first: {message}");

    let child = assert_problem(
        app.post("/api/v1/parent-types", &admin, new_type("digits", r"\d{8}")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(child["details"]["fields"][0]["message"].as_str().unwrap().contains("child QR"), "{child}");

    // An existing child bag is an example too.
    app.packed_parent(&admin, "SB00001", "KX", 1).await;
    let existing = assert_problem(
        app.post("/api/v1/parent-types", &admin, new_type("kx", r"KX\d{4}")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(
        existing["details"]["fields"][0]["message"].as_str().unwrap().starts_with("KX0000, an existing child"),
        "{existing}"
    );

    // A change of pattern is checked the same way.
    assert_eq!(
        app.post("/api/v1/parent-types", &admin, new_type("rice", r"RC\d{5}")).await.status(),
        StatusCode::CREATED
    );
    let changed = patch(&app, "/api/v1/parent-types/rice", &admin, json!({"qr_pattern": r"M444-\d{5}"})).await;
    let changed = assert_problem(changed, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(changed["message"].as_str().unwrap().contains("moong"), "{changed}");
    let count: i64 = sqlx::query_scalar("select count(*) from parent_types").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 3);
}

#[tokio::test]
async fn a_retired_type_takes_no_new_parent_while_its_parents_keep_working() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.packed_parent(&admin, "M444-00001", "KM", 2).await;
    let retired: Value =
        patch(&app, "/api/v1/parent-types/moong", &admin, json!({"retired": true})).await.json().await.unwrap();
    assert_eq!(retired["retired"], true);

    let refused = assert_problem(
        app.scan_parent(&admin, "M444-00002", Some("lucknow")).await,
        StatusCode::CONFLICT,
        "parent_type_retired",
    )
    .await;
    assert_eq!(refused["details"]["parent_type"], "moong");
    assert_eq!(app.scan_parent(&admin, "M444-00001", None).await.status(), StatusCode::OK);
    assert_eq!(app.scan_child(&admin, "M444-00001", "KM0099").await.status(), StatusCode::CREATED);
    app.post("/api/v1/bills", &admin, json!({"bill_id": "MG-1", "capacity": 2})).await;
    assert_eq!(
        app.post("/api/v1/bills/MG-1/parents", &admin, json!({"qr": "M444-00001"})).await.status(),
        StatusCode::CREATED
    );
    assert_problem(
        app.post("/api/v1/bills/MG-1/parents", &admin, json!({"qr": "M444-00003", "manual": true})).await,
        StatusCode::CONFLICT,
        "parent_type_retired",
    )
    .await;
    // A new type may now take the retired type's codes; bringing the old one back then overlaps.
    let successor = json!({"code": "moong2", "name": "Moong 2", "qr_pattern": r"M444-\d{5}", "max_children": 15, "expected_weight_kg": 15});
    assert_eq!(app.post("/api/v1/parent-types", &admin, successor).await.status(), StatusCode::CREATED);
    assert_eq!(app.scan_parent(&admin, "M444-00002", Some("lucknow")).await.status(), StatusCode::CREATED);
    assert_eq!(parent_row(&app, "M444-00001").await.0, 3);
    let kind: String =
        sqlx::query_scalar("select parent_type from bags where qr = 'M444-00002'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(kind, "moong2");
    let back = patch(&app, "/api/v1/parent-types/moong", &admin, json!({"retired": false})).await;
    assert_problem(back, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

/// Lowering the maximum while children pour into a parent: whatever the order, the parent never
/// holds more than its maximum, and the change either applied to the count it saw or was refused.
#[tokio::test]
async fn lowering_max_children_while_children_are_scanned_never_overfills_a_parent() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for round in 0..3 {
        let parent = format!("SB0000{round}");
        app.packed_parent(&admin, &parent, &format!("R{round}A"), 6).await;
        let children: Vec<String> = (0..20).map(|n| format!("R{round}B{n:03}")).collect();
        let scans = children.iter().map(|child| app.scan_child(&admin, &parent, child));
        let lower = patch(&app, "/api/v1/parent-types/mustard", &admin, json!({"max_children": 12 - round}));
        let (scans, lowered) = tokio::join!(join_all(scans), lower);
        let lowered = lowered.status();
        assert!(lowered == StatusCode::OK || lowered == StatusCode::CONFLICT, "{lowered}");
        let (count, max, status) = parent_row(&app, &parent).await;
        let linked: i64 =
            sqlx::query_scalar("select count(*) from bags where parent_id = (select id from bags where qr = $1)")
                .bind(&parent)
                .fetch_one(&app.pool)
                .await
                .unwrap();
        assert_eq!(i64::from(count), linked, "the counter follows the rows");
        assert!(count <= max, "{count} > {max}");
        let created = scans.iter().filter(|r| r.status() == StatusCode::CREATED).count();
        assert_eq!(count as usize, 6 + created);
        if lowered == StatusCode::OK {
            assert_eq!(max, 12 - round);
            assert_eq!(status == "completed", count == max, "{count}/{max} {status}");
        }
        // Reset for the next round.
        let reset = patch(&app, "/api/v1/parent-types/mustard", &admin, json!({"max_children": 30})).await;
        assert_eq!(reset.status(), StatusCode::OK);
        app.request(Method::POST, &format!("/api/v1/parents/{parent}/complete"), Some(&admin), None).await;
    }
}

/// The second instance recognises a new or changed type at once (the database announces it),
/// not after its cache would have expired.
#[tokio::test]
async fn a_second_instance_sees_parent_type_changes_at_once() {
    let first = spawn_app().await;
    let second =
        spawn_app_with(TestOptions { same_database_as: Some(first.database_url.clone()), ..TestOptions::default() })
            .await;
    let admin = first.admin_token().await;
    // The second instance has loaded the patterns.
    assert_eq!(second.scan_parent(&admin, "SB00001", Some("lucknow")).await.status(), StatusCode::CREATED);
    assert_problem(
        second.scan_parent(&admin, "OT000001", Some("lucknow")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_qr",
    )
    .await;
    let oats =
        json!({"code": "oats", "name": "Oats", "qr_pattern": "OT\\d{6}", "max_children": 10, "expected_weight_kg": 10});
    assert_eq!(first.post("/api/v1/parent-types", &admin, oats).await.status(), StatusCode::CREATED);
    eventually(|| async {
        second.scan_parent(&admin, "OT000001", Some("lucknow")).await.status() == StatusCode::CREATED
    })
    .await;
    assert_eq!(
        patch(&first, "/api/v1/parent-types/mustard", &admin, json!({"retired": true})).await.status(),
        StatusCode::OK
    );
    eventually(|| async {
        second.scan_parent(&admin, "SB00002", Some("lucknow")).await.status() == StatusCode::CONFLICT
    })
    .await;
}
