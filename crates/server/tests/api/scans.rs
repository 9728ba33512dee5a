//! The packing rules of SPEC §3 and the identifier rules of SPEC §1, one request at a time.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{TestApp, assert_problem, spawn_app};

async fn json(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_parent_is_created_once_then_returned_with_its_children() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let first = app.scan_parent(&token, "SB00001", Some("lucknow")).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = json(first).await;
    assert_eq!(first["created"], true);
    assert_eq!(first["parent"]["status"], "pending");
    assert_eq!(first["parent"]["max_children"], 30);
    assert_eq!(first["parent"]["bill_id"], Value::Null);

    app.scan_child(&token, "SB00001", "CHILD001").await;
    let again = app.scan_parent(&token, "sb00001", None).await;
    assert_eq!(again.status(), StatusCode::OK);
    let again = json(again).await;
    assert_eq!(again["created"], false);
    assert_eq!(again["parent"]["area"], "lucknow", "a re-scan keeps the area");
    assert_eq!(again["children"][0]["qr"], "CHILD001");
    assert_eq!(again["parent"]["child_count"], 1);
}

#[tokio::test]
async fn a_dispatchers_parent_gets_their_area() {
    let app = spawn_app().await;
    let token = app.user_token("dina", "dispatcher", Some("indore")).await;
    let scanned = json(app.scan_parent(&token, "M444-00001", Some("lucknow")).await).await;
    assert_eq!(scanned["parent"]["area"], "indore");
    assert_eq!(scanned["parent"]["parent_type"], "moong");
    assert_eq!(scanned["parent"]["max_children"], 15);
}

#[tokio::test]
async fn an_unknown_area_is_named() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let response = app.scan_parent(&token, "SB00001", Some("atlantis")).await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(problem["details"]["fields"][0]["field"], "area");
}

#[tokio::test]
async fn the_tricky_inputs_get_the_answers_of_spec_section_1() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    // Accepted, normalised.
    for (raw, normalised) in [
        ("sb00001", "SB00001"),
        ("SB\u{200B}00002", "SB00002"),
        ("\u{00A0}SB00003\u{00A0}", "SB00003"),
        ("m444-00004", "M444-00004"),
    ] {
        let response = app.scan_parent(&token, raw, None).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{raw:?}");
        assert_eq!(json(response).await["parent"]["qr"], normalised, "{raw:?}");
    }
    // Refused, quoting what was scanned.
    let garbage = "x".repeat(300);
    for raw in ["SB-12345", "SB123456", "M445-00001", garbage.as_str(), "", "SB<0001>"] {
        let problem =
            assert_problem(app.scan_parent(&token, raw, None).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_qr")
                .await;
        let quoted: String = raw.chars().take(20).collect();
        assert!(problem["message"].as_str().unwrap().contains(&quoted), "{raw:?} → {problem}");
    }
    // A long label payload yields the digits after LABEL NO.
    let label = "Mustard seed, lot 77, packed 2026-11-02\nLABEL NO.: 987654321\nKeep dry";
    let linked = json(app.scan_child(&token, "SB00001", label).await).await;
    assert_eq!(linked["child"]["qr"], "987654321");
    // Lower case and invisible characters in a child QR.
    let linked = json(app.scan_child(&token, "SB00001", "ab\u{200D}cd12").await).await;
    assert_eq!(linked["child"]["qr"], "ABCD12");
    // Too short for a child.
    assert_problem(app.scan_child(&token, "SB00001", "abc").await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_qr")
        .await;
}

#[tokio::test]
async fn a_qr_is_a_parent_or_a_child_for_ever() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "SB00001", "KID", 1).await;
    app.scan_parent(&token, "SB00002", None).await;
    // A parent's QR offered as a child.
    let problem =
        assert_problem(app.scan_child(&token, "SB00001", "SB00002").await, StatusCode::CONFLICT, "wrong_kind").await;
    assert!(problem["message"].as_str().unwrap().contains("SB00002"));
    // A child offered as the parent of a child scan (its QR is no parent QR: invalid_qr).
    assert_problem(app.scan_child(&token, "KID0000", "NEWKID01").await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_qr")
        .await;
    // Self link.
    assert_problem(app.scan_child(&token, "SB00001", "sb00001").await, StatusCode::CONFLICT, "wrong_kind").await;
}

#[tokio::test]
async fn a_child_in_another_parent_is_refused_naming_that_parent() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "SB00001", "KID", 1).await;
    app.scan_parent(&token, "SB00002", None).await;
    let problem = assert_problem(
        app.scan_child(&token, "SB00002", "KID0000").await,
        StatusCode::CONFLICT,
        "child_linked_elsewhere",
    )
    .await;
    assert_eq!(problem["details"]["parent_qr"], "SB00001");
    assert!(problem["message"].as_str().unwrap().contains("already in SB00001"));
}

#[tokio::test]
async fn a_child_already_in_this_parent_changes_nothing() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "SB00001", "KID", 2).await;
    let events_before: i64 = sqlx::query_scalar("select count(*) from events").fetch_one(&app.pool).await.unwrap();
    let again = app.scan_child(&token, "SB00001", "kid0001").await;
    assert_eq!(again.status(), StatusCode::OK);
    let again = json(again).await;
    assert_eq!((again["already_linked"].as_bool(), again["parent"]["child_count"].as_i64()), (Some(true), Some(2)));
    let events_after: i64 = sqlx::query_scalar("select count(*) from events").fetch_one(&app.pool).await.unwrap();
    assert_eq!(events_before, events_after);
}

#[tokio::test]
async fn a_parent_completes_at_its_maximum_and_refuses_more() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "M444-00001", "KID", 14).await;
    let last = json(app.scan_child(&token, "M444-00001", "KID0014").await).await;
    assert_eq!(
        (last["parent"]["child_count"].as_i64(), last["parent"]["status"].as_str()),
        (Some(15), Some("completed"))
    );
    let problem =
        assert_problem(app.scan_child(&token, "M444-00001", "KID0015").await, StatusCode::CONFLICT, "parent_full")
            .await;
    assert_eq!(problem["details"]["max_children"], 15);
    // The refused child was not created.
    assert_problem(app.get("/api/v1/bags/KID0015", &token).await, StatusCode::NOT_FOUND, "not_found").await;
}

async fn complete(app: &TestApp, token: &str, qr: &str) -> reqwest::Response {
    app.request(Method::POST, &format!("/api/v1/parents/{qr}/complete"), Some(token), None).await
}

#[tokio::test]
async fn completing_early_closes_the_parent() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.scan_parent(&token, "SB00001", None).await;
    let empty = complete(&app, &token, "SB00001").await;
    assert_problem(empty, StatusCode::CONFLICT, "parent_empty").await;
    app.scan_child(&token, "SB00001", "KID0001").await;
    let done = complete(&app, &token, "sb00001").await;
    assert_eq!(done.status(), StatusCode::OK);
    assert_eq!(json(done).await["status"], "completed");
    assert_problem(app.scan_child(&token, "SB00001", "KID0002").await, StatusCode::CONFLICT, "parent_completed").await;
    assert_problem(complete(&app, &token, "SB09999").await, StatusCode::NOT_FOUND, "not_found").await;
}

async fn undo(app: &TestApp, token: &str, qr: &str) -> reqwest::Response {
    app.request(Method::POST, &format!("/api/v1/parents/{qr}/undo"), Some(token), None).await
}

#[tokio::test]
async fn undo_takes_out_the_last_child_keeps_it_and_reopens_the_parent() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "M444-00001", "KID", 15).await;
    let undone = undo(&app, &token, "M444-00001").await;
    assert_eq!(undone.status(), StatusCode::OK);
    let undone = json(undone).await;
    assert_eq!(undone["child"]["qr"], "KID0014");
    assert_eq!((undone["child"]["status"].as_str(), &undone["child"]["parent_qr"]), (Some("unlinked"), &Value::Null));
    assert_eq!(
        (undone["parent"]["status"].as_str(), undone["parent"]["child_count"].as_i64()),
        (Some("in_progress"), Some(14))
    );
    // The child still exists and can be packed again, elsewhere.
    app.scan_parent(&token, "M444-00002", None).await;
    assert_eq!(app.scan_child(&token, "M444-00002", "KID0014").await.status(), StatusCode::CREATED);
    // Both the link and the unlink are in the history.
    let kinds: Vec<(String,)> = sqlx::query_as("select kind from events where bag_qr = 'KID0014' order by id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let kinds: Vec<&str> = kinds.iter().map(|(k,)| k.as_str()).collect();
    assert_eq!(kinds, ["child_created", "child_linked", "child_unlinked", "child_linked"]);
}

#[tokio::test]
async fn undo_is_limited_to_the_window_and_to_parents_with_children() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.scan_parent(&token, "SB00001", None).await;
    assert_problem(undo(&app, &token, "SB00001").await, StatusCode::NOT_FOUND, "not_found").await;
    app.scan_child(&token, "SB00001", "KID0001").await;
    sqlx::query("update bags set linked_at = now() - interval '2 hours' where qr = 'KID0001'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_problem(undo(&app, &token, "SB00001").await, StatusCode::CONFLICT, "undo_expired").await;
}

#[tokio::test]
async fn unlinking_one_named_child() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "SB00001", "KID", 3).await;
    let path = "/api/v1/parents/SB00001/children/kid0000";
    let out = app.request(Method::DELETE, path, Some(&token), None).await;
    assert_eq!(out.status(), StatusCode::OK);
    assert_eq!(json(out).await["parent"]["child_count"], 2);
    let again = app.request(Method::DELETE, path, Some(&token), None).await;
    assert_problem(again, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_parent_on_a_completed_bill_is_frozen() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "SB00001", "KID", 2).await;
    sqlx::query(
        "with bill as (insert into bills (code, status, capacity, linked_count) values ('B-1', 'completed', 1, 1)
                       returning id)
         update bags set bill_id = (select id from bill) where qr = 'SB00001'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    assert_problem(undo(&app, &token, "SB00001").await, StatusCode::CONFLICT, "bill_completed").await;
    let unlink = app.request(Method::DELETE, "/api/v1/parents/SB00001/children/KID0000", Some(&token), None).await;
    assert_problem(unlink, StatusCode::CONFLICT, "bill_completed").await;
}

#[tokio::test]
async fn another_areas_bag_is_refused_as_such_for_a_dispatcher() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.scan_parent(&admin, "SB00001", Some("lucknow")).await;
    app.scan_parent(&admin, "SB00002", Some("indore")).await;
    assert_eq!(app.scan_child(&admin, "SB00001", "KID0009").await.status(), StatusCode::CREATED);
    let indore = app.user_token("indo", "dispatcher", Some("indore")).await;
    assert_problem(app.scan_parent(&indore, "SB00001", None).await, StatusCode::FORBIDDEN, "other_area").await;
    assert_problem(app.scan_child(&indore, "SB00001", "KID0001").await, StatusCode::FORBIDDEN, "other_area").await;
    assert_problem(undo(&app, &indore, "SB00001").await, StatusCode::FORBIDDEN, "other_area").await;
    // A child of another area scanned into one's own parent: the same answer, nothing moves.
    assert_problem(app.scan_child(&indore, "SB00002", "KID0009").await, StatusCode::FORBIDDEN, "other_area").await;
    assert_problem(app.scan_child(&indore, "SB09999", "KID0001").await, StatusCode::NOT_FOUND, "not_found").await;
    let lucknow = app.user_token("luck", "dispatcher", Some("lucknow")).await;
    assert_eq!(app.scan_child(&lucknow, "SB00001", "KID0001").await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn counters_follow_every_change() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "SB00001", "KID", 3).await;
    undo(&app, &token, "SB00001").await;
    app.request(Method::DELETE, "/api/v1/bags/KID0002", Some(&token), None).await;
    let counters: Vec<(String, i64)> =
        sqlx::query_as("select metric, sum(value)::bigint from stat_counters group by metric order by metric")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        counters,
        [("children".into(), 2), ("parents".into(), 1), ("scans".into(), 3), ("unlinked_children".into(), 0)]
    );
}
