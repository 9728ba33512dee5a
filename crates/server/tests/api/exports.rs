//! Exports: one line per row plus the header, files that open as workbooks, admin only.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, assert_problem, spawn_app};

async fn download(app: &TestApp, token: &str, path: &str) -> (StatusCode, Option<String>, Vec<u8>) {
    let response = app.get(path, token).await;
    let status = response.status();
    let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    (status, content_type, response.bytes().await.unwrap().to_vec())
}

async fn count(app: &TestApp, sql: &str) -> usize {
    let n: i64 = sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap();
    n as usize
}

#[tokio::test]
async fn csv_exports_have_one_line_per_row_plus_the_header() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "SB00001", "KID", 12).await;
    app.packed_parent(&token, "M444-00001", "MID", 3).await;
    app.post("/api/v1/bills", &token, json!({"bill_id": "B-1", "capacity": 2, "description": "comma, \"quoted\""}))
        .await;
    app.post("/api/v1/bills/B-1/parents", &token, json!({"qr": "SB00001"})).await;

    let (status, content_type, body) = download(&app, &token, "/api/v1/exports/bags.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.unwrap().starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(body.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), count(&app, "select count(*) from bags").await);
    assert_eq!(reader.headers().unwrap().get(0), Some("qr"));
    let sb = rows.iter().find(|r| &r[0] == "SB00001").unwrap();
    assert_eq!((&sb[5], &sb[8]), ("12", "B-1"));

    let (_, _, body) = download(&app, &token, "/api/v1/exports/bags.csv?kind=child&parent=SB00001").await;
    assert_eq!(csv::Reader::from_reader(body.as_slice()).records().count(), 12);

    let (_, _, body) = download(&app, &token, "/api/v1/exports/bills.csv").await;
    let bills: Vec<csv::StringRecord> =
        csv::Reader::from_reader(body.as_slice()).records().map(Result::unwrap).collect();
    assert_eq!(bills.len(), 1);
    assert_eq!(&bills[0][8], "comma, \"quoted\"");

    let (_, _, body) = download(&app, &token, "/api/v1/exports/events.csv").await;
    let lines = csv::Reader::from_reader(body.as_slice()).records().count();
    assert_eq!(lines, count(&app, "select count(*) from events").await);
}

#[tokio::test]
async fn large_exports_span_many_batches_without_losing_a_row_in_either_format() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    sqlx::query(
        "insert into bags (qr, kind, status) select 'L' || lpad(i::text, 8, '0'), 'child', 'unlinked'
         from generate_series(1, 12345) i",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let (_, _, body) = download(&app, &token, "/api/v1/exports/bags.csv").await;
    let qrs: std::collections::HashSet<String> =
        csv::Reader::from_reader(body.as_slice()).records().map(|r| r.unwrap()[0].to_owned()).collect();
    assert_eq!(qrs.len(), 12345);

    let response = app.get("/api/v1/exports/bags.xlsx", &token).await;
    assert!(response.headers().get("content-length").is_none(), "the workbook is streamed, not sized up front");
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(response.bytes().await.unwrap().to_vec())).unwrap();
    let sheet = workbook.worksheet_range("bags").unwrap();
    let qrs: std::collections::HashSet<String> = sheet.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(qrs.len(), 12345);
}

#[tokio::test]
async fn xlsx_exports_open_as_workbooks() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "SB00001", "KID", 4).await;
    let (status, content_type, body) = download(&app, &token, "/api/v1/exports/bags.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(body)).expect("a valid workbook");
    let sheet = workbook.worksheet_range("bags").unwrap();
    assert_eq!(sheet.height(), 1 + 5);
    assert_eq!(sheet.get((0, 0)).map(ToString::to_string).as_deref(), Some("qr"));
    let parent = sheet.rows().find(|r| r[0] == "SB00001").unwrap();
    assert_eq!(parent[5], calamine::Data::Float(4.0), "counts are numbers in a workbook");

    let (_, _, body) = download(&app, &token, "/api/v1/exports/events.xlsx").await;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(body)).unwrap();
    assert_eq!(
        workbook.worksheet_range("events").unwrap().height(),
        1 + count(&app, "select count(*) from events").await
    );
}

#[tokio::test]
async fn exports_are_admin_only_and_formats_are_checked() {
    let app = spawn_app().await;
    let biller = app.user_token("bina", "biller", None).await;
    assert_problem(app.get("/api/v1/exports/bags.csv", &biller).await, StatusCode::FORBIDDEN, "forbidden").await;
    let admin = app.admin_token().await;
    assert_problem(app.get("/api/v1/exports/bags.pdf", &admin).await, StatusCode::NOT_FOUND, "not_found").await;
    assert_problem(
        app.get("/api/v1/exports/bags.csv?status=lost", &admin).await,
        StatusCode::BAD_REQUEST,
        "malformed_request",
    )
    .await;
}
