//! Faults lose nothing: Redis going away fails no request, and the server uses it again when it
//! comes back, without a restart; a database gap under scan load loses no acknowledged scan.
//! (Readiness during a database outage: `health.rs`; processes killed: `processes.rs`.)

use std::time::{Duration, Instant};

use deadpool_redis::redis;
use reqwest::StatusCode;

use crate::helpers::{DatabaseProxy, TestOptions, spawn_app_with, test_redis_url};

const INVARIANTS: &str = include_str!("../../../../loadtest/invariants.sql");

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

/// PostgreSQL away for 1.5 s under a steady scan load (4 clients): answers during the gap are
/// 503 `unavailable` with `Retry-After` (no hang), the service recovers by itself, every scan
/// answered 2xx is in the database, and nothing is half-applied.
#[tokio::test]
async fn a_database_gap_under_scan_load_loses_no_acknowledged_scan() {
    let proxy = DatabaseProxy::start().await;
    let probe = crate::helpers::spawn_app().await; // a fresh database, reached through the proxy
    let through_proxy = proxy.url_for(&probe.database_url);
    let app = spawn_app_with(TestOptions {
        database_url_override: Some(through_proxy),
        // Clients retry fast here; the request-rate limits are another test's subject.
        configure: |settings| {
            settings.rate_limits.per_user = None;
            settings.rate_limits.per_client = None;
        },
        ..Default::default()
    })
    .await;
    let token = app.admin_token().await;
    let big = serde_json::json!({"code": "big", "name": "Big", "qr_pattern": r"BIG\d{3}", "max_children": 1000,
                                 "expected_weight_kg": 1000.0, "child_weight_kg": 1.0});
    assert!(app.post("/api/v1/parent-types", &token, big).await.status().is_success());
    // A fast machine packs more than one parent's 1,000 children per client in the run: each
    // client moves to its next parent every 900 scans (BIG<client><parent>).
    const PER_PARENT: usize = 900;
    const PARENTS: usize = 10;
    let parent_of = |worker: usize, n: usize| format!("BIG{worker}{:02}", n / PER_PARENT);
    for worker in 0..4 {
        for slot in 0..PARENTS {
            let qr = parent_of(worker, slot * PER_PARENT);
            assert!(app.scan_parent(&token, &qr, Some("lucknow")).await.status().is_success());
        }
    }
    let started = Instant::now();
    let (cut_at, back_at) = (Duration::from_millis(800), Duration::from_millis(2300));
    let end = Duration::from_millis(9000);
    let workers = (0..4).map(|worker| {
        let (app, token, parent_of) = (&app, &token, &parent_of);
        async move {
            let mut outcomes = Vec::new();
            let mut n = 0;
            while started.elapsed() < end {
                let child = format!("W{worker}{n:05}");
                let sent = Instant::now();
                assert!(n < PER_PARENT * PARENTS, "more scans than the parents made for them hold");
                let response = app.scan_child(token, &parent_of(worker, n), &child).await;
                let status = response.status();
                if status == StatusCode::SERVICE_UNAVAILABLE {
                    assert!(response.headers().contains_key("retry-after"), "503 with Retry-After");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                outcomes.push((child, status, sent.duration_since(started), sent.elapsed()));
                n += 1;
            }
            outcomes
        }
    });
    let (outcomes, ()) = tokio::join!(futures::future::join_all(workers), async {
        tokio::time::sleep(cut_at).await;
        proxy.cut();
        tokio::time::sleep(back_at - cut_at).await;
        proxy.restore();
    });
    let outcomes: Vec<_> = outcomes.into_iter().flatten().collect();
    let acknowledged: Vec<&String> = outcomes.iter().filter(|o| o.1.is_success()).map(|o| &o.0).collect();
    let refused: Vec<&String> =
        outcomes.iter().filter(|o| o.1 == StatusCode::SERVICE_UNAVAILABLE).map(|o| &o.0).collect();
    let others: Vec<StatusCode> =
        outcomes.iter().map(|o| o.1).filter(|s| !s.is_success() && *s != StatusCode::SERVICE_UNAVAILABLE).collect();
    assert!(others.is_empty(), "only 2xx and 503, not {others:?}");
    assert!(!refused.is_empty(), "the gap was felt");
    let slowest = outcomes.iter().map(|o| o.3).max().unwrap_or_default();
    assert!(slowest < Duration::from_secs(7), "no request hung: slowest {slowest:?}");
    let recovered = outcomes
        .iter()
        .filter(|o| o.1.is_success() && o.2 + o.3 > back_at)
        .map(|o| o.2 + o.3 - back_at)
        .min()
        .expect("scans succeed again after the gap");
    assert!(recovered < Duration::from_secs(5), "recovered {recovered:?} after the database came back");

    let linked: Vec<String> = sqlx::query_scalar("select qr from bags where kind = 'child' and parent_id is not null")
        .fetch_all(&probe.pool)
        .await
        .unwrap();
    let linked: std::collections::HashSet<&str> = linked.iter().map(String::as_str).collect();
    assert!(acknowledged.iter().all(|c| linked.contains(c.as_str())), "every acknowledged scan is in the database");
    // A 503 can follow a commit whose acknowledgement the cut swallowed; such a scan is then
    // whole (linked, counted), never half there: no child without its link, every count right.
    let ambiguous = refused.iter().filter(|c| linked.contains(c.as_str())).count();
    let loose: i64 = sqlx::query_scalar("select count(*) from bags where kind = 'child' and parent_id is null")
        .fetch_one(&probe.pool)
        .await
        .unwrap();
    assert_eq!(loose, 0, "no half-applied scan (a child without its link)");
    let report: Vec<String> = sqlx::query_scalar(INVARIANTS).fetch_all(&probe.pool).await.unwrap();
    assert_eq!(report.last().map(String::as_str), Some("total: 0"), "{report:#?}");
    eprintln!(
        "database gap of {:?} under 4 scanning clients: {} requests, {} acknowledged (all found), {} answered 503 \
         ({ambiguous} of them committed just before the cut, whole), slowest answer {slowest:?}, first success \
         {recovered:?} after the database returned",
        back_at - cut_at,
        outcomes.len(),
        acknowledged.len(),
        refused.len()
    );
}
