//! The optional second factor (SPEC §7): set up, proved, then required at sign-in; each code
//! signs in once; wrong codes count towards the lockout; admins keep theirs once it is on.

use api::auth::totp;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, password_of, spawn_app};

async fn login_with(app: &TestApp, username: &str, code: Option<&str>) -> Response {
    let body = json!({"username": username, "password": password_of(username), "totp": code});
    app.request(Method::POST, "/api/v1/auth/login", None, Some(body)).await
}

/// Sets up a second factor for the signed-in user and returns its secret.
async fn set_up(app: &TestApp, token: &str, password: &str) -> Vec<u8> {
    let response = app.post("/api/v1/auth/totp/setup", token, json!({"password": password})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let setup: Value = response.json().await.unwrap();
    assert!(setup["otpauth_uri"].as_str().unwrap().contains(setup["secret"].as_str().unwrap()));
    totp::decoded(setup["secret"].as_str().unwrap()).unwrap()
}

/// Turns the second factor on and returns the session's next access token: turning it on ends
/// every access token of the user, the caller's own included, whose session then refreshes.
async fn enable(app: &TestApp, session: &Value, code: &str) -> String {
    let token = session["access_token"].as_str().unwrap();
    assert_eq!(app.post("/api/v1/auth/totp/enable", token, json!({"code": code})).await.status(), StatusCode::OK);
    let body = json!({"refresh_token": session["refresh_token"]});
    let renewed: Value =
        app.request(Method::POST, "/api/v1/auth/refresh", None, Some(body)).await.json().await.unwrap();
    renewed["access_token"].as_str().unwrap().to_owned()
}

/// A moment early in a 30-second step, so a test's codes keep their meaning until it ends: the
/// server accepts the steps either side of its own clock, and the test takes a few seconds.
async fn early_in_a_step() -> u64 {
    let into_step = totp::unix_now() % 30;
    if into_step > 20 {
        tokio::time::sleep(std::time::Duration::from_secs(31 - into_step)).await;
    }
    totp::unix_now()
}

/// The code of the step `offset` steps from `t0`, as the app would show it then.
fn code(secret: &[u8], t0: u64, offset: i64) -> String {
    totp::code_at(secret, t0.saturating_add_signed(offset * 30))
}

/// A well-formed code that no step near `t0` accepts.
fn wrong_code(secret: &[u8], t0: u64) -> String {
    let taken: Vec<String> = (-3..=3).map(|offset| code(secret, t0, offset)).collect();
    (0..).map(|n| format!("{n:06}")).find(|candidate| !taken.contains(candidate)).unwrap()
}

#[tokio::test]
async fn a_second_factor_is_proved_then_required_and_each_code_signs_in_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "bina", "biller", None).await;
    let own = app.session("bina", &password_of("bina")).await;
    let token = own["access_token"].as_str().unwrap().to_owned();
    let elsewhere = app.session("bina", &password_of("bina")).await;
    let refused = app.post("/api/v1/auth/totp/setup", &token, json!({"password": "Not-Mine-2026!"})).await;
    assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let not_started = app.post("/api/v1/auth/totp/enable", &token, json!({"code": "123456"})).await;
    assert_problem(not_started, StatusCode::CONFLICT, "totp_not_set_up").await;
    let secret = set_up(&app, &token, &password_of("bina")).await;
    let t0 = early_in_a_step().await;
    assert_eq!(login_with(&app, "bina", None).await.status(), StatusCode::OK, "not required before it is proved");

    let wrong = app.post("/api/v1/auth/totp/enable", &token, json!({"code": wrong_code(&secret, t0)})).await;
    assert_problem(wrong, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let enabled = app.post("/api/v1/auth/totp/enable", &token, json!({"code": code(&secret, t0, -1)})).await;
    assert_eq!(enabled.status(), StatusCode::OK);
    assert_eq!(enabled.json::<Value>().await.unwrap()["totp_enabled"], true);
    // Other sessions, opened with the password alone, end at once, access tokens included; the
    // one that turned it on goes on: its access token is refused once and its refresh works.
    let other_access = elsewhere["access_token"].as_str().unwrap();
    assert_problem(app.get("/api/v1/auth/me", other_access).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let body = json!({"refresh_token": elsewhere["refresh_token"]});
    let ended = app.request(Method::POST, "/api/v1/auth/refresh", None, Some(body)).await;
    assert_problem(ended, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_problem(app.get("/api/v1/auth/me", &token).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let body = json!({"refresh_token": own["refresh_token"]});
    let renewed: Value =
        app.request(Method::POST, "/api/v1/auth/refresh", None, Some(body)).await.json().await.unwrap();
    let token = renewed["access_token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/auth/me", &token).await.status(), StatusCode::OK);
    let again = app.post("/api/v1/auth/totp/setup", &token, json!({"password": password_of("bina")})).await;
    assert_problem(again, StatusCode::CONFLICT, "duplicate").await;

    let missing = assert_problem(login_with(&app, "bina", None).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(missing["details"]["totp"], "required");
    let spent = login_with(&app, "bina", Some(&code(&secret, t0, -1))).await;
    assert_eq!(assert_problem(spent, StatusCode::UNAUTHORIZED, "unauthorized").await["details"]["totp"], "invalid");
    let now = code(&secret, t0, 0);
    let spaced = format!("{} {}", &now[..3], &now[3..]);
    let signed_in: Value = login_with(&app, "bina", Some(&spaced)).await.json().await.unwrap();
    assert_eq!(signed_in["user"]["totp_enabled"], true);
    let replayed = login_with(&app, "bina", Some(&now)).await;
    assert_problem(replayed, StatusCode::UNAUTHORIZED, "unauthorized").await;

    // Turning it off needs the password and a fresh code; then the password alone signs in.
    let token = signed_in["access_token"].as_str().unwrap();
    let body = json!({"password": password_of("bina"), "code": now});
    let reused = app.post("/api/v1/auth/totp/disable", token, body).await;
    assert_problem(reused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let body = json!({"password": password_of("bina"), "code": code(&secret, t0, 1)});
    assert_eq!(app.post("/api/v1/auth/totp/disable", token, body).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(login_with(&app, "bina", None).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn parallel_sign_ins_with_one_code_let_exactly_one_in() {
    let app = spawn_app().await;
    let token = app.user_token("dina", "dispatcher", Some("lucknow")).await;
    let secret = set_up(&app, &token, &password_of("dina")).await;
    let t0 = early_in_a_step().await;
    app.post("/api/v1/auth/totp/enable", &token, json!({"code": code(&secret, t0, -1)})).await;
    let now = code(&secret, t0, 0);
    let attempts = (0..6).map(|_| login_with(&app, "dina", Some(&now)));
    let statuses: Vec<StatusCode> = futures::future::join_all(attempts).await.iter().map(Response::status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
    // Past the lockout's five claimed attempts the rest are refused unchecked.
    let refused = [StatusCode::OK, StatusCode::UNAUTHORIZED, StatusCode::LOCKED];
    assert!(statuses.iter().all(|s| refused.contains(s)), "{statuses:?}");
}

#[tokio::test]
async fn wrong_codes_count_towards_the_lockout() {
    let app = spawn_app().await;
    let token = app.user_token("ravi", "dispatcher", Some("lucknow")).await;
    let secret = set_up(&app, &token, &password_of("ravi")).await;
    let t0 = early_in_a_step().await;
    app.post("/api/v1/auth/totp/enable", &token, json!({"code": code(&secret, t0, 0)})).await;
    for _ in 0..5 {
        let response = login_with(&app, "ravi", Some(&wrong_code(&secret, t0))).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    assert_problem(login_with(&app, "ravi", Some(&code(&secret, t0, 1))).await, StatusCode::LOCKED, "account_locked")
        .await;
    let failures: Value =
        app.get("/api/v1/audit?action=login_failed", &app.admin_token().await).await.json().await.unwrap();
    assert_eq!(failures["items"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn an_admins_second_factor_stays_on_until_another_admin_resets_it() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let second = app.create_user(&admin, "asha", "admin", None).await;
    let session = app.session("asha", &password_of("asha")).await;
    let secret = set_up(&app, session["access_token"].as_str().unwrap(), &password_of("asha")).await;
    let t0 = early_in_a_step().await;
    let asha = enable(&app, &session, &code(&secret, t0, 0)).await;

    let body = json!({"password": password_of("asha"), "code": code(&secret, t0, 1)});
    assert_problem(app.post("/api/v1/auth/totp/disable", &asha, body).await, StatusCode::FORBIDDEN, "forbidden").await;
    let own = format!("/api/v1/users/{}/totp", second["id"].as_str().unwrap());
    let refused = app.request(Method::DELETE, &own, Some(&asha), None).await;
    assert_problem(refused, StatusCode::FORBIDDEN, "forbidden").await;
    let missing = assert_problem(login_with(&app, "asha", None).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(missing["details"]["totp"], "required");

    let reset = app.request(Method::DELETE, &own, Some(&admin), None).await;
    assert_eq!(reset.status(), StatusCode::OK);
    assert_eq!(reset.json::<Value>().await.unwrap()["totp_enabled"], false);
    assert_eq!(login_with(&app, "asha", None).await.status(), StatusCode::OK);
    let biller = app.user_token("bina", "biller", None).await;
    let forbidden = app.request(Method::DELETE, &own, Some(&biller), None).await;
    assert_problem(forbidden, StatusCode::FORBIDDEN, "forbidden").await;
    let trail: Value = app.get("/api/v1/audit?limit=500", &admin).await.json().await.unwrap();
    let actions: Vec<&str> = trail["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in ["totp_setup_started", "totp_enabled", "totp_reset"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}

#[tokio::test]
async fn wrong_codes_and_passwords_when_turning_it_off_count_towards_the_lockout_too() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "mira", "biller", None).await;
    let session = app.session("mira", &password_of("mira")).await;
    let token = session["access_token"].as_str().unwrap().to_owned();
    let refused = app.post("/api/v1/auth/totp/setup", &token, json!({"password": "Not-Mine-2026!"})).await;
    assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let secret = set_up(&app, &token, &password_of("mira")).await;
    let t0 = early_in_a_step().await;
    let token = enable(&app, &session, &code(&secret, t0, -1)).await;
    // Five wrong answers (the right set-up above started the count again)…
    for _ in 0..5 {
        let body = json!({"password": password_of("mira"), "code": wrong_code(&secret, t0)});
        let response = app.post("/api/v1/auth/totp/disable", &token, body).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    let body = json!({"password": password_of("mira"), "code": code(&secret, t0, 0)});
    let locked = app.post("/api/v1/auth/totp/disable", &token, body).await;
    assert_problem(locked, StatusCode::LOCKED, "account_locked").await;
    let me: Value = app.get("/api/v1/auth/me", &token).await.json().await.unwrap();
    assert_eq!(me["totp_enabled"], true, "a locked account keeps its second factor");
}
