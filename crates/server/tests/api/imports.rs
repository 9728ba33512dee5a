//! Imports: good batches applied, bad batches rejected whole with each bad row named.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::helpers::{TestApp, assert_problem, spawn_app};

async fn upload(app: &TestApp, token: &str, path: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()));
    app.client.post(app.url(path)).bearer_auth(token).multipart(form).send().await.unwrap()
}

async fn children_of(app: &TestApp, parent: &str) -> i64 {
    sqlx::query_scalar("select count(*) from bags c join bags p on p.id = c.parent_id where p.qr = $1")
        .bind(parent)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn good_batches_are_applied_and_each_bad_row_is_named() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let csv = "parent_qr,child_qr\nsb00001,KID0001\nSB00001,KID0002\nSB00002,KID0003\nSB00002,ab\nSB-1,KID0004\n\
               SB00001,KID0005\nSB00003,KID0001\n";
    let response = upload(&app, &token, "/api/v1/imports/bags", "bags.csv", csv.as_bytes().to_vec()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    assert_eq!((report["accepted"].as_i64(), report["batches_accepted"].as_i64()), (Some(3), Some(1)));
    let rejected: Vec<(i64, &str)> = report["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["row"].as_i64().unwrap(), r["code"].as_str().unwrap()))
        .collect();
    assert_eq!(rejected, [(5, "invalid_qr"), (6, "invalid_qr"), (8, "duplicate")]);
    // Every row is accounted for: row 4 is good but its parent's batch sank with row 5.
    let skipped = &report["skipped"];
    assert_eq!(skipped.as_array().unwrap().len(), 1, "{report}");
    assert_eq!((skipped[0]["row"].as_i64(), skipped[0]["code"].as_str()), (Some(4), Some("batch_rejected")));
    assert!(skipped[0]["message"].as_str().unwrap().contains("row 5"), "{skipped}");
    assert_eq!(report["rows"], 7);
    assert_eq!(children_of(&app, "SB00001").await, 3);
    let not_applied: i64 =
        sqlx::query_scalar("select count(*) from bags where qr in ('SB00002', 'KID0003', 'SB00003')")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(not_applied, 0, "a batch with a bad row changes nothing");
    let stats: Value = app.get("/api/v1/stats", &token).await.json().await.unwrap();
    assert_eq!((stats["parents_total"].as_i64(), stats["children_total"].as_i64()), (Some(1), Some(3)));
    let audit: Value = app.get("/api/v1/audit?action=bags_imported", &token).await.json().await.unwrap();
    let after = serde_json::json!({"layout": "pairs", "sheets": 1, "rows": 7, "accepted": 3, "batches_accepted": 1,
        "rejected": 3, "skipped": 1});
    assert_eq!(audit["items"][0]["after"], after);
}

#[tokio::test]
async fn the_database_rules_hold_for_imports_too() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "SB00001", "KID", 1).await;
    app.packed_parent(&token, "M444-00001", "MID", 14).await;
    let csv = "PARENT_QR,CHILD_QR\nSB00002,KID0000\nSB00002,NEW0001\nM444-00001,MID0014\nM444-00001,MID0015\n\
               SB00003,NEW0002\n";
    let report: Value =
        upload(&app, &token, "/api/v1/imports/bags", "b.csv", csv.as_bytes().to_vec()).await.json().await.unwrap();
    let codes: Vec<&str> = report["rejected"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["child_linked_elsewhere", "parent_full"]);
    assert_eq!(report["accepted"], 1);
    // The other row of each refused batch is reported as skipped, so the totals add up.
    let skipped: Vec<i64> = report["skipped"].as_array().unwrap().iter().map(|r| r["row"].as_i64().unwrap()).collect();
    assert_eq!(skipped.len(), 2, "{report}");
    assert_eq!(report["rows"], 5);
    assert_eq!(children_of(&app, "SB00002").await, 0);
    assert_eq!(children_of(&app, "M444-00001").await, 14);
    assert_eq!(children_of(&app, "SB00003").await, 1);
}

#[tokio::test]
async fn an_xlsx_workbook_imports_like_a_csv_file() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "parent_qr").unwrap();
    sheet.write_string(0, 1, "child_qr").unwrap();
    for n in 1..=4u32 {
        sheet.write_string(n, 0, "SB00009").unwrap();
        sheet.write_number(n, 1, f64::from(100_000 + n)).unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let report: Value = upload(&app, &token, "/api/v1/imports/bags", "b.xlsx", bytes).await.json().await.unwrap();
    assert_eq!(report["accepted"], 4, "{report}");
    assert_eq!(children_of(&app, "SB00009").await, 4);
    assert!(app.get("/api/v1/bags/100001", &token).await.status().is_success(), "numeric cells read as QRs");
}

#[tokio::test]
async fn bills_import_row_by_row() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.post("/api/v1/bills", &token, serde_json::json!({"bill_id": "OLD-1", "capacity": 3})).await;
    let csv = "bill_id,capacity,description,destination,vehicle_number\nB-1,10,first,Jaipur,RJ14\nb-1,5,,,\n\
               x,3,,,\nB-2,0,,,\nOLD-1,4,,,\nB-3,12,,,\n";
    let report: Value =
        upload(&app, &token, "/api/v1/imports/bills", "bills.csv", csv.as_bytes().to_vec()).await.json().await.unwrap();
    assert_eq!(report["accepted"], 2);
    let rejected: Vec<(i64, &str)> = report["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["row"].as_i64().unwrap(), r["code"].as_str().unwrap()))
        .collect();
    assert_eq!(rejected, [(3, "duplicate"), (4, "validation_failed"), (5, "validation_failed"), (6, "duplicate")]);
    let bill: Value = app.get("/api/v1/bills/B-1", &token).await.json().await.unwrap();
    assert_eq!((bill["capacity"].as_i64(), bill["destination"].as_str()), (Some(10), Some("Jaipur")));
}

#[tokio::test]
async fn bad_uploads_are_4xx() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let garbage = upload(&app, &token, "/api/v1/imports/bags", "x.bin", vec![0xff, 0xfe, 0x00, 0x81]).await;
    assert_problem(garbage, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let no_header = upload(&app, &token, "/api/v1/imports/bags", "x.csv", b"a,b\n1,2\n".to_vec()).await;
    assert_problem(no_header, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fake_zip = upload(&app, &token, "/api/v1/imports/bags", "x.xlsx", b"PK\x03\x04garbage".to_vec()).await;
    assert_problem(fake_zip, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let huge = upload(&app, &token, "/api/v1/imports/bags", "big.csv", vec![b'a'; 17 * 1024 * 1024]).await;
    assert_problem(huge, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    let form = Form::new().text("other", "x");
    let wrong_field =
        app.client.post(app.url("/api/v1/imports/bags")).bearer_auth(&token).multipart(form).send().await.unwrap();
    assert_problem(wrong_field, StatusCode::BAD_REQUEST, "malformed_request").await;
    let biller = app.user_token("bina", "biller", None).await;
    let denied = upload(&app, &biller, "/api/v1/imports/bags", "b.csv", b"parent_qr,child_qr\n".to_vec()).await;
    assert_problem(denied, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn many_batches_span_several_transactions_and_keep_bills_in_step() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "SB00001", "OLD", 2).await;
    app.packed_parent(&token, "SB00300", "OLE", 1).await;
    app.post("/api/v1/bills", &token, serde_json::json!({"bill_id": "B-1", "capacity": 5})).await;
    app.post("/api/v1/bills/B-1/parents", &token, serde_json::json!({"qr": "SB00001"})).await;
    app.post("/api/v1/bills/B-1/parents", &token, serde_json::json!({"qr": "SB00300"})).await;
    // 252 batches: two transactions applied side by side, both adding to bill B-1.
    let mut csv = String::from("parent_qr,child_qr\nSB00001,ADD00001\n");
    for p in 2..=251 {
        for c in 0..2 {
            csv.push_str(&format!("SB{p:05},K{p:05}{c}\n"));
        }
    }
    csv.push_str("SB00300,ADD00002\n");
    let report: Value =
        upload(&app, &token, "/api/v1/imports/bags", "many.csv", csv.into_bytes()).await.json().await.unwrap();
    assert_eq!((report["accepted"].as_i64(), report["batches_accepted"].as_i64()), (Some(502), Some(252)), "{report}");
    let children: i64 = sqlx::query_scalar("select count(*) from bags where kind = 'child' and parent_id is not null")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(children, 3 + 502);
    let bill: Value = app.get("/api/v1/bills/B-1", &token).await.json().await.unwrap();
    assert_eq!((bill["child_count"].as_i64(), bill["actual_weight_kg"].as_f64()), (Some(5), Some(5.0)));
    let stats: Value = app.get("/api/v1/stats", &token).await.json().await.unwrap();
    assert_eq!((stats["parents_total"].as_i64(), stats["children_total"].as_i64()), (Some(252), Some(505)));
}
