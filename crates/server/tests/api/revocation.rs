//! Every request is judged on the user's rights now, not on what the token said when issued:
//! deleted, demoted, moved and signed-out users lose their access tokens at once, on every
//! instance; their next refresh (if any) carries the new rights.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestOptions, assert_problem, eventually, password_of, spawn_app, spawn_app_with};

async fn refresh(app: &TestApp, session: &Value) -> reqwest::Response {
    let body = json!({"refresh_token": session["refresh_token"]});
    app.request(Method::POST, "/api/v1/auth/refresh", None, Some(body)).await
}

fn access(session: &Value) -> &str {
    session["access_token"].as_str().unwrap()
}

#[tokio::test]
async fn a_deleted_admin_cannot_use_its_token_to_make_a_new_admin() {
    let app = spawn_app().await;
    let root = app.admin_token().await;
    let victim = app.create_user(&root, "mallory", "admin", None).await;
    let session = app.session("mallory", &password_of("mallory")).await;
    assert_eq!(app.get("/api/v1/users", access(&session)).await.status(), StatusCode::OK);

    let path = format!("/api/v1/users/{}", victim["id"].as_str().unwrap());
    assert_eq!(app.request(Method::DELETE, &path, Some(&root), None).await.status(), StatusCode::NO_CONTENT);

    let body = json!({"username": "backdoor", "password": "Back-Door-2026!", "role": "admin"});
    let refused = app.post("/api/v1/users", access(&session), body).await;
    assert_problem(refused, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_problem(refresh(&app, &session).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let made: i64 = sqlx::query_scalar("select count(*) from users where username = 'backdoor'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(made, 0);
}

#[tokio::test]
async fn a_demoted_admin_is_refused_then_refreshes_into_its_new_role() {
    let app = spawn_app().await;
    let root = app.admin_token().await;
    let user = app.create_user(&root, "priya", "admin", None).await;
    let session = app.session("priya", &password_of("priya")).await;
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    let demoted = app.request(Method::PATCH, &path, Some(&root), Some(json!({"role": "biller"}))).await;
    assert_eq!(demoted.status(), StatusCode::OK);

    assert_problem(app.get("/api/v1/users", access(&session)).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // A role change ends the sessions too: the next sign-in is a biller's.
    assert_problem(refresh(&app, &session).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let biller = app.session("priya", &password_of("priya")).await;
    assert_eq!(biller["user"]["role"], "biller");
    assert_problem(app.get("/api/v1/users", access(&biller)).await, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn a_dispatcher_moved_to_another_area_sees_only_the_new_one() {
    let app = spawn_app().await;
    let root = app.admin_token().await;
    let user = app.create_user(&root, "dev", "dispatcher", Some("lucknow")).await;
    let session = app.session("dev", &password_of("dev")).await;
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    let moved = app.request(Method::PATCH, &path, Some(&root), Some(json!({"area": "indore"}))).await;
    assert_eq!(moved.status(), StatusCode::OK);

    assert_problem(app.get("/api/v1/bags", access(&session)).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let renewed: Value = refresh(&app, &session).await.json().await.unwrap();
    assert_eq!(renewed["user"]["area"], "indore");
    let me: Value = app.get("/api/v1/auth/me", access(&renewed)).await.json().await.unwrap();
    assert_eq!(me["area"], "indore");
    // The new token scans into the new area only.
    let scanned = app.scan_parent(access(&renewed), "SB00077", None).await;
    let parent: Value = scanned.json().await.unwrap();
    assert_eq!(parent["parent"]["area"], "indore", "{parent}");
}

#[tokio::test]
async fn a_password_reset_by_an_admin_ends_the_old_access_token() {
    let app = spawn_app().await;
    let root = app.admin_token().await;
    let user = app.create_user(&root, "kiran", "biller", None).await;
    let token = app.token("kiran", &password_of("kiran")).await;
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    let reset = app.request(Method::PATCH, &path, Some(&root), Some(json!({"password": "Reset-By-Admin-2026!"}))).await;
    assert_eq!(reset.status(), StatusCode::OK);
    assert_problem(app.get("/api/v1/auth/me", &token).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn changing_your_own_password_ends_your_access_tokens_everywhere() {
    let app = spawn_app().await;
    let root = app.admin_token().await;
    app.create_user(&root, "lata", "biller", None).await;
    let here = app.token("lata", &password_of("lata")).await;
    let there = app.token("lata", &password_of("lata")).await;
    let body = json!({"current_password": password_of("lata"), "new_password": "Lata-New-Pass-2026!"});
    assert_eq!(app.post("/api/v1/auth/password", &here, body).await.status(), StatusCode::NO_CONTENT);
    for token in [&here, &there] {
        assert_problem(app.get("/api/v1/auth/me", token).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    assert_eq!(app.login("lata", "Lata-New-Pass-2026!").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_second_instance_sees_the_revocation_too() {
    let first = spawn_app().await;
    let database = first.database_url.clone();
    let second = spawn_app_with(TestOptions { same_database_as: Some(database), ..Default::default() }).await;
    let root = first.admin_token().await;
    let user = first.create_user(&root, "omar", "admin", None).await;
    let token = second.token("omar", &password_of("omar")).await;
    // The second instance has the version cached from this request…
    assert_eq!(second.get("/api/v1/users", &token).await.status(), StatusCode::OK);
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    assert_eq!(first.request(Method::DELETE, &path, Some(&root), None).await.status(), StatusCode::NO_CONTENT);
    // …and drops it when the database announces the change (milliseconds; bounded at 5 s).
    eventually(|| async { second.get("/api/v1/users", &token).await.status() == StatusCode::UNAUTHORIZED }).await;
    assert_problem(second.get("/api/v1/users", &token).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
}
