use futures::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{ADMIN_PASSWORD, assert_problem, password_of, spawn_app};

#[tokio::test]
async fn login_returns_a_token_pair_and_the_user() {
    let app = spawn_app().await;
    let response = app.login("admin", ADMIN_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["user"]["username"], "admin");
    assert_eq!(body["user"]["role"], "admin");
    assert!(body["refresh_token"].as_str().unwrap().len() >= 32);

    let me = app.get("/api/v1/auth/me", body["access_token"].as_str().unwrap()).await;
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(me.json::<Value>().await.unwrap()["username"], "admin");
}

#[tokio::test]
async fn usernames_are_case_insensitive_at_login() {
    let app = spawn_app().await;
    assert_eq!(app.login("ADMIN", ADMIN_PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn unknown_user_and_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    let unknown =
        assert_problem(app.login("nobody", "Whatever-2026!").await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let wrong =
        assert_problem(app.login("admin", "Wrong-Pass-2026!").await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("request_id");
        v.as_object_mut().unwrap().remove("instance");
        v
    };
    assert_eq!(strip(unknown), strip(wrong));
}

#[tokio::test]
async fn five_failures_lock_the_account_until_an_admin_unlocks_it() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let user = app.create_user(&admin, "ravi", "biller", None).await;
    for _ in 0..5 {
        assert_problem(app.login("ravi", "Wrong-Pass-2026!").await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    // Even the right password is refused while locked, with a hint of how long to wait.
    let locked = app.login("ravi", &password_of("ravi")).await;
    let retry_after: u64 = locked.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((850..=900).contains(&retry_after), "retry-after {retry_after}");
    assert_problem(locked, StatusCode::LOCKED, "account_locked").await;

    let listed: Value = app.get("/api/v1/users?locked=true", &admin).await.json().await.unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);

    let path = format!("/api/v1/users/{}/unlock", user["id"].as_str().unwrap());
    let unlocked = app.post(&path, &admin, json!({})).await;
    assert_eq!(unlocked.status(), StatusCode::OK);
    assert_eq!(unlocked.json::<Value>().await.unwrap()["locked"], false);
    assert_eq!(app.login("ravi", &password_of("ravi")).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_success_resets_the_failure_count() {
    let app = spawn_app().await;
    for _ in 0..4 {
        app.login("admin", "Wrong-Pass-2026!").await;
    }
    assert_eq!(app.login("admin", ADMIN_PASSWORD).await.status(), StatusCode::OK);
    for _ in 0..4 {
        app.login("admin", "Wrong-Pass-2026!").await;
    }
    assert_eq!(app.login("admin", ADMIN_PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn sixty_four_simultaneous_logins_of_sixteen_users_all_succeed() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let names: Vec<String> = (0..16).map(|i| format!("op{i:02}")).collect();
    for name in &names {
        app.create_user(&admin, name, "dispatcher", Some("lucknow")).await;
    }
    let started = std::time::Instant::now();
    let logins = (0..64).map(|i| {
        let name = &names[i % 16];
        let app = &app;
        async move {
            let begun = std::time::Instant::now();
            let status = app.login(name, &password_of(name)).await.status();
            (status, begun.elapsed())
        }
    });
    let results = join_all(logins).await;
    let slowest = results.iter().map(|(_, took)| *took).max().unwrap();
    println!("64 logins: total {:?}, slowest {:?}", started.elapsed(), slowest);
    assert!(results.iter().all(|(status, _)| *status == StatusCode::OK), "{results:?}");
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    let app = spawn_app().await;
    let token = app.user_token("meena", "biller", None).await;
    let other_session = app.session("meena", &password_of("meena")).await;

    let wrong = app
        .post("/api/v1/auth/password", &token, json!({"current_password": "nope", "new_password": "New-Pass-2026!"}))
        .await;
    let body = assert_problem(wrong, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["details"]["fields"][0]["field"], "current_password");

    let weak = app
        .post(
            "/api/v1/auth/password",
            &token,
            json!({"current_password": password_of("meena"), "new_password": "weak"}),
        )
        .await;
    let body = assert_problem(weak, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["details"]["fields"][0]["field"], "new_password");

    let changed = app
        .post(
            "/api/v1/auth/password",
            &token,
            json!({"current_password": password_of("meena"), "new_password": "New-Pass-2026!"}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.login("meena", &password_of("meena")).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login("meena", "New-Pass-2026!").await.status(), StatusCode::OK);
    let refresh = app
        .request(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": other_session["refresh_token"]})),
        )
        .await;
    assert_problem(refresh, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn logins_are_audited_with_anonymised_addresses() {
    let app = spawn_app().await;
    app.login("admin", "Wrong-Pass-2026!").await;
    app.login("admin", ADMIN_PASSWORD).await;
    let rows: Vec<(String, Option<String>, Option<String>)> =
        sqlx::query_as("select action, client_addr, request_id from audit_log order by id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    let actions: Vec<&str> = rows.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(actions, ["login_failed", "login"]);
    assert!(rows.iter().all(|(_, addr, id)| addr.as_deref() == Some("127.0.0.0") && id.is_some()), "{rows:?}");
}
