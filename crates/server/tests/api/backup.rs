//! Backups and upgrades as an operator runs them: a `pg_dump` restored into a fresh database
//! keeps every invariant (the load test's own checks, `loadtest/invariants.sql`) and serves at
//! once; instances started together on a new database run each migration exactly once.

use std::process::Command;

use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Connection;

use crate::helpers::{ADMIN_PASSWORD, TestOptions, create_database, spawn_app, spawn_app_with};

/// The URL as libpq reads it (sqlx adds parameters of its own after `?`).
fn libpq(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}

const INVARIANTS: &str = include_str!("../../../../loadtest/invariants.sql");

async fn violations(database_url: &str) -> Vec<String> {
    let mut conn = sqlx::PgConnection::connect(database_url).await.unwrap();
    let lines: Vec<String> = sqlx::query_scalar(INVARIANTS).fetch_all(&mut conn).await.unwrap();
    lines
}

async fn counts(database_url: &str) -> (i64, i64, i64, i64) {
    let mut conn = sqlx::PgConnection::connect(database_url).await.unwrap();
    sqlx::query_as(
        "select (select count(*) from bags), (select count(*) from events), (select count(*) from bills),
                (select count(*) from audit_log)",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_dump_restored_into_a_fresh_database_keeps_every_invariant_and_serves() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.packed_parent(&admin, "SB00001", "KID", 30).await;
    app.packed_parent(&admin, "M444-00001", "MKID", 5).await;
    app.post("/api/v1/bills", &admin, json!({"bill_id": "B-1", "capacity": 2})).await;
    app.post("/api/v1/bills/B-1/parents", &admin, json!({"qr": "SB00001"})).await;

    let dump = std::env::temp_dir().join(format!("tracetrack-backup-{}.dump", uuid::Uuid::new_v4().simple()));
    let status = Command::new("pg_dump")
        .args(["--format=custom", "--no-owner", "--file", dump.to_str().unwrap(), libpq(&app.database_url)])
        .status()
        .expect("pg_dump runs");
    assert!(status.success(), "pg_dump");

    let restored = create_database().await;
    let status = Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "--dbname", libpq(&restored), dump.to_str().unwrap()])
        .status()
        .expect("pg_restore runs");
    assert!(status.success(), "pg_restore");
    let _ = std::fs::remove_file(&dump);

    let report = violations(&restored).await;
    assert_eq!(report.last().map(String::as_str), Some("total: 0"), "{report:#?}");
    assert_eq!(counts(&restored).await, counts(&app.database_url).await, "every row came back");

    // A server started on the restored database has nothing to migrate and carries on.
    let again =
        spawn_app_with(TestOptions { same_database_as: Some(restored.clone()), ..TestOptions::default() }).await;
    let token = again.token("admin", ADMIN_PASSWORD).await;
    let bag: Value = again.get("/api/v1/bags/SB00001", &token).await.json().await.unwrap();
    assert_eq!((bag["bag"]["child_count"].as_i64(), bag["bag"]["bill_id"].as_str()), (Some(30), Some("B-1")));
    let scan = again.scan_child(&token, "M444-00001", "MKID9999").await;
    assert!(scan.status().is_success(), "{}", scan.status());
    assert_eq!(again.get("/api/v1/bags/M444-00001", &token).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn instances_starting_together_migrate_once() {
    let fresh = create_database().await;
    let starts =
        (0..3).map(|_| spawn_app_with(TestOptions { same_database_as: Some(fresh.clone()), ..TestOptions::default() }));
    let apps = join_all(starts).await;
    let mut conn = sqlx::PgConnection::connect(&fresh).await.unwrap();
    let (versions, distinct): (i64, i64) =
        sqlx::query_as("select count(*), count(distinct version) from _sqlx_migrations where success")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(versions, distinct, "no migration ran twice");
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations"))
        .unwrap()
        .filter(|entry| entry.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql")))
        .count();
    assert_eq!(versions as usize, files, "every migration ran");
    for app in &apps {
        let ready = app.request(reqwest::Method::GET, "/health/ready", None, None).await;
        assert_eq!(ready.status(), StatusCode::OK);
    }
}
