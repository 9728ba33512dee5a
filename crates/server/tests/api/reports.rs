use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn the_end_of_day_report_counts_per_operator_and_area() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let ravi = app.user_token("ravi", "dispatcher", Some("indore")).await;
    app.packed_parent(&admin, "M444-00001", "KID", 15).await; // lucknow, completes
    app.scan_parent(&ravi, "SB00001", None).await;
    app.scan_child(&ravi, "SB00001", "RAVI0001").await;
    app.post("/api/v1/bills", &admin, json!({"bill_id": "B-1", "capacity": 1})).await;
    app.post("/api/v1/bills/B-1/parents", &admin, json!({"qr": "M444-00001"})).await;
    app.post("/api/v1/bills/B-1/complete", &admin, json!({})).await;

    let today = domain::SiteZone::default().today();
    let report: Value = app.get(&format!("/api/v1/reports/eod?date={today}"), &admin).await.json().await.unwrap();
    assert_eq!(
        (report["bills_created"].as_i64(), report["bills_completed"].as_i64(), report["parents_created"].as_i64()),
        (Some(1), Some(1), Some(2))
    );
    assert_eq!((report["parents_completed"].as_i64(), report["children_packed"].as_i64()), (Some(1), Some(16)));
    let ravi_line = report["operators"].as_array().unwrap().iter().find(|o| o["username"] == "ravi").unwrap();
    assert_eq!((ravi_line["parents_created"].as_i64(), ravi_line["children_packed"].as_i64()), (Some(1), Some(1)));
    let indore = report["areas"].as_array().unwrap().iter().find(|a| a["area"] == "indore").unwrap();
    assert_eq!(indore["children_packed"], 1);

    let mine: Value = app.get("/api/v1/reports/eod", &ravi).await.json().await.unwrap();
    assert_eq!(mine["children_packed"], 1, "a dispatcher sees their own area");

    let csv = app.get("/api/v1/reports/eod?format=csv", &admin).await;
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 2 + 1, "{text}"); // header, admin, ravi, total
    assert!(lines.last().unwrap().ends_with(",1,1,2,1,16"), "{text}");

    let empty: Value = app.get("/api/v1/reports/eod?date=2020-01-01", &admin).await.json().await.unwrap();
    assert_eq!(empty["children_packed"], 0);
    assert_problem(
        app.get("/api/v1/reports/eod?date=31-12-2026", &admin).await,
        StatusCode::BAD_REQUEST,
        "malformed_request",
    )
    .await;
    assert_problem(
        app.get("/api/v1/reports/eod?format=pdf", &admin).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

/// The last day of the year 9999 ends in the year 10000, which no RFC 3339 timestamp can say:
/// the report and the activity series refuse it instead of answering a timestamp clients reject.
#[tokio::test]
async fn a_day_whose_end_has_no_four_digit_year_is_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for path in [
        "/api/v1/reports/eod?date=9999-12-31",
        "/api/v1/stats/activity?date=9999-12-31",
        "/api/v1/stats/activity?from=9999-12-30&to=9999-12-31",
    ] {
        assert_problem(app.get(path, &admin).await, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    let last: Value = app.get("/api/v1/reports/eod?date=9999-12-30", &admin).await.json().await.unwrap();
    assert_eq!(last["to"], "9999-12-31T00:00:00+05:30");
}
