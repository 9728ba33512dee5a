//! Reads from a streaming replica (`TRACETRACK_DATABASE_READ_URL`): lists, exports, reports,
//! trace and dashboard figures go there, writes and read-your-own-write reads stay on the
//! primary. `scripts/test` starts the pair (a primary on 55433 and its `pg_basebackup -R`
//! replica on 55434) and sets `TEST_REPLICA_PRIMARY_URL` / `TEST_REPLICA_URL`.

use std::str::FromStr;
use std::sync::OnceLock;

use reqwest::StatusCode;
use serde_json::Value;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::helpers::{TestApp, TestOptions, eventually, spawn_app_with};

static REPLICA_DATABASE: OnceLock<String> = OnceLock::new();

async fn listed(app: &TestApp, token: &str) -> Vec<String> {
    let page: Value = app.get("/api/v1/bags?kind=parent", token).await.json().await.unwrap();
    page["items"].as_array().unwrap().iter().map(|b| b["qr"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn lists_are_read_from_the_replica_and_writes_never_reach_it() {
    let (Ok(primary_url), Ok(replica_url)) =
        (std::env::var("TEST_REPLICA_PRIMARY_URL"), std::env::var("TEST_REPLICA_URL"))
    else {
        eprintln!("SKIPPED: TEST_REPLICA_PRIMARY_URL / TEST_REPLICA_URL not set (scripts/test starts the pair)");
        return;
    };
    let name = format!("tt_replica_{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let mut admin = sqlx::PgConnection::connect(&primary_url).await.unwrap();
    sqlx::query(&format!("create database {name}")).execute(&mut admin).await.unwrap();
    let on = |url: &str| PgConnectOptions::from_str(url).unwrap().database(&name).to_url_lossy().to_string();
    let (primary_db, replica_db) = (on(&primary_url), on(&replica_url));
    REPLICA_DATABASE.set(replica_db.clone()).unwrap();
    // The new database reaches the replica by streaming, like everything else.
    eventually(|| {
        let url = replica_db.clone();
        async move { sqlx::PgConnection::connect(&url).await.is_ok() }
    })
    .await;

    let app = spawn_app_with(TestOptions {
        same_database_as: Some(primary_db),
        configure: |settings| {
            settings.database_read_url = REPLICA_DATABASE.get().map(|url| url.clone().into());
        },
        ..TestOptions::default()
    })
    .await;
    let admin_token = app.admin_token().await;
    assert!(app.scan_parent(&admin_token, "SB00001", Some("lucknow")).await.status().is_success());
    let token = admin_token.clone();
    eventually(|| {
        let (app, token) = (&app, token.clone());
        async move { listed(app, &token).await == ["SB00001"] }
    })
    .await;

    // Replay stopped on the replica: what is written now is on the primary only.
    let mut replica = sqlx::PgConnection::connect(&replica_db).await.unwrap();
    sqlx::query("select pg_wal_replay_pause()").execute(&mut replica).await.unwrap();
    assert!(
        app.scan_parent(&admin_token, "SB00002", Some("lucknow")).await.status().is_success(),
        "writes go to the primary"
    );
    let child = app.scan_child(&admin_token, "SB00002", "KID0001").await;
    assert!(child.status().is_success(), "a scan reads its parent on the primary: {}", child.status());
    let detail = app.get("/api/v1/bags/SB00002", &admin_token).await;
    assert_eq!(detail.status(), StatusCode::OK, "a bag's own page reads the primary (read your writes)");
    assert_eq!(listed(&app, &admin_token).await, ["SB00001"], "the list is served by the replica");
    assert_eq!(app.get("/api/v1/trace/SB00002", &admin_token).await.status(), StatusCode::NOT_FOUND, "trace too");

    // A write sent to the replica itself is refused by PostgreSQL.
    let refused = sqlx::query("update users set display_name = 'changed on the replica'").execute(&mut replica).await;
    let code = refused.unwrap_err().as_database_error().and_then(|e| e.code().map(|c| c.into_owned()));
    assert_eq!(code.as_deref(), Some("25006"), "read-only transaction");

    sqlx::query("select pg_wal_replay_resume()").execute(&mut replica).await.unwrap();
    eventually(|| {
        let (app, token) = (&app, admin_token.clone());
        async move { listed(app, &token).await.len() == 2 }
    })
    .await;
    assert_eq!(app.get("/api/v1/trace/KID0001", &admin_token).await.status(), StatusCode::OK);
}
