use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{ADMIN_PASSWORD, JWT_SECRET, TestApp, assert_problem, spawn_app};

async fn refresh(app: &TestApp, token: &Value) -> reqwest::Response {
    app.request(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": token}))).await
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_revokes_the_family() {
    let app = spawn_app().await;
    let first = app.session("admin", ADMIN_PASSWORD).await;

    let second: Value = refresh(&app, &first["refresh_token"]).await.json().await.unwrap();
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_eq!(app.get("/api/v1/auth/me", second["access_token"].as_str().unwrap()).await.status(), StatusCode::OK);

    // Spent and its successor used: presenting it again means someone holds a copy…
    let third: Value = refresh(&app, &second["refresh_token"]).await.json().await.unwrap();
    assert_problem(refresh(&app, &first["refresh_token"]).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // …and the whole family dies with it, including the legitimate successor.
    assert_problem(refresh(&app, &third["refresh_token"]).await, StatusCode::UNAUTHORIZED, "unauthorized").await;

    // Another login is another family and still works.
    let other = app.session("admin", ADMIN_PASSWORD).await;
    assert_eq!(refresh(&app, &other["refresh_token"]).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_refresh_race_gets_one_successor_and_keeps_the_session() {
    let app = spawn_app().await;
    let session = app.session("admin", ADMIN_PASSWORD).await;
    let answers = futures::future::join_all((0..8).map(|_| refresh(&app, &session["refresh_token"]))).await;
    let mut successors = std::collections::HashSet::new();
    for answer in answers {
        assert_eq!(answer.status(), StatusCode::OK, "a retried refresh within the grace is not reuse");
        let pair: Value = answer.json().await.unwrap();
        assert_eq!(app.get("/api/v1/auth/me", pair["access_token"].as_str().unwrap()).await.status(), StatusCode::OK);
        successors.insert(pair["refresh_token"].as_str().unwrap().to_owned());
    }
    assert_eq!(successors.len(), 1, "every presentation got the same new refresh token");
    let rows: i64 = sqlx::query_scalar("select count(*) from refresh_tokens").fetch_one(&app.pool).await.unwrap();
    assert_eq!(rows, 2, "one login, one successor");
    // The session goes on with that successor.
    let next = successors.into_iter().next().unwrap();
    assert_eq!(refresh(&app, &json!(next)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_replay_after_the_grace_still_revokes_the_family() {
    let app = spawn_app().await;
    let first = app.session("admin", ADMIN_PASSWORD).await;
    let second: Value = refresh(&app, &first["refresh_token"]).await.json().await.unwrap();
    // Thirty seconds pass (moved in the database rather than waited for).
    sqlx::query("update refresh_tokens set used_at = used_at - interval '31 seconds' where used_at is not null")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_problem(refresh(&app, &first["refresh_token"]).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_problem(refresh(&app, &second["refresh_token"]).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // The database never holds a successor it could hand out: only a sealed form.
    let sealed: Vec<u8> = sqlx::query_scalar("select successor_sealed from refresh_tokens where used_at is not null")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_ne!(hex_of(&sealed), second["refresh_token"].as_str().unwrap());
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn garbage_refresh_tokens_are_refused() {
    let app = spawn_app().await;
    assert_problem(refresh(&app, &json!("not-a-token")).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn logout_revokes_the_session_and_logout_everywhere_all_of_them() {
    let app = spawn_app().await;
    let one = app.session("admin", ADMIN_PASSWORD).await;
    let two = app.session("admin", ADMIN_PASSWORD).await;
    let access = one["access_token"].as_str().unwrap();

    let out = app.post("/api/v1/auth/logout", access, json!({"refresh_token": one["refresh_token"]})).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    // The signed-out session ends now, access token included.
    assert_problem(app.get("/api/v1/auth/me", access).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(refresh(&app, &one["refresh_token"]).await.status(), StatusCode::UNAUTHORIZED);
    // The other session refreshes once and goes on.
    let two_access = two["access_token"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/auth/me", two_access).await.status(), StatusCode::UNAUTHORIZED);
    let two: Value = refresh(&app, &two["refresh_token"]).await.json().await.unwrap();
    let access = two["access_token"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/auth/me", access).await.status(), StatusCode::OK);

    let three = app.session("admin", ADMIN_PASSWORD).await;
    let out = app.post("/api/v1/auth/logout", access, json!({"everywhere": true})).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(refresh(&app, &three["refresh_token"]).await.status(), StatusCode::UNAUTHORIZED);
}

fn claims(admin_id: &str, exp_offset: i64) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({"sub": admin_id, "username": "admin", "role": "admin", "area": null,
           "iat": now, "nbf": now, "exp": now + exp_offset})
}

async fn admin_id(app: &TestApp) -> String {
    let id: uuid::Uuid =
        sqlx::query_scalar("select id from users where username = 'admin'").fetch_one(&app.pool).await.unwrap();
    id.to_string()
}

fn sign(claims: &Value, secret: &str) -> String {
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

async fn assert_refused(app: &TestApp, token: &str) {
    assert_problem(app.get("/api/v1/areas", token).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn forged_expired_and_incomplete_tokens_are_refused() {
    let app = spawn_app().await;
    let id = admin_id(&app).await;
    let claims = |offset| claims(&id, offset);
    // Sanity: a token signed the same way with the right secret is accepted.
    assert_eq!(app.get("/api/v1/areas", &sign(&claims(600), JWT_SECRET)).await.status(), StatusCode::OK);

    assert_refused(&app, &sign(&claims(600), "another-secret-that-is-long-enough-123")).await;
    assert_refused(&app, &sign(&claims(-3600), JWT_SECRET)).await;

    let mut no_exp = claims(600);
    no_exp.as_object_mut().unwrap().remove("exp");
    assert_refused(&app, &sign(&no_exp, JWT_SECRET)).await;

    let mut future = claims(600);
    future["nbf"] = json!(chrono::Utc::now().timestamp() + 3600);
    assert_refused(&app, &sign(&future, JWT_SECRET)).await;

    let mut issued_later = claims(7200);
    issued_later["iat"] = json!(chrono::Utc::now().timestamp() + 3600);
    assert_refused(&app, &sign(&issued_later, JWT_SECRET)).await;

    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims(600).to_string());
    assert_refused(&app, &format!("{header}.{payload}.")).await;

    // A real token with its payload swapped for an admin one keeps a signature that no longer fits.
    let real = app.user_token("dina", "dispatcher", Some("lucknow")).await;
    let parts: Vec<&str> = real.split('.').collect();
    assert_refused(&app, &format!("{}.{payload}.{}", parts[0], parts[2])).await;

    assert_refused(&app, "not.a.jwt").await;
    let missing = app.request(Method::GET, "/api/v1/areas", None, None).await;
    assert_problem(missing, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn roles_are_enforced() {
    let app = spawn_app().await;
    let dispatcher = app.user_token("dina", "dispatcher", Some("lucknow")).await;
    let biller = app.user_token("bina", "biller", None).await;
    let admin = app.admin_token().await;

    for token in [&dispatcher, &biller] {
        assert_problem(app.get("/api/v1/users", token).await, StatusCode::FORBIDDEN, "forbidden").await;
        let create = app
            .post(
                "/api/v1/parent-types",
                token,
                json!({"code": "wheat", "name": "Wheat", "qr_pattern": "WH\\d{6}",
                                                          "max_children": 20, "expected_weight_kg": 20}),
            )
            .await;
        assert_problem(create, StatusCode::FORBIDDEN, "forbidden").await;
        // Everyone may read configuration.
        assert_eq!(app.get("/api/v1/parent-types", token).await.status(), StatusCode::OK);
    }
    assert_eq!(app.get("/api/v1/users", &admin).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn housekeeping_drops_refresh_tokens_a_day_past_expiry_and_keeps_live_ones() {
    let app = spawn_app().await;
    let old = app.session("admin", ADMIN_PASSWORD).await;
    let live = app.session("admin", ADMIN_PASSWORD).await;
    sqlx::query(
        "update refresh_tokens set expires_at = now() - interval '2 days'
         where family_id = (select family_id from refresh_tokens order by issued_at limit 1)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let (_, tokens) = tracetrack_server::housekeeping::run_once(&app.pool).await.unwrap();
    assert_eq!(tokens, 1);
    assert_problem(refresh(&app, &old["refresh_token"]).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(refresh(&app, &live["refresh_token"]).await.status(), StatusCode::OK);
}
