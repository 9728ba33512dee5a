//! API keys: scopes, area, rate, attribution, revocation and rotation, against the real server.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};

async fn create_key(app: &TestApp, admin: &str, body: Value) -> Value {
    let response = app.post("/api/v1/api-keys", admin, body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn with_key(app: &TestApp, method: Method, path: &str, key: &str, body: Option<Value>) -> reqwest::Response {
    let mut request = app.client.request(method, app.url(path)).header("X-Api-Key", key);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_key_does_what_its_scopes_allow_and_is_named_in_history() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let issued = create_key(&app, &admin, json!({"name": " Line 3 packer ", "scopes": ["scan", "read"]})).await;
    let secret = issued["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("tt_") && secret.len() == 46, "{secret}");
    assert_eq!(issued["name"], "Line 3 packer");
    assert_eq!(issued["scopes"], json!(["read", "scan"]));
    assert!(secret.starts_with(issued["prefix"].as_str().unwrap()));

    // Both ways of presenting it work.
    assert_eq!(with_key(&app, Method::GET, "/api/v1/stats", &secret, None).await.status(), StatusCode::OK);
    let bearer = app.client.get(app.url("/api/v1/stats")).bearer_auth(&secret).send().await.unwrap();
    assert_eq!(bearer.status(), StatusCode::OK);

    let scanned = with_key(
        &app,
        Method::POST,
        "/api/v1/scans/parent",
        &secret,
        Some(json!({"qr": "SB00001", "area": "lucknow"})),
    )
    .await;
    assert_eq!(scanned.status(), StatusCode::CREATED);
    let linked = with_key(
        &app,
        Method::POST,
        "/api/v1/scans/child",
        &secret,
        Some(json!({"parent_qr": "SB00001", "child_qr": "CHILD001"})),
    )
    .await;
    assert_eq!(linked.status(), StatusCode::CREATED);

    // Attributed to the key in history.
    let events: Value = app.get("/api/v1/events?kind=child_linked", &admin).await.json().await.unwrap();
    assert_eq!(events["items"][0]["actor_username"], issued["acts_as"], "{events}");

    // Without the scope, or for people-only endpoints: 403.
    let bill =
        with_key(&app, Method::POST, "/api/v1/bills", &secret, Some(json!({"bill_id": "B-1", "capacity": 2}))).await;
    assert_problem(bill, StatusCode::FORBIDDEN, "forbidden").await;
    assert_problem(
        with_key(&app, Method::GET, "/api/v1/users", &secret, None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_problem(
        with_key(&app, Method::GET, "/api/v1/api-keys", &secret, None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_problem(
        with_key(&app, Method::GET, "/api/v1/auth/me", &secret, None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // A key is not a person: it cannot sign in and is not listed among users.
    let users: Value = app.get("/api/v1/users", &admin).await.json().await.unwrap();
    assert!(!users.to_string().contains(issued["acts_as"].as_str().unwrap()), "{users}");
    let login = app.login(issued["acts_as"].as_str().unwrap(), "").await;
    assert!(login.status().is_client_error());

    // The secret is never listed; the creation is audited.
    let keys: Value = app.get("/api/v1/api-keys", &admin).await.json().await.unwrap();
    assert_eq!(keys.as_array().unwrap().len(), 1);
    assert!(keys[0].get("secret").is_none() && !keys.to_string().contains(&secret));
    let audit: Value = app.get("/api/v1/audit?action=api_key_created", &admin).await.json().await.unwrap();
    assert_eq!(audit["items"].as_array().unwrap().len(), 1, "{audit}");
    crate::helpers::eventually(|| async {
        let keys: Value = app.get("/api/v1/api-keys", &admin).await.json().await.unwrap();
        keys[0]["last_used_at"].is_string()
    })
    .await;
}

#[tokio::test]
async fn revoking_or_rotating_a_key_ends_the_old_secret_at_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let issued = create_key(&app, &admin, json!({"name": "ERP", "scopes": ["read"]})).await;
    let (id, old) = (issued["id"].as_str().unwrap().to_owned(), issued["secret"].as_str().unwrap().to_owned());
    assert_eq!(with_key(&app, Method::GET, "/api/v1/bags", &old, None).await.status(), StatusCode::OK);

    let rotated: Value =
        app.post(&format!("/api/v1/api-keys/{id}/rotate"), &admin, json!({})).await.json().await.unwrap();
    let new = rotated["secret"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    assert_problem(
        with_key(&app, Method::GET, "/api/v1/bags", &old, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    assert_eq!(with_key(&app, Method::GET, "/api/v1/bags", &new, None).await.status(), StatusCode::OK);

    let revoked = app.request(Method::DELETE, &format!("/api/v1/api-keys/{id}"), Some(&admin), None).await;
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_problem(
        with_key(&app, Method::GET, "/api/v1/bags", &new, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let again = app.request(Method::DELETE, &format!("/api/v1/api-keys/{id}"), Some(&admin), None).await;
    assert_problem(again, StatusCode::NOT_FOUND, "not_found").await;
    let live: Value = app.get("/api/v1/api-keys", &admin).await.json().await.unwrap();
    assert!(live.as_array().unwrap().is_empty());
    let all: Value = app.get("/api/v1/api-keys?include_revoked=true", &admin).await.json().await.unwrap();
    assert!(all[0]["revoked_at"].is_string());

    let long = format!("tt_{}", "a".repeat(5000));
    for junk in ["tt_", "tt_nope", "eyJhbGciOiJIUzI1NiJ9.e30.x", "", long.as_str()] {
        let response = app.client.get(app.url("/api/v1/bags")).header("X-Api-Key", junk).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{junk:?}");
    }
}

#[tokio::test]
async fn an_area_bound_key_sees_its_area_only_and_cannot_reach_every_area() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.scan_parent(&admin, "SB00002", Some("indore")).await;
    let issued =
        create_key(&app, &admin, json!({"name": "Lucknow line", "scopes": ["read", "scan"], "area": "lucknow"})).await;
    let key = issued["secret"].as_str().unwrap();
    let other = with_key(&app, Method::GET, "/api/v1/bags/SB00002", key, None).await;
    assert_problem(other, StatusCode::FORBIDDEN, "other_area").await;
    let bags: Value = with_key(&app, Method::GET, "/api/v1/bags", key, None).await.json().await.unwrap();
    assert!(bags["items"].as_array().unwrap().is_empty(), "{bags}");

    for scopes in [json!(["bill"]), json!(["read", "export"])] {
        let refused =
            app.post("/api/v1/api-keys", &admin, json!({"name": "x", "scopes": scopes, "area": "lucknow"})).await;
        assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    for body in [
        json!({"name": "x", "scopes": []}),
        json!({"name": "  ", "scopes": ["read"]}),
        json!({"name": "a\u{0}b", "scopes": ["read"]}),
        json!({"name": "x", "scopes": ["admin"]}),
        json!({"name": "x", "scopes": ["read"], "area": "atlantis"}),
        json!({"name": "x", "scopes": ["read"], "requests_per_minute": 0}),
    ] {
        let refused = app.post("/api/v1/api-keys", &admin, body.clone()).await;
        assert!(refused.status() == StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", refused.status());
    }
    let biller = app.user_token("bill-person", "biller", None).await;
    let refused = app.post("/api/v1/api-keys", &biller, json!({"name": "x", "scopes": ["read"]})).await;
    assert_problem(refused, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn each_key_has_its_own_rate_and_exports_but_never_the_audit_trail() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let slow = create_key(&app, &admin, json!({"name": "slow", "scopes": ["read"], "requests_per_minute": 3})).await;
    let other = create_key(&app, &admin, json!({"name": "other", "scopes": ["read", "export"]})).await;
    let slow = slow["secret"].as_str().unwrap();
    for _ in 0..3 {
        assert_eq!(with_key(&app, Method::GET, "/api/v1/stats", slow, None).await.status(), StatusCode::OK);
    }
    let limited = with_key(&app, Method::GET, "/api/v1/stats", slow, None).await;
    assert!(limited.headers().contains_key("retry-after"));
    assert_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    let other = other["secret"].as_str().unwrap();
    assert_eq!(with_key(&app, Method::GET, "/api/v1/stats", other, None).await.status(), StatusCode::OK);

    let csv = with_key(&app, Method::GET, "/api/v1/exports/bags.csv", other, None).await;
    assert_eq!(csv.status(), StatusCode::OK);
    let audit = with_key(&app, Method::GET, "/api/v1/exports/audit.csv", other, None).await;
    assert_problem(audit, StatusCode::FORBIDDEN, "forbidden").await;
    let no_scope = with_key(&app, Method::GET, "/api/v1/exports/bags.csv", slow, None).await;
    assert!(no_scope.status() == StatusCode::FORBIDDEN || no_scope.status() == StatusCode::TOO_MANY_REQUESTS);
}

/// Every operation the document opens to keys admits a key with the scope it names and refuses
/// one without it; every other operation refuses even a key with every scope. The document and
/// the handlers' signatures cannot drift apart.
#[tokio::test]
async fn the_document_names_the_scope_each_operation_needs() {
    let document: Value = serde_json::from_str(include_str!("../../../../openapi/openapi.json")).unwrap();
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut keys = std::collections::HashMap::new();
    for scope in ["read", "scan", "bill", "export", "epcis"] {
        let key = create_key(&app, &admin, json!({"name": scope, "scopes": [scope]})).await;
        keys.insert(scope, key["secret"].as_str().unwrap().to_owned());
    }
    let every =
        create_key(&app, &admin, json!({"name": "all", "scopes": ["read", "scan", "bill", "export", "epcis"]})).await;
    let every = every["secret"].as_str().unwrap().to_owned();
    let (mut open, mut closed) = (0, 0);
    for (path, item) in document["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/") || path == "/api/v1/stream" {
            continue;
        }
        let concrete = path
            .replace("{id}", "4f1c2a9b-e03d-4b7a-9d51-2f0c8e6a1b23")
            .replace("{delivery_id}", "1")
            .replace("{format}", "csv")
            .replace("{date}", "2026-11-30")
            .replace("{code}", "nothing")
            .replace("{bill_id}", "NO-BILL")
            .replace("{child_qr}", "CHILD999")
            .replace("{qr}", "SB09999");
        for (method, operation) in item.as_object().unwrap() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let needed = operation["security"].as_array().and_then(|requirements| {
                requirements.iter().find_map(|r| r["api_key"].as_array().map(|s| s[0].as_str().unwrap().to_owned()))
            });
            let secured = operation["security"].as_array().is_none_or(|r| !r.is_empty());
            if !secured {
                continue;
            }
            let label = format!("{method} {path}");
            match needed {
                Some(scope) => {
                    open += 1;
                    let with = with_key(&app, method.clone(), &concrete, &keys[scope.as_str()], Some(json!({}))).await;
                    assert!(![401, 403].contains(&with.status().as_u16()), "{label} with {scope}: {}", with.status());
                    let other = if scope == "read" { "scan" } else { "read" };
                    let without = with_key(&app, method, &concrete, &keys[other], Some(json!({}))).await;
                    assert_eq!(without.status(), StatusCode::FORBIDDEN, "{label} without {scope}");
                }
                None => {
                    closed += 1;
                    let refused = with_key(&app, method, &concrete, &every, Some(json!({}))).await;
                    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{label} is for people only");
                }
            }
        }
    }
    assert!(open >= 35 && closed >= 25, "{open} open to keys, {closed} closed");
}
