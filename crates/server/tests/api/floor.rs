//! What the floor screens need from the API: the weighbridge weight on a bill, the area of a
//! parent entered by hand, the SPA served compressed with long-lived hashed assets.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestOptions, assert_problem, spawn_app, spawn_app_with};

#[tokio::test]
async fn a_bill_carries_its_weighbridge_weight_into_detail_and_exports() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let created = app.post("/api/v1/bills", &token, json!({"bill_id": "WB-1", "capacity": 2})).await;
    assert_eq!(created.json::<Value>().await.unwrap()["weighbridge_weight_kg"], Value::Null);
    let body = json!({"bill_id": "WB-2", "capacity": 2, "weighbridge_weight_kg": 7150.5});
    let created: Value = app.post("/api/v1/bills", &token, body).await.json().await.unwrap();
    assert_eq!(created["weighbridge_weight_kg"], 7150.5);

    let patch = |body: Value| app.request(Method::PATCH, "/api/v1/bills/WB-1", Some(&token), Some(body));
    let set: Value = patch(json!({"weighbridge_weight_kg": 612.25})).await.json().await.unwrap();
    assert_eq!(set["weighbridge_weight_kg"], 612.25);
    let untouched: Value = patch(json!({"destination": "Jaipur"})).await.json().await.unwrap();
    assert_eq!(untouched["weighbridge_weight_kg"], 612.25, "absent leaves it");
    for bad in [json!(-1), json!(1e7), json!("heavy")] {
        let response = patch(json!({"weighbridge_weight_kg": bad})).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let export = app.get("/api/v1/exports/bills.csv", &token).await.text().await.unwrap();
    let header = export.lines().next().unwrap();
    assert!(header.contains("weighbridge_weight_kg"), "{header}");
    assert!(export.lines().any(|l| l.starts_with("WB-1,") && l.contains("612.250")), "{export}");
    let cleared: Value = patch(json!({"weighbridge_weight_kg": null})).await.json().await.unwrap();
    assert_eq!(cleared["weighbridge_weight_kg"], Value::Null, "null clears it");
}

#[tokio::test]
async fn a_parent_entered_by_hand_gets_the_area_chosen_and_its_dispatchers_see_it() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.post("/api/v1/bills", &token, json!({"bill_id": "HAND-1", "capacity": 3})).await;
    let body = json!({"qr": "SB00500", "manual": true, "area": "indore"});
    let loaded = app.post("/api/v1/bills/HAND-1/parents", &token, body).await;
    assert_eq!(loaded.status(), StatusCode::CREATED);
    assert_eq!(loaded.json::<Value>().await.unwrap()["parent"]["area"], "indore");
    let indore = app.user_token("indu", "dispatcher", Some("indore")).await;
    assert_eq!(app.get("/api/v1/bags/SB00500", &indore).await.status(), StatusCode::OK);
    let lucknow = app.user_token("lakhan", "dispatcher", Some("lucknow")).await;
    assert_problem(app.get("/api/v1/bags/SB00500", &lucknow).await, StatusCode::FORBIDDEN, "other_area").await;

    let body = json!({"qr": "SB00501", "manual": true, "area": "atlantis"});
    let unknown = app.post("/api/v1/bills/HAND-1/parents", &token, body).await;
    assert_problem(unknown, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

fn spa_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tt-spa-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>TraceTrack</title><div id=root></div>").unwrap();
    std::fs::write(dir.join("assets/index-3f9a1c.js"), "console.log('tracetrack');\n".repeat(2000)).unwrap();
    dir
}

#[tokio::test]
async fn the_spa_is_compressed_and_its_hashed_assets_cached_for_a_year() {
    let dir = spa_dir();
    let app = spawn_app_with(TestOptions { static_dir: Some(dir.clone()), ..Default::default() }).await;
    let asset =
        app.client.get(app.url("/assets/index-3f9a1c.js")).header("Accept-Encoding", "br, gzip").send().await.unwrap();
    assert_eq!(asset.status(), StatusCode::OK);
    let encoding = asset.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_owned());
    assert!(matches!(encoding.as_deref(), Some("br" | "gzip")), "{encoding:?}");
    assert_eq!(asset.headers()["cache-control"], "public, max-age=31536000, immutable");
    let compressed = asset.bytes().await.unwrap().len();
    assert!(compressed < 2000, "{compressed} bytes for 56 kB of repeated text");

    let index = app.client.get(app.url("/bills/B-1")).send().await.unwrap();
    assert_eq!(index.status(), StatusCode::OK);
    assert_eq!(index.headers()["cache-control"], "no-cache", "index.html is revalidated every load");
    let api = app.client.get(app.url("/api/v1/areas")).header("Accept-Encoding", "gzip").send().await.unwrap();
    assert!(api.headers().get("cache-control").is_none_or(|v| v != "no-cache"));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn an_import_can_put_the_parents_it_creates_in_an_area() {
    use reqwest::multipart::{Form, Part};
    let app = spawn_app().await;
    let token = app.admin_token().await;
    app.scan_parent(&token, "SB00001", Some("lucknow")).await;
    let upload = |query: &'static str| {
        let csv = "parent_qr,child_qr\nSB00001,KID0001\nSB00002,KID0002\n";
        let form = Form::new().part("file", Part::bytes(csv.as_bytes().to_vec()).file_name("bags.csv"));
        app.client.post(app.url(&format!("/api/v1/imports/bags{query}"))).bearer_auth(&token).multipart(form).send()
    };
    let unknown = upload("?area=atlantis").await.unwrap();
    let problem = assert_problem(unknown, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(problem["details"]["fields"][0]["field"], "area", "{problem}");
    let report: Value = upload("?area=indore").await.unwrap().json().await.unwrap();
    assert_eq!(report["accepted"], 2, "{report}");
    let areas: Vec<(String, Option<String>)> =
        sqlx::query_as("select qr, area from bags where kind = 'parent' order by qr")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        areas,
        [("SB00001".to_owned(), Some("lucknow".to_owned())), ("SB00002".to_owned(), Some("indore".to_owned()))],
        "a new parent gets the area; a known one keeps its own"
    );
}

/// GET `path` as `token`, asking for gzip.
async fn get_gzip(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).bearer_auth(token).header("Accept-Encoding", "gzip").send().await.unwrap()
}

/// Forty bills, so the bill list is a few kilobytes.
async fn forty_bills(app: &TestApp, token: &str, prefix: &str) {
    for n in 0..40 {
        let body = json!({"bill_id": format!("{prefix}-{n:03}"), "capacity": 5, "destination": "Jaipur C&F"});
        app.post("/api/v1/bills", token, body).await;
    }
}

#[tokio::test]
async fn small_answers_leave_uncompressed_and_large_ones_compressed() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let small = get_gzip(&app, &token, "/api/v1/stats").await;
    assert!(small.headers().get("content-encoding").is_none(), "a few hundred bytes are not worth it");
    forty_bills(&app, &token, "ZIP").await;
    let large = get_gzip(&app, &token, "/api/v1/bills?limit=100").await;
    assert_eq!(large.headers().get("content-encoding").map(|v| v.to_str().unwrap()), Some("gzip"));
    assert!(large.headers()["vary"].to_str().unwrap().to_lowercase().contains("accept-encoding"));
    let xlsx = get_gzip(&app, &token, "/api/v1/exports/bills.xlsx").await;
    assert!(xlsx.headers().get("content-encoding").is_none(), "a workbook is a zip already");
}

/// A JSON answer is gzipped whole, on the worker: one body with its length, not a chunked
/// stream from a blocking thread. Its bytes are the same answer. A client that takes only
/// brotli still gets brotli, and an export (a stream) still leaves compressed.
#[tokio::test]
async fn a_whole_answer_is_gzipped_in_one_piece() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    forty_bills(&app, &token, "ONE").await;
    let plain: Value = app.get("/api/v1/bills?limit=100", &token).await.json().await.unwrap();
    for _ in 0..3 {
        let packed = get_gzip(&app, &token, "/api/v1/bills?limit=100").await;
        assert_eq!(packed.headers()["content-encoding"], "gzip");
        assert!(packed.headers().get("transfer-encoding").is_none(), "{:?}", packed.headers());
        let length: usize = packed.headers()["content-length"].to_str().unwrap().parse().unwrap();
        let bytes = packed.bytes().await.unwrap();
        assert_eq!(bytes.len(), length);
        let mut json = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut json).unwrap();
        assert_eq!(serde_json::from_slice::<Value>(&json).unwrap(), plain);
    }
    let brotli = app
        .client
        .get(app.url("/api/v1/bills?limit=100"))
        .bearer_auth(&token)
        .header("Accept-Encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(brotli.headers()["content-encoding"], "br");
    let export = get_gzip(&app, &token, "/api/v1/exports/bills.csv").await;
    assert_eq!(export.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn behind_a_compressing_proxy_the_server_does_not_compress() {
    let app = spawn_app_with(TestOptions { configure: |s| s.compression = false, ..Default::default() }).await;
    let token = app.admin_token().await;
    forty_bills(&app, &token, "RAW").await;
    let list = get_gzip(&app, &token, "/api/v1/bills?limit=100").await;
    assert!(list.headers().get("content-encoding").is_none());
}

/// A client (a browser's preconnect, an HTTP pool) may open a connection and send its first
/// request seconds later. actix's default answered 408 and closed it after 5 s, and the client's
/// next request on it failed (one `GET` in 300,000 under the seed mix). The first request has as
/// long as a kept-alive connection's next one.
#[tokio::test]
async fn a_connection_opened_early_still_serves_its_first_request() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let mut connection = tokio::net::TcpStream::connect(&address).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(7)).await;
    connection.write_all(b"GET /health/live HTTP/1.1\r\nHost: tracetrack\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    connection.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
