//! Request-rate limits and the client address they count by: per user and per client, 429 with
//! Retry-After, shared by every instance through Redis and still enforced without it; the
//! address taken from the right of `X-Forwarded-For`, behind trusted proxies only; IPv6 clients
//! counted by their /64.

use reqwest::StatusCode;

use crate::helpers::{TestApp, TestOptions, assert_problem, spawn_app, spawn_app_with, test_redis_url};

fn small_client_limit(settings: &mut tracetrack_server::Settings) {
    settings.rate_limits = api::rate_limit::Limits {
        per_user: None,
        per_client: Some(api::rate_limit::Rate { requests: 5, window: std::time::Duration::from_secs(600) }),
    };
}

fn behind_a_proxy(settings: &mut tracetrack_server::Settings) {
    small_client_limit(settings);
    settings.trusted_proxies = api::client::TrustedProxies::parse("127.0.0.1").unwrap();
}

/// Whether a request claiming to come through `forwarded_for` was refused for its rate (the
/// request itself carries no token: counted per client before anything else).
async fn limited(app: &TestApp, forwarded_for: &str) -> bool {
    let response =
        app.client.get(app.url("/api/v1/areas")).header("X-Forwarded-For", forwarded_for).send().await.unwrap();
    match response.status() {
        StatusCode::TOO_MANY_REQUESTS => true,
        StatusCode::UNAUTHORIZED => false,
        other => panic!("unexpected {other}"),
    }
}

#[tokio::test]
async fn a_scanner_burst_never_meets_the_default_limits() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    assert!(app.scan_parent(&token, "SB00001", Some("lucknow")).await.status().is_success());
    let children: Vec<String> = (0..30).map(|n| format!("KID{n:04}")).collect();
    let scans = children.iter().map(|child| app.scan_child(&token, "SB00001", child));
    for response in futures::future::join_all(scans).await {
        assert_eq!(response.status(), StatusCode::CREATED);
    }
}

#[tokio::test]
async fn one_user_past_its_rate_gets_429_with_retry_after() {
    let app = spawn_app_with(TestOptions {
        configure: |s| {
            s.rate_limits.per_user =
                Some(api::rate_limit::Rate { requests: 20, window: std::time::Duration::from_secs(600) })
        },
        ..Default::default()
    })
    .await;
    let token = app.admin_token().await;
    let other = app.user_token("bina", "biller", None).await;
    let answers = futures::future::join_all((0..40).map(|_| app.get("/api/v1/areas", &token))).await;
    let limited: Vec<_> = answers.into_iter().filter(|r| r.status() == StatusCode::TOO_MANY_REQUESTS).collect();
    assert!(limited.len() >= 19, "{} limited", limited.len());
    let response = app.get("/api/v1/areas", &token).await;
    let wait: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=600).contains(&wait), "{wait}");
    assert_problem(response, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Another user is not held back by the first one's count.
    assert_eq!(app.get("/api/v1/areas", &other).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn instances_share_the_count_through_redis() {
    fn limit(s: &mut tracetrack_server::Settings) {
        s.rate_limits.per_user =
            Some(api::rate_limit::Rate { requests: 10, window: std::time::Duration::from_secs(600) });
        s.redis_prefix = "tt-test-shared-limit:".into();
    }
    let first = spawn_app_with(TestOptions { configure: limit, ..Default::default() }).await;
    let second = spawn_app_with(TestOptions {
        configure: limit,
        same_database_as: Some(first.database_url.clone()),
        ..Default::default()
    })
    .await;
    // A fresh count for this run: the prefix is shared by design.
    let mut redis = redis_connection().await;
    let keys: Vec<String> =
        deadpool_redis::redis::cmd("KEYS").arg("tt-test-shared-limit:*").query_async(&mut redis).await.unwrap();
    if !keys.is_empty() {
        let _: () = deadpool_redis::redis::cmd("DEL").arg(keys).query_async(&mut redis).await.unwrap();
    }
    let token = first.admin_token().await;
    for _ in 0..6 {
        assert_eq!(first.get("/api/v1/areas", &token).await.status(), StatusCode::OK);
    }
    for _ in 0..4 {
        assert_eq!(second.get("/api/v1/areas", &token).await.status(), StatusCode::OK);
    }
    assert_eq!(second.get("/api/v1/areas", &token).await.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(first.get("/api/v1/areas", &token).await.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn redis_connection() -> deadpool_redis::redis::aio::MultiplexedConnection {
    deadpool_redis::redis::Client::open(test_redis_url()).unwrap().get_multiplexed_async_connection().await.unwrap()
}

#[tokio::test]
async fn with_redis_dead_the_limit_still_holds_in_process_and_nothing_fails() {
    let app = spawn_app_with(TestOptions {
        redis_url: Some("redis://127.0.0.1:1".into()),
        configure: |s| {
            s.rate_limits.per_user =
                Some(api::rate_limit::Rate { requests: 8, window: std::time::Duration::from_secs(600) })
        },
        ..Default::default()
    })
    .await;
    let token = app.admin_token().await;
    for _ in 0..8 {
        assert_eq!(app.get("/api/v1/areas", &token).await.status(), StatusCode::OK);
    }
    assert_eq!(app.get("/api/v1/areas", &token).await.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_client_is_the_rightmost_untrusted_address() {
    let app = spawn_app_with(TestOptions { configure: behind_a_proxy, ..Default::default() }).await;
    for _ in 0..5 {
        assert!(!limited(&app, "203.0.113.9").await);
    }
    assert!(limited(&app, "203.0.113.9").await);
    // Rotating a client-written address on the left changes nothing…
    assert!(limited(&app, "198.51.100.1, 203.0.113.9").await);
    assert!(limited(&app, "198.51.100.2, 203.0.113.9, 127.0.0.1").await);
    // …and another client behind the same proxy is not locked out by the first.
    assert!(!limited(&app, "203.0.113.10").await);
}

#[tokio::test]
async fn ipv6_clients_are_counted_by_their_64() {
    let app = spawn_app_with(TestOptions { configure: behind_a_proxy, ..Default::default() }).await;
    for host in 1..=5 {
        assert!(!limited(&app, &format!("2001:db8:0:1::{host}")).await);
    }
    assert!(limited(&app, "2001:db8:0:1:ffff::99").await, "same /64");
    assert!(!limited(&app, "2001:db8:0:2::1").await, "another /64");
}

#[tokio::test]
async fn without_trusted_proxies_forwarded_for_is_ignored() {
    let app = spawn_app_with(TestOptions { configure: small_client_limit, ..Default::default() }).await;
    for n in 0..5 {
        assert!(!limited(&app, &format!("203.0.113.{n}")).await);
    }
    // Every request came from 127.0.0.1, whatever the header claimed.
    assert!(limited(&app, "198.51.100.77").await);
}
