//! Faults lose nothing: Redis going away fails no request, and the server uses it again when it
//! comes back, without a restart. (A database outage: `health.rs`.)

use std::time::{Duration, Instant};

use deadpool_redis::redis;
use reqwest::StatusCode;

use crate::helpers::{DatabaseProxy, TestOptions, spawn_app_with, test_redis_url};

const PREFIX: &str = "tt-test-redis-fault:";

async fn keys(connection: &mut redis::aio::MultiplexedConnection) -> Vec<String> {
    redis::cmd("KEYS").arg(format!("{PREFIX}*")).query_async(connection).await.unwrap()
}

#[tokio::test]
async fn redis_going_away_fails_no_request_and_is_used_again_when_it_returns() {
    let redis_url = test_redis_url();
    let address = redis_url.trim_start_matches("redis://").trim_end_matches('/').to_owned();
    let proxy = DatabaseProxy::start_to(address).await;
    let mut direct = redis::Client::open(redis_url).unwrap().get_multiplexed_async_connection().await.unwrap();
    let stale = keys(&mut direct).await;
    if !stale.is_empty() {
        let _: () = redis::cmd("DEL").arg(stale).query_async(&mut direct).await.unwrap();
    }
    let app = spawn_app_with(TestOptions {
        redis_url: Some(format!("redis://127.0.0.1:{}", proxy.port)),
        configure: |s| s.redis_prefix = PREFIX.into(),
        ..Default::default()
    })
    .await;
    let token = app.admin_token().await;
    assert!(app.scan_parent(&token, "SB00001", Some("lucknow")).await.status().is_success());
    assert!(!keys(&mut direct).await.is_empty(), "Redis is in use");

    proxy.cut();
    for n in 0..5 {
        let scanned = app.scan_child(&token, "SB00001", &format!("KID{n:04}")).await;
        assert_eq!(scanned.status(), StatusCode::CREATED, "scan {n} with Redis away");
        assert_eq!(app.get("/api/v1/stats", &token).await.status(), StatusCode::OK, "stats {n} with Redis away");
    }
    let linked: i64 =
        sqlx::query_scalar("select count(*) from bags where parent_id is not null").fetch_one(&app.pool).await.unwrap();
    assert_eq!(linked, 5, "every acknowledged scan is in the database");

    // Back: the server counts in Redis again by itself (after its few seconds of back-off).
    proxy.restore();
    let _: () = redis::cmd("DEL").arg(keys(&mut direct).await).query_async(&mut direct).await.unwrap_or(());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        assert_eq!(app.get("/api/v1/areas", &token).await.status(), StatusCode::OK);
        if !keys(&mut direct).await.is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "the server did not use Redis again");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
