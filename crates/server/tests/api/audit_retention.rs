//! Audit retention (`TRACETRACK_AUDIT_RETENTION_DAYS`): housekeeping drops entries older than
//! the retention, in batches, and keeps everything when it is unset.

use std::time::Duration;

use sqlx::PgPool;
use tracetrack_server::housekeeping::{AUDIT_BATCH, drop_old_audit};

use crate::helpers::{TestOptions, eventually, spawn_app, spawn_app_with};

const DAY: u64 = 24 * 3600;

/// `count` entries of `action`, written `days_ago` days ago.
async fn entries(pool: &PgPool, action: &str, days_ago: i32, count: i32) {
    sqlx::query(
        "insert into audit_log (occurred_at, actor_username, action)
         select now() - make_interval(days => $1), 'admin', $2 from generate_series(1, $3)",
    )
    .bind(days_ago)
    .bind(action)
    .bind(count)
    .execute(pool)
    .await
    .unwrap();
}

async fn count(pool: &PgPool, action: &str) -> i64 {
    sqlx::query_scalar("select count(*) from audit_log where action = $1").bind(action).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn audit_retention_drops_older_entries_in_batches_and_keeps_newer_ones() {
    let app = spawn_app().await;
    let old = AUDIT_BATCH as i32 * 2 + 7; // three batches
    entries(&app.pool, "old_entry", 40, old).await;
    entries(&app.pool, "recent_entry", 29, 5).await;

    let dropped = drop_old_audit(&app.pool, Some(Duration::from_secs(30 * DAY))).await.unwrap();
    assert_eq!(dropped, old as u64);
    assert_eq!(count(&app.pool, "old_entry").await, 0);
    assert_eq!(count(&app.pool, "recent_entry").await, 5);
    // Today's entries (the sign-in of the admin at start, if any) are untouched too.
    assert_eq!(drop_old_audit(&app.pool, Some(Duration::from_secs(30 * DAY))).await.unwrap(), 0);
}

#[tokio::test]
async fn audit_retention_unset_keeps_everything() {
    let app = spawn_app().await;
    entries(&app.pool, "ancient_entry", 3650, 3).await;
    assert_eq!(drop_old_audit(&app.pool, None).await.unwrap(), 0);
    assert_eq!(count(&app.pool, "ancient_entry").await, 3);
}

#[tokio::test]
async fn audit_retention_leaves_the_trail_append_only_for_everyone_else() {
    let app = spawn_app().await;
    entries(&app.pool, "old_entry", 400, 1).await;
    let error = sqlx::query("delete from audit_log where action = 'old_entry'").execute(&app.pool).await.unwrap_err();
    assert!(error.to_string().contains("append-only"), "{error}");
    let error = sqlx::query("update audit_log set action = 'x'").execute(&app.pool).await.unwrap_err();
    assert!(error.to_string().contains("append-only"), "{error}");
    assert_eq!(count(&app.pool, "old_entry").await, 1);
}

#[tokio::test]
async fn audit_retention_from_the_settings_runs_in_the_servers_housekeeping() {
    let first = spawn_app().await;
    entries(&first.pool, "old_entry", 100, 10).await;
    entries(&first.pool, "recent_entry", 10, 2).await;
    // Housekeeping runs once at start: a server with a 90-day retention drops the old entries.
    let _second = spawn_app_with(TestOptions {
        same_database_as: Some(first.database_url.clone()),
        configure: |settings| settings.audit_retention = Some(Duration::from_secs(90 * DAY)),
        ..Default::default()
    })
    .await;
    eventually(|| async { count(&first.pool, "old_entry").await == 0 }).await;
    assert_eq!(count(&first.pool, "recent_entry").await, 2);
}
