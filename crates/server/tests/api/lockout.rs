//! The lockout holds under a burst: attempts are claimed before any password is hashed, so
//! concurrency cannot buy more than five guesses per lock window, at sign-in or anywhere else a
//! password is proved (the password change included).

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, password_of, spawn_app};

async fn statuses(responses: Vec<reqwest::Response>) -> Vec<StatusCode> {
    responses.iter().map(reqwest::Response::status).collect()
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

async fn failed_logins(app: &TestApp, username: &str) -> i32 {
    sqlx::query_scalar("select failed_logins from users where username = $1")
        .bind(username)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_burst_of_wrong_passwords_gets_five_checks_and_then_the_right_one_is_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "ravi", "dispatcher", Some("lucknow")).await;

    let guesses: Vec<String> = (0..100).map(|i| format!("Wrong-Guess-{i}!")).collect();
    let burst = guesses.iter().map(|guess| app.login("ravi", guess));
    let (answers, right) = tokio::join!(futures::future::join_all(burst), async {
        // The right password, sent once the fifth attempt has been claimed, while the burst is
        // still arriving.
        for _ in 0..200 {
            if failed_logins(&app, "ravi").await >= 5 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        app.login("ravi", &password_of("ravi")).await
    });
    let statuses = statuses(answers).await;
    assert!(count(&statuses, StatusCode::UNAUTHORIZED) <= 5, "{statuses:?}");
    assert_eq!(count(&statuses, StatusCode::UNAUTHORIZED) + count(&statuses, StatusCode::LOCKED), 100, "{statuses:?}");
    let refused = assert_problem(right, StatusCode::LOCKED, "account_locked").await;
    assert!(refused["message"].as_str().unwrap().contains("locked"));
    // Still locked afterwards, with the right password too.
    assert_problem(app.login("ravi", &password_of("ravi")).await, StatusCode::LOCKED, "account_locked").await;
}

#[tokio::test]
async fn a_right_password_gives_its_attempt_back_and_clears_the_count() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "mira", "biller", None).await;
    for _ in 0..4 {
        assert_eq!(app.login("mira", "Wrong-Pass-2026!").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.login("mira", &password_of("mira")).await.status(), StatusCode::OK);
    assert_eq!(failed_logins(&app, "mira").await, 0);
    for _ in 0..4 {
        assert_eq!(app.login("mira", "Wrong-Pass-2026!").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.login("mira", &password_of("mira")).await.status(), StatusCode::OK, "not locked after 4 + 4");
}

#[tokio::test]
async fn a_wrong_current_password_counts_like_a_failed_sign_in() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "asha", "biller", None).await;
    let token = app.token("asha", &password_of("asha")).await;
    let change = |current: &str| json!({"current_password": current, "new_password": "Brand-New-2026!"});
    for _ in 0..5 {
        let response = app.post("/api/v1/auth/password", &token, change("Not-Mine-2026!")).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    // The oracle is closed: the right current password is refused now, and so is sign-in.
    let locked = app.post("/api/v1/auth/password", &token, change(&password_of("asha"))).await;
    assert_problem(locked, StatusCode::LOCKED, "account_locked").await;
    assert_problem(app.login("asha", &password_of("asha")).await, StatusCode::LOCKED, "account_locked").await;
}

#[tokio::test]
async fn sixty_four_parallel_password_changes_hash_five_times_and_leave_the_pool_free() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "dev", "biller", None).await;
    let token = app.token("dev", &password_of("dev")).await;
    let body = json!({"current_password": "Not-Mine-2026!", "new_password": "Brand-New-2026!"});
    let calls = (0..64).map(|_| app.post("/api/v1/auth/password", &token, body.clone()));
    // The server's pool has 4 connections: none is held while a hash waits.
    let (answers, meanwhile) =
        tokio::join!(futures::future::join_all(calls), async { app.get("/api/v1/auth/me", &admin).await.status() });
    let statuses = statuses(answers).await;
    assert!(count(&statuses, StatusCode::UNPROCESSABLE_ENTITY) <= 5, "{statuses:?}");
    assert_eq!(count(&statuses, StatusCode::UNPROCESSABLE_ENTITY) + count(&statuses, StatusCode::LOCKED), 64);
    assert_eq!(meanwhile, StatusCode::OK);
}

#[tokio::test]
async fn a_failed_sign_in_keeps_no_trace_of_what_was_typed_unless_it_names_a_user() {
    let app = spawn_app().await;
    let typed_in_the_wrong_field = "My-Secret-Pass-2026!";
    assert_eq!(app.login(typed_in_the_wrong_field, "whatever").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login("admin", "Wrong-Pass-2026!").await.status(), StatusCode::UNAUTHORIZED);
    let admin = app.admin_token().await;
    let trail: Value = app.get("/api/v1/audit?action=login_failed", &admin).await.json().await.unwrap();
    let entries = trail["items"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{trail}");
    assert!(!trail.to_string().contains(typed_in_the_wrong_field), "{trail}");
    let targets: Vec<&Value> = entries.iter().map(|e| &e["target_id"]).collect();
    assert!(targets.contains(&&json!("admin")) && targets.contains(&&Value::Null), "{targets:?}");
    let stored: i64 = sqlx::query_scalar("select count(*) from audit_log where target_id = $1 or actor_username = $1")
        .bind(typed_in_the_wrong_field)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
}
