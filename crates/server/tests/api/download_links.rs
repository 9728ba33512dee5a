//! Download links (`POST /api/v1/exports/links`): the browser downloads an export by itself with a
//! short-lived, single-use token bound to the user and to one path and query; and the audit export.

use std::io::Cursor;
use std::time::Duration;

use calamine::{Reader, Xlsx};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestOptions, assert_problem, password_of, spawn_app, spawn_app_with};

/// A link to `path`, made by `token`'s user.
async fn link(app: &TestApp, token: &str, path: &str) -> String {
    let response = app.post("/api/v1/exports/links", token, json!({ "path": path })).await;
    assert_eq!(response.status(), StatusCode::OK, "link to {path}");
    let body: Value = response.json().await.unwrap();
    assert!(body["expires_at"].as_str().is_some(), "{body}");
    let url = body["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(path) && url.contains("download_token="), "{url}");
    url
}

/// Opens `url` as a browser would: no `Authorization` header.
async fn open(app: &TestApp, url: &str) -> reqwest::Response {
    app.request(Method::GET, url, None, None).await
}

async fn csv_rows(response: reqwest::Response) -> Vec<csv::StringRecord> {
    let body = response.bytes().await.unwrap();
    csv::Reader::from_reader(body.as_ref()).records().map(Result::unwrap).collect()
}

fn today() -> String {
    domain::SiteZone::default().today().to_string()
}

async fn refused(response: reqwest::Response, reason: &str) {
    let body = assert_problem(response, StatusCode::UNAUTHORIZED, "download_link_invalid").await;
    assert_eq!(body["details"]["reason"], reason, "{body}");
}

#[tokio::test]
async fn a_link_downloads_the_filtered_audit_export_once_under_its_name() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.admin_token().await; // a second sign-in
    let logins: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'login'").fetch_one(&app.pool).await.unwrap();
    assert!(logins >= 2);

    let url = link(&app, &token, "/api/v1/exports/audit.csv?action=login").await;
    let response = open(&app, &url).await;
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert_eq!(disposition, format!("attachment; filename=\"audit-{}.csv\"", today()));
    let rows = csv_rows(response).await;
    assert_eq!(rows.len() as i64, logins);
    assert!(rows.iter().all(|row| &row[4] == "login" && &row[3] == "admin"), "{rows:?}");

    refused(open(&app, &url).await, "used").await;
}

#[tokio::test]
async fn a_link_to_a_bag_export_honours_its_filters_and_makes_a_workbook() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "SB00001", "KID", 12).await;
    app.packed_parent(&token, "SB00002", "OTHER", 3).await;

    let url = link(&app, &token, "/api/v1/exports/bags.csv?kind=child&parent=SB00001").await;
    let rows = csv_rows(open(&app, &url).await).await;
    assert_eq!(rows.len(), 12);
    assert!(rows.iter().all(|row| &row[7] == "SB00001"));

    let url = link(&app, &token, "/api/v1/exports/bags.xlsx?kind=parent").await;
    let response = open(&app, &url).await;
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert_eq!(disposition, format!("attachment; filename=\"bags-{}.xlsx\"", today()));
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(response.bytes().await.unwrap().to_vec())).unwrap();
    assert_eq!(workbook.worksheet_range("bags").unwrap().rows().skip(1).count(), 2);

    // The download is audited as the link's user's export.
    let exports: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'export' and actor_username = 'admin' and target_kind = 'bags'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(exports, 2);
}

#[tokio::test]
async fn an_expired_link_is_refused() {
    let app = spawn_app_with(TestOptions {
        configure: |settings| settings.download_link_ttl = Duration::from_secs(1),
        ..Default::default()
    })
    .await;
    let token = app.admin_token().await;
    let url = link(&app, &token, "/api/v1/exports/bills.csv").await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    refused(open(&app, &url).await, "expired").await;
}

#[tokio::test]
async fn a_tampered_link_or_an_access_token_in_its_place_is_refused() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let url = link(&app, &token, "/api/v1/exports/events.csv").await;
    // A character inside the signature (the last one partly holds padding bits).
    let at = url.len() - 5;
    let swapped = if &url[at..=at] == "A" { "B" } else { "A" };
    let tampered = format!("{}{swapped}{}", &url[..at], &url[at + 1..]);
    refused(open(&app, &tampered).await, "invalid").await;
    refused(open(&app, &format!("/api/v1/exports/events.csv?download_token={token}")).await, "invalid").await;
    refused(open(&app, "/api/v1/exports/events.csv?download_token=nonsense").await, "invalid").await;
    // Untouched, it still works once.
    assert_eq!(open(&app, &url).await.status(), StatusCode::OK);
    // Without a link or a header: the usual 401.
    assert_problem(open(&app, "/api/v1/exports/events.csv").await, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn a_link_for_one_path_does_not_open_another() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let url = link(&app, &token, "/api/v1/exports/audit.csv?action=login").await;
    let presented = url.split_once("download_token=").unwrap().1;
    for other in [
        "/api/v1/exports/audit.csv?action=logout",
        "/api/v1/exports/audit.csv",
        "/api/v1/exports/audit.xlsx?action=login",
        "/api/v1/exports/bags.csv?action=login",
    ] {
        let separator = if other.contains('?') { '&' } else { '?' };
        refused(open(&app, &format!("{other}{separator}download_token={presented}")).await, "wrong_path").await;
    }
    // Refused there, it is still good where it belongs.
    assert_eq!(open(&app, &url).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_user_deleted_demoted_or_locked_after_the_link_cannot_use_it() {
    let app = spawn_app().await;
    let root = app.admin_token().await;
    let mut links = Vec::new();
    for name in ["deepa", "dev", "lok"] {
        let user = app.create_user(&root, name, "admin", None).await;
        let token = app.token(name, &password_of(name)).await;
        links.push((user["id"].as_str().unwrap().to_owned(), link(&app, &token, "/api/v1/exports/bags.csv").await));
    }
    let (deleted, demoted, locked) = (&links[0], &links[1], &links[2]);
    let path = format!("/api/v1/users/{}", deleted.0);
    assert_eq!(app.request(Method::DELETE, &path, Some(&root), None).await.status(), StatusCode::NO_CONTENT);
    assert_problem(open(&app, &deleted.1).await, StatusCode::UNAUTHORIZED, "unauthorized").await;

    let path = format!("/api/v1/users/{}", demoted.0);
    let changed = app.request(Method::PATCH, &path, Some(&root), Some(json!({"role": "biller"}))).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_problem(open(&app, &demoted.1).await, StatusCode::UNAUTHORIZED, "unauthorized").await;

    sqlx::query("update users set locked_until = now() + interval '15 minutes' where username = 'lok'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_problem(open(&app, &locked.1).await, StatusCode::LOCKED, "account_locked").await;
}

#[tokio::test]
async fn a_link_is_spent_once_across_two_instances() {
    let first = spawn_app().await;
    let second =
        spawn_app_with(TestOptions { same_database_as: Some(first.database_url.clone()), ..Default::default() }).await;
    let token = first.admin_token().await;
    let url = link(&first, &token, "/api/v1/exports/bills.csv").await;
    assert_eq!(second.request(Method::GET, &url, None, None).await.status(), StatusCode::OK);
    refused(open(&first, &url).await, "used").await;
    refused(second.request(Method::GET, &url, None, None).await, "used").await;
}

#[tokio::test]
async fn links_are_only_for_exports_with_fitting_filters_and_only_for_admins() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    for path in [
        "/api/v1/users",
        "/api/v1/exports/bags.pdf",
        "https://elsewhere.example/api/v1/exports/bags.csv",
        "/api/v1/exports/bags.csv?no_such_filter=1",
        "/api/v1/exports/audit.csv?download_token=x",
    ] {
        let response = app.post("/api/v1/exports/links", &token, json!({ "path": path })).await;
        let body = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(body["details"]["fields"][0]["field"], "path", "{path}: {body}");
    }
    let biller = app.user_token("bina", "biller", None).await;
    let response = app.post("/api/v1/exports/links", &biller, json!({"path": "/api/v1/exports/bills.csv"})).await;
    assert_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn the_audit_export_honours_action_actor_and_dates_and_is_for_admins_only() {
    let app = spawn_app().await;
    let root = app.admin_token().await;
    let user = app.create_user(&root, "meera", "admin", None).await;
    let meera = app.token("meera", &password_of("meera")).await;
    let id = user["id"].as_str().unwrap();

    let response = app.get(&format!("/api/v1/exports/audit.csv?actor={id}"), &root).await;
    assert_eq!(response.status(), StatusCode::OK);
    let rows = csv_rows(response).await;
    assert!(!rows.is_empty() && rows.iter().all(|row| &row[2] == id && &row[3] == "meera"), "{rows:?}");

    let rows = csv_rows(app.get("/api/v1/exports/audit.csv?action=user_created", &meera).await).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][6], id);
    assert!(rows[0][10].contains("meera"), "the record after, as JSON: {:?}", &rows[0]);

    let rows =
        csv_rows(app.get("/api/v1/exports/audit.csv?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z", &root).await)
            .await;
    assert!(rows.is_empty());

    let response = app.get("/api/v1/exports/audit.xlsx?action=login", &root).await;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(response.bytes().await.unwrap().to_vec())).unwrap();
    assert!(workbook.worksheet_range("audit").unwrap().rows().skip(1).count() >= 2);

    let biller = app.user_token("bina", "biller", None).await;
    assert_problem(app.get("/api/v1/exports/audit.csv", &biller).await, StatusCode::FORBIDDEN, "forbidden").await;
    assert_problem(app.get("/api/v1/exports/audit.pdf", &root).await, StatusCode::NOT_FOUND, "not_found").await;
}
