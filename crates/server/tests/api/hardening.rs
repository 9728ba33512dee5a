//! Start-up defaults and browser protections: headers on every response, HSTS only over TLS,
//! the admin password applied only to make the first admin, a private PostgreSQL that asks for
//! its password.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{ADMIN_PASSWORD, TestOptions, spawn_app, spawn_app_with};

#[tokio::test]
async fn every_response_carries_the_browser_protections() {
    let app = spawn_app().await;
    for path in ["/health/live", "/api/v1/areas", "/api/v1/nope", "/api/docs/"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
        let csp = header("content-security-policy").unwrap_or_else(|| panic!("no CSP on {path}"));
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("script-src 'self' 'unsafe"), "{path}: {csp}");
        assert_eq!(header("x-frame-options").as_deref(), Some("DENY"), "{path}");
        assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"), "{path}");
        assert_eq!(header("referrer-policy").as_deref(), Some("strict-origin-when-cross-origin"), "{path}");
        assert_eq!(header("strict-transport-security"), None, "plain HTTP: no HSTS ({path})");
    }
}

#[tokio::test]
async fn hsts_is_sent_when_a_trusted_proxy_says_the_client_came_over_tls() {
    let app = spawn_app_with(TestOptions {
        configure: |s| s.trusted_proxies = api::client::TrustedProxies::parse("127.0.0.1/32").unwrap(),
        ..Default::default()
    })
    .await;
    let over_tls = app.client.get(app.url("/health/live")).header("X-Forwarded-Proto", "https").send().await.unwrap();
    let hsts = over_tls.headers().get("strict-transport-security").unwrap().to_str().unwrap();
    assert!(hsts.starts_with("max-age="), "{hsts}");

    let untrusted = spawn_app().await;
    let claimed =
        untrusted.client.get(untrusted.url("/health/live")).header("X-Forwarded-Proto", "https").send().await.unwrap();
    assert!(claimed.headers().get("strict-transport-security").is_none(), "only a trusted proxy is believed");
}

#[tokio::test]
async fn the_admin_password_setting_does_not_undo_a_rotation() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let body = json!({"current_password": ADMIN_PASSWORD, "new_password": "Rotated-Admin-2026!"});
    assert_eq!(app.post("/api/v1/auth/password", &token, body).await.status(), StatusCode::NO_CONTENT);

    // Another start on the same database, with the old setting still in the environment.
    let restarted =
        spawn_app_with(TestOptions { same_database_as: Some(app.database_url.clone()), ..Default::default() }).await;
    assert_eq!(restarted.login("admin", ADMIN_PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(restarted.login("admin", "Rotated-Admin-2026!").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_site_without_admins_gets_its_first_admin_from_the_setting() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let me: serde_json::Value = app.get("/api/v1/auth/me", &token).await.json().await.unwrap();
    assert_eq!(me["role"], "admin");
    // Two instances starting together on an empty site make exactly one admin.
    let fresh = spawn_app().await;
    let url = fresh.database_url.clone();
    sqlx::query("update users set deleted_at = now()").execute(&fresh.pool).await.unwrap();
    let (a, b) = tokio::join!(
        spawn_app_with(TestOptions { same_database_as: Some(url.clone()), ..Default::default() }),
        spawn_app_with(TestOptions { same_database_as: Some(url), ..Default::default() }),
    );
    let admins: i64 = sqlx::query_scalar("select count(*) from users where role = 'admin' and deleted_at is null")
        .fetch_one(&fresh.pool)
        .await
        .unwrap();
    assert_eq!(admins, 1);
    assert_eq!(a.login("admin", ADMIN_PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(b.request(Method::GET, "/health/ready", None, None).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_private_postgres_asks_for_a_password_kept_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("tt-private-pg-{}", uuid::Uuid::new_v4().simple()));
    let postgres = tokio::task::spawn_blocking({
        let dir = dir.clone();
        move || tracetrack_server::local_postgres::LocalPostgres::start(&dir)
    })
    .await
    .unwrap()
    .expect("the private PostgreSQL starts");
    let password_file = dir.join("postgres").join("password");
    let mode = std::fs::metadata(&password_file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    let without = format!("postgres://tracetrack@127.0.0.1:{}/postgres", postgres.port);
    let refused = sqlx::PgPool::connect(&without).await;
    let with = sqlx::PgPool::connect(&postgres.admin_url()).await;
    postgres.stop();
    let _ = std::fs::remove_dir_all(&dir);
    let error = refused.expect_err("no password, no connection").to_string();
    assert!(error.contains("password"), "{error}");
    with.expect("the password from the file connects");
}
