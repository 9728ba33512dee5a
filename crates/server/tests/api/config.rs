use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn the_default_areas_and_parent_types_exist() {
    let app = spawn_app().await;
    let token = app.user_token("dina", "dispatcher", Some("lucknow")).await;
    let areas: Value = app.get("/api/v1/areas", &token).await.json().await.unwrap();
    let codes: Vec<&str> = areas["items"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), 10);
    assert!(codes.contains(&"sri_ganganagar"));

    let types: Value = app.get("/api/v1/parent-types", &token).await.json().await.unwrap();
    let mustard = types["items"].as_array().unwrap().iter().find(|t| t["code"] == "mustard").unwrap();
    assert_eq!((mustard["max_children"].as_i64(), mustard["expected_weight_kg"].as_f64()), (Some(30), Some(30.0)));
    let moong = types["items"].as_array().unwrap().iter().find(|t| t["code"] == "moong").unwrap();
    assert_eq!((moong["max_children"].as_i64(), moong["qr_pattern"].as_str()), (Some(15), Some(r"M444-\d{5}")));
}

#[tokio::test]
async fn an_admin_adds_a_parent_type_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let body = json!({"code": "wheat", "name": "Wheat", "qr_pattern": "WH\\d{6}", "max_children": 20,
                      "expected_weight_kg": 20.5});
    let created = app.post("/api/v1/parent-types", &admin, body.clone()).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!((created["code"].as_str(), created["child_weight_kg"].as_f64()), (Some("wheat"), Some(1.0)));
    assert_problem(app.post("/api/v1/parent-types", &admin, body.clone()).await, StatusCode::CONFLICT, "duplicate")
        .await;
    // A code is taken as sent, as the document's pattern says: not lower-cased behind the caller's back.
    let mut shouted = body;
    shouted["code"] = json!("Wheat");
    let refused = app.post("/api/v1/parent-types", &admin, shouted).await;
    let problem = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(problem["details"]["fields"][0]["field"], "code");
}

#[tokio::test]
async fn a_bad_parent_type_names_each_bad_field() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let body = json!({"code": "x", "name": "", "qr_pattern": "(unclosed", "max_children": 0, "expected_weight_kg": -1});
    let problem = assert_problem(
        app.post("/api/v1/parent-types", &admin, body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["details"]["fields"].as_array().unwrap().len(), 5, "{problem}");
}

/// Weights are kept to the gram: a weight that would be stored as zero is refused on its field
/// (not by the table's check, which would name a constraint), and one gram is taken.
#[tokio::test]
async fn a_weight_under_a_gram_is_refused_on_its_field() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let type_with = |code: &str, weight: f64| {
        json!({"code": code, "name": "Tiny", "qr_pattern": "TN\\d{5}", "max_children": 5,
               "expected_weight_kg": 5.0, "child_weight_kg": weight})
    };
    for weight in [0.0004, 5e-324, 0.0] {
        let problem = assert_problem(
            app.post("/api/v1/parent-types", &admin, type_with("tiny", weight)).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["details"]["fields"][0]["field"], "child_weight_kg", "{weight}: {problem}");
    }
    let created = app.post("/api/v1/parent-types", &admin, type_with("tiny", 0.001)).await;
    assert_eq!(created.status(), StatusCode::CREATED);
}

/// The heaviest weight is the last gram below a million kg: kept to the gram it stays what it
/// was. A weight closer to a million than that (read as the number it is, not rounded onto the
/// limit by the JSON reader) would be stored as 1,000,000 and is refused.
#[tokio::test]
async fn the_heaviest_weight_is_kept_as_sent_and_a_heavier_one_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let send = |code: &str, weight: &str| {
        let body = format!(
            r#"{{"code": "{code}", "name": "Heavy", "qr_pattern": "{}\\d{{5}}", "max_children": 5,
                 "expected_weight_kg": {weight}, "child_weight_kg": 1.0}}"#,
            code.to_uppercase()
        );
        app.client
            .post(format!("{}/api/v1/parent-types", app.address))
            .bearer_auth(&admin)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
    };
    let created = send("hv", "999999.999").await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: serde_json::Value = created.json().await.unwrap();
    assert_eq!(created["expected_weight_kg"], 999999.999);
    let refused = send("hw", "999999.9999999999").await.unwrap();
    let problem = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(problem["details"]["fields"][0]["field"], "expected_weight_kg");
}
