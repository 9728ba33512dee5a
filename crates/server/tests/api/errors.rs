//! Every way a request can be wrong answers 4xx in the problem+json shape, never 5xx.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn malformed_json_is_400() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(r#"{"username": "admin", "#)
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::BAD_REQUEST, "malformed_request").await;
}

#[tokio::test]
async fn wrong_types_missing_and_unknown_fields_are_422() {
    let app = spawn_app().await;
    for body in [
        json!({"username": "admin", "password": 12345}),
        json!({"username": "admin"}),
        json!({"username": "admin", "password": "x", "is_admin": true}),
        json!(["admin", "password"]),
    ] {
        let response = app.request(Method::POST, "/api/v1/auth/login", None, Some(body.clone())).await;
        let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(problem["message"].as_str().unwrap().contains("JSON"), "{body} → {problem}");
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "text/plain")
        .body("username=admin")
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type").await;
}

#[tokio::test]
async fn a_three_megabyte_body_is_413() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let huge = "x".repeat(3 * 1024 * 1024);
    let response = app
        .client
        .post(app.url("/api/v1/users"))
        .bearer_auth(&token)
        .json(&json!({"username": huge, "password": "x", "role": "admin"}))
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

#[tokio::test]
async fn bad_path_and_query_parameters_are_400() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let body =
        assert_problem(app.get("/api/v1/users/not-a-uuid", &token).await, StatusCode::BAD_REQUEST, "malformed_request")
            .await;
    assert!(body["message"].as_str().unwrap().contains("path"), "{body}");
    assert_problem(app.get("/api/v1/users?limit=lots", &token).await, StatusCode::BAD_REQUEST, "malformed_request")
        .await;
    assert_problem(app.get("/api/v1/users?role=king", &token).await, StatusCode::BAD_REQUEST, "malformed_request")
        .await;
    assert_problem(app.get("/api/v1/users?colour=red", &token).await, StatusCode::BAD_REQUEST, "malformed_request")
        .await;
    assert_problem(app.get("/api/v1/users?cursor=garbage", &token).await, StatusCode::BAD_REQUEST, "malformed_request")
        .await;
    assert_problem(
        app.get("/api/v1/users?limit=0", &token).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_problem(
        app.get("/api/v1/users?limit=501", &token).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let body = assert_problem(app.get("/api/v1/no-such-thing", &token).await, StatusCode::NOT_FOUND, "not_found").await;
    assert!(body["message"].as_str().unwrap().contains("/api/v1/no-such-thing"));
    // A 405 says what is allowed (RFC 9110).
    for (method, path, allowed) in [
        (Method::DELETE, "/api/v1/areas", "GET, HEAD, POST"),
        (Method::GET, "/api/v1/auth/login", "POST"),
        (Method::PUT, "/api/v1/bills/B-1", "GET, HEAD, PATCH, DELETE"),
        (Method::POST, "/api/v1/exports/bags.csv", "GET, HEAD"),
    ] {
        let response = app.request(method.clone(), path, Some(&token), None).await;
        assert_eq!(response.headers().get("allow").map(|v| v.to_str().unwrap()), Some(allowed), "{method} {path}");
        assert_problem(response, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    }
}

#[tokio::test]
async fn a_failed_request_changes_nothing() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let before: i64 = sqlx::query_scalar("select count(*) from users").fetch_one(&app.pool).await.unwrap();
    let response =
        app.post("/api/v1/users", &token, json!({"username": "x y", "password": "weak", "role": "dispatcher"})).await;
    let body = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<&str> =
        body["details"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["username", "password", "area"]);
    let after: i64 = sqlx::query_scalar("select count(*) from users").fetch_one(&app.pool).await.unwrap();
    assert_eq!(before, after);
}
