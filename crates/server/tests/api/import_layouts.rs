//! Imports of what sites have: the factory's packing workbook, parents alone, parents per bill,
//! columns named by a mapping; a dry run first; progress as server-sent events.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::helpers::{TestApp, assert_problem, spawn_app};

async fn upload(app: &TestApp, token: &str, path: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()));
    app.client.post(app.url(path)).bearer_auth(token).multipart(form).send().await.unwrap()
}

async fn report(app: &TestApp, token: &str, path: &str, name: &str, bytes: Vec<u8>) -> Value {
    let response = upload(app, token, path, name, bytes).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

fn rows_of(report: &Value, list: &str) -> Vec<(String, i64, String)> {
    report[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["sheet"].as_str().unwrap().to_owned(),
                r["row"].as_i64().unwrap(),
                r["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Two packing sheets as the factory writes them (a title row above the header, child rows with
/// the label text, each parent's row after its children) and a summary sheet.
fn factory_workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let lots: [(&str, &[(&str, &str)]); 2] = [
        (
            "Lot 77",
            &[
                ("1", "LABEL NO.:0016586 LOT NO.:77"),
                ("2", "LABEL NO.:0016587 LOT NO.:77"),
                ("Parent Code", "SB00042"),
                ("3", "LABEL NO.:0016588 LOT NO.:77"),
                ("Parent Code", "SB00043"),
                // A parent with no children, then an orphan at the sheet's end.
                ("Parent Code", "SB00044"),
                ("4", "LABEL NO.:0016589 LOT NO.:77"),
            ],
        ),
        (
            "Lot 78",
            &[
                ("1", "LABEL NO.:0016590"),
                // The same label again: refused, citing the first row; it sinks SB00045's batch.
                ("2", "LABEL NO.:0016586"),
                ("Parent Code", "SB00045"),
                ("3", "LABEL NO.:0016591"),
                ("4", "LABEL NO.:0016592"),
                ("Parent Code", "M444-00007"),
            ],
        ),
    ];
    for (name, rows) in lots {
        let sheet = book.add_worksheet().set_name(name).unwrap();
        sheet.write_string(0, 0, "Packing list, Jaipur plant").unwrap();
        sheet.write_string(2, 0, "Sr. No.").unwrap();
        sheet.write_string(2, 1, "QR Code").unwrap();
        for (i, (serial, code)) in rows.iter().enumerate() {
            let row = 3 + i as u32;
            match serial.parse::<f64>() {
                Ok(number) => sheet.write_number(row, 0, number).unwrap(),
                Err(_) => sheet.write_string(row, 0, *serial).unwrap(),
            };
            sheet.write_string(row, 1, *code).unwrap();
        }
    }
    let summary = book.add_worksheet().set_name("Summary").unwrap();
    summary.write_string(0, 0, "Total bags").unwrap();
    summary.write_number(0, 1, 9.0).unwrap();
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn the_factory_workbook_is_recognised_dry_run_first_then_applied() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let path = "/api/v1/imports/bags?dry_run=true&area=lucknow";
    let dry = report(&app, &token, path, "packing.xlsx", factory_workbook()).await;
    assert_eq!((dry["dry_run"].as_bool(), dry["layout"].as_str()), (Some(true), Some("factory")), "{dry}");
    assert_eq!(dry["sheets"][0]["header_row"], 3);
    assert_eq!(dry["sheets"][0]["mapping"], serde_json::json!({"serial": "Sr. No.", "code": "QR Code"}));
    assert_eq!(dry["sheets_skipped"], serde_json::json!(["Summary"]));
    assert_eq!(
        (dry["rows"].as_i64(), dry["accepted"].as_i64(), dry["batches_accepted"].as_i64()),
        (Some(13), Some(8), Some(3))
    );
    assert_eq!(
        rows_of(&dry, "rejected"),
        [
            ("Lot 77".to_owned(), 9, "validation_failed".to_owned()),
            ("Lot 77".to_owned(), 10, "validation_failed".to_owned()),
            ("Lot 78".to_owned(), 5, "duplicate".to_owned()),
        ]
    );
    assert!(dry["rejected"][2]["message"].as_str().unwrap().contains("row 4 of sheet Lot 77"), "{dry}");
    assert_eq!(
        rows_of(&dry, "skipped").iter().map(|(s, r, _)| (s.as_str(), *r)).collect::<Vec<_>>(),
        [("Lot 78", 4), ("Lot 78", 6)]
    );
    assert_eq!(dry["rejected_count"].as_i64().unwrap() + dry["skipped_count"].as_i64().unwrap() + 8, 13);
    assert_eq!(count(&app, "select count(*) from bags").await, 0, "a dry run changes nothing");
    assert_eq!(count(&app, "select count(*) from audit_log where action = 'bags_imported'").await, 0);

    let applied = report(&app, &token, "/api/v1/imports/bags?area=lucknow", "packing.xlsx", factory_workbook()).await;
    let (mut a, mut d) = (applied.clone(), dry.clone());
    a["dry_run"] = Value::Null;
    d["dry_run"] = Value::Null;
    assert_eq!(a, d, "the dry run said what the import did");
    let children: Vec<(String, String, Option<String>)> =
        sqlx::query_as("select p.qr, c.qr, p.area from bags c join bags p on p.id = c.parent_id order by c.qr")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    let lucknow = Some("lucknow".to_owned());
    assert_eq!(
        children,
        [
            ("SB00042".into(), "0016586".into(), lucknow.clone()),
            ("SB00042".into(), "0016587".into(), lucknow.clone()),
            ("SB00043".into(), "0016588".into(), lucknow.clone()),
            ("M444-00007".into(), "0016591".into(), lucknow.clone()),
            ("M444-00007".into(), "0016592".into(), lucknow),
        ]
    );
    assert_eq!(count(&app, "select count(*) from bags where qr in ('SB00044', 'SB00045', '0016590')").await, 0);
}

#[tokio::test]
async fn one_sheet_can_be_chosen_and_an_unknown_one_is_refused() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let only = report(&app, &token, "/api/v1/imports/bags?sheet=Lot%2078", "p.xlsx", factory_workbook()).await;
    assert_eq!(only["sheets"].as_array().unwrap().len(), 1);
    assert_eq!(only["accepted"], 6, "{only}");
    let missing = upload(&app, &token, "/api/v1/imports/bags?sheet=Lot%2099", "p.xlsx", factory_workbook()).await;
    let problem = assert_problem(missing, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(problem["detail"].as_str().unwrap().contains("Lot 77, Lot 78, Summary"), "{problem}");
}

#[tokio::test]
async fn parents_alone_take_the_area_of_their_row() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let csv = "Parent QR,Area\nSB00001,lucknow\nSB00002,\nsb00001,indore\nSB00003,atlantis\nKID0001,lucknow\n";
    let first = report(&app, &token, "/api/v1/imports/bags?area=indore", "p.csv", csv.into()).await;
    assert_eq!((first["layout"].as_str(), first["accepted"].as_i64()), (Some("parents"), Some(2)), "{first}");
    let rejected: Vec<(i64, String)> = rows_of(&first, "rejected").into_iter().map(|(_, r, c)| (r, c)).collect();
    assert_eq!(
        rejected,
        [(4, "duplicate".to_owned()), (5, "validation_failed".to_owned()), (6, "invalid_qr".to_owned())]
    );
    let areas: Vec<(String, Option<String>, i32)> =
        sqlx::query_as("select qr, area, child_count from bags order by qr").fetch_all(&app.pool).await.unwrap();
    assert_eq!(areas, [("SB00001".into(), Some("lucknow".into()), 0), ("SB00002".into(), Some("indore".into()), 0)]);
    // Again: the parents are there, accepted as they are.
    let again = report(&app, &token, "/api/v1/imports/bags", "p.csv", "parent_qr\nSB00001\n".into()).await;
    assert_eq!(again["accepted"], 1);
    assert_eq!(count(&app, "select count(*) from bags").await, 2);
}

#[tokio::test]
async fn a_parent_to_bill_list_loads_each_parent_by_the_loading_rules() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.packed_parent(&token, "SB00001", "KID", 2).await;
    app.packed_parent(&token, "SB00002", "KIE", 1).await;
    app.post("/api/v1/bills", &token, serde_json::json!({"bill_id": "B-1", "capacity": 5})).await;
    let csv = "Bill No,Parent\nB-1,SB00001\nB-1,SB00002\nB-1,SB00009\nB-2,SB00001\nB-1,sb00002\n";
    let dry = report(&app, &token, "/api/v1/imports/bills?dry_run=true", "l.csv", csv.into()).await;
    assert_eq!((dry["layout"].as_str(), dry["accepted"].as_i64()), (Some("bill_parents"), Some(2)), "{dry}");
    assert_eq!(count(&app, "select count(*) from bags where bill_id is not null").await, 0);
    let applied = report(&app, &token, "/api/v1/imports/bills", "l.csv", csv.into()).await;
    let rejected: Vec<(i64, String)> = rows_of(&applied, "rejected").into_iter().map(|(_, r, c)| (r, c)).collect();
    assert_eq!(rejected, [(4, "not_found".to_owned()), (5, "duplicate".to_owned()), (6, "duplicate".to_owned())]);
    let bill: Value = app.get("/api/v1/bills/B-1", &token).await.json().await.unwrap();
    assert_eq!((bill["linked_count"].as_i64(), bill["child_count"].as_i64()), (Some(2), Some(3)), "{bill}");
    assert_eq!(count(&app, "select count(*) from audit_log where action = 'bill_parents_imported'").await, 1);
}

#[tokio::test]
async fn a_mapping_names_the_columns_a_header_does_not() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let csv = "Box,Bag,Note\nSB00001,KID0001,x\nSB00001,KID0002,y\n";
    let unknown = upload(&app, &token, "/api/v1/imports/bags", "m.csv", csv.into()).await;
    let problem = assert_problem(unknown, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(problem["detail"].as_str().unwrap().contains("mapping="), "{problem}");
    let mapping = urlencode(r#"{"parent_qr": "box", "child_qr": "Bag"}"#);
    let mapped = report(&app, &token, &format!("/api/v1/imports/bags?mapping={mapping}"), "m.csv", csv.into()).await;
    assert_eq!((mapped["layout"].as_str(), mapped["accepted"].as_i64()), (Some("pairs"), Some(2)), "{mapped}");
    assert_eq!(mapped["sheets"][0]["mapping"], serde_json::json!({"parent_qr": "Box", "child_qr": "Bag"}));
    // No header at all: columns by their letters, every row is data.
    let letters = urlencode(r#"{"parent_qr": "B", "child_qr": "A"}"#);
    let bare = "KID0003,SB00002\nKID0004,SB00002\n";
    let read = report(&app, &token, &format!("/api/v1/imports/bags?mapping={letters}"), "b.csv", bare.into()).await;
    assert_eq!((read["sheets"][0]["header_row"].is_null(), read["accepted"].as_i64()), (true, Some(2)), "{read}");
    for bad in [r#"{"colour": "A"}"#, "not json", r#"{"parent_qr": 3}"#] {
        let path = format!("/api/v1/imports/bags?mapping={}", urlencode(bad));
        let refused = upload(&app, &token, &path, "m.csv", csv.into()).await;
        assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
}

#[tokio::test]
async fn progress_streams_as_server_sent_events_ending_in_the_report() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let mut csv = String::from("parent_qr,child_qr\n");
    for p in 1..=450 {
        csv.push_str(&format!("SB{p:05},K{p:06}\n"));
    }
    let form = Form::new().part("file", Part::bytes(csv.into_bytes()).file_name("p.csv"));
    let response = app
        .client
        .post(app.url("/api/v1/imports/bags"))
        .bearer_auth(&token)
        .header("Accept", "text/event-stream")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let body = response.text().await.unwrap();
    let events: Vec<(&str, Value)> = body
        .split("\n\n")
        .filter(|e| !e.trim().is_empty())
        .map(|e| {
            let (name, data) = e.split_once('\n').unwrap();
            (name.trim_start_matches("event: "), serde_json::from_str(data.trim_start_matches("data: ")).unwrap())
        })
        .collect();
    let progress: Vec<i64> =
        events.iter().filter(|(n, _)| *n == "progress").map(|(_, d)| d["rows_done"].as_i64().unwrap()).collect();
    assert!(progress.len() >= 3, "a start, a chunk of 200 and the end: {progress:?}");
    assert!(progress.windows(2).all(|w| w[0] <= w[1]) && progress.last() == Some(&450), "{progress:?}");
    assert!(events.iter().all(|(n, d)| *n != "progress" || d["rows_total"] == 450));
    let (last, report) = events.last().unwrap();
    assert_eq!((*last, report["accepted"].as_i64()), ("report", Some(450)));
    assert_eq!(count(&app, "select count(*) from bags where kind = 'child'").await, 450);
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn a_retired_area_takes_no_imported_parents_and_the_rest_of_the_file_goes_on() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let retire = app
        .request(
            reqwest::Method::PATCH,
            "/api/v1/areas/indore",
            Some(&token),
            Some(serde_json::json!({"retired": true})),
        )
        .await;
    assert_eq!(retire.status(), StatusCode::OK);
    let csv = "parent_qr,area\nSB00001,lucknow\nSB00002,indore\nSB00003,\n";
    // SB00002 names the retired area: refused on its own row. SB00003 takes `area=`, retired too:
    // the database refuses its batch alone, and the import still answers its report.
    let read = report(&app, &token, "/api/v1/imports/bags?area=indore", "r.csv", csv.into()).await;
    let rejected: Vec<(i64, String)> = rows_of(&read, "rejected").into_iter().map(|(_, r, c)| (r, c)).collect();
    assert_eq!(rejected, [(3, "validation_failed".to_owned()), (4, "area_retired".to_owned())], "{read}");
    assert_eq!(read["accepted"], 1);
    assert_eq!(count(&app, "select count(*) from bags").await, 1);
}
