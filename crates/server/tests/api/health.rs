use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{METRICS_TOKEN, TestOptions, assert_problem, spawn_app, spawn_app_with};

#[tokio::test]
async fn live_and_ready_with_redis_up() {
    let app = spawn_app().await;
    let live = app.client.get(app.url("/health/live")).send().await.unwrap();
    assert_eq!(live.status(), StatusCode::OK);
    let ready: Value = app.client.get(app.url("/health/ready")).send().await.unwrap().json().await.unwrap();
    assert_eq!(ready, serde_json::json!({"status": "ready", "database": "up", "redis": "up"}));
}

#[tokio::test]
async fn redis_down_is_reported_but_not_fatal() {
    // Nothing listens on port 1: a Redis that is down from the start.
    let app = spawn_app_with(TestOptions { redis_url: Some("redis://127.0.0.1:1".into()), ..Default::default() }).await;
    let response = app.client.get(app.url("/health/ready")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let ready: Value = response.json().await.unwrap();
    assert_eq!(ready["redis"], "down");
    assert_eq!(ready["database"], "up");
    // Sign-in does not need Redis.
    assert_eq!(app.login("admin", crate::helpers::ADMIN_PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn without_redis_the_cache_is_in_process() {
    let app = spawn_app_with(TestOptions { redis_url: None, ..Default::default() }).await;
    let ready: Value = app.client.get(app.url("/health/ready")).send().await.unwrap().json().await.unwrap();
    assert_eq!(ready["redis"], "in_process");
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.get("/api/v1/users/00000000-0000-0000-0000-000000000000", &token).await;
    // Not for anyone on the application port: only a scraper with the token.
    let anonymous = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_problem(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let wrong = app.client.get(app.url("/metrics")).bearer_auth(&token).send().await.unwrap();
    assert_problem(wrong, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let scraped = app.client.get(app.url("/metrics")).bearer_auth(METRICS_TOKEN).send().await.unwrap();
    let text = scraped.text().await.unwrap();
    assert!(
        text.contains(r#"tracetrack_http_requests_total{method="GET",route="/api/v1/users/{id}",status="404"} 1"#),
        "{text}"
    );
    assert!(text.contains("tracetrack_http_request_duration_seconds_bucket"));
    assert!(text.contains("tracetrack_db_pool_connections"));
}

#[tokio::test]
async fn without_a_metrics_token_metrics_are_not_served() {
    let app = spawn_app_with(TestOptions { configure: |s| s.metrics_token = None, ..Default::default() }).await;
    let response = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_problem(response, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/health/live")).send().await.unwrap();
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36);
}

#[tokio::test]
async fn a_database_outage_is_503_and_the_service_recovers_by_itself() {
    let proxy = crate::helpers::DatabaseProxy::start().await;
    let probe = crate::helpers::spawn_app().await; // only to get a fresh database name
    let through_proxy = proxy.url_for(&probe.database_url);
    let app = spawn_app_with(TestOptions { database_url_override: Some(through_proxy), ..Default::default() }).await;
    let token = app.admin_token().await;

    proxy.cut();
    let ready = app.client.get(app.url("/health/ready")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = ready.json().await.unwrap();
    assert_eq!((body["status"].as_str(), body["database"].as_str()), (Some("not_ready"), Some("down")));
    let users = app.get("/api/v1/users", &token).await;
    assert!(users.headers().contains_key("retry-after"));
    crate::helpers::assert_problem(users, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;

    proxy.restore();
    crate::helpers::eventually(|| async {
        app.client.get(app.url("/health/ready")).send().await.unwrap().status() == StatusCode::OK
    })
    .await;
    assert_eq!(app.get("/api/v1/users", &token).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn without_a_database_url_the_server_runs_its_own_postgresql() {
    let data_dir = std::env::temp_dir().join(format!("tt-local-pg-{}", uuid::Uuid::new_v4().simple()));
    let settings = tracetrack_server::Settings {
        addr: "127.0.0.1:0".into(),
        data_dir: data_dir.clone(),
        db_pool_size: 2,
        admin_password: Some(crate::helpers::ADMIN_PASSWORD.to_owned().into()),
        workers: Some(1),
        ..Default::default()
    };
    let application = tracetrack_server::Application::build(settings).await.expect("starts its own PostgreSQL");
    let (port, handle) = (application.port(), application.handle());
    let running = tokio::spawn(application.run_until_stopped());
    let client = reqwest::Client::new();
    let ready = client.get(format!("http://127.0.0.1:{port}/health/ready")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let login = client
        .post(format!("http://127.0.0.1:{port}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "admin", "password": crate::helpers::ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);

    handle.stop(true).await;
    running.await.unwrap().unwrap();
    // Stopped on exit: no server holds the folder any more.
    assert!(!data_dir.join("postgres/data/postmaster.pid").exists());
    let _ = std::fs::remove_dir_all(&data_dir);
}

#[tokio::test]
async fn the_healthcheck_subcommand_asks_the_local_instance() {
    let app = spawn_app().await;
    let port = app.address.rsplit(':').next().unwrap().to_owned();
    let settings = tracetrack_server::Settings { addr: format!("0.0.0.0:{port}"), ..Default::default() };
    tracetrack_server::cli::healthcheck(&settings).await.expect("a ready instance is healthy");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let nobody = tracetrack_server::Settings { addr: format!("127.0.0.1:{closed}"), ..Default::default() };
    assert!(tracetrack_server::cli::healthcheck(&nobody).await.is_err());
}
