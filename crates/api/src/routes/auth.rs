use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use domain::{Language, Password};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::PgConnection;
use storage::auth_changes::AuthChange;
use storage::refresh_token::{self, Redemption};
use storage::{audit, user};
use uuid::Uuid;

use super::users_dto::User;
use crate::audit_trail::{self, Target};
use crate::auth::{Anyone, Authenticated, proof, refresh};
use crate::client;
use crate::error::{ApiError, ApiResult, ErrorCode, Problem};
use crate::state::AppState;
use crate::transaction;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"username": "admin", "password": "Admin-Demo-2026!"}))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// The 6-digit code of the user's authenticator app, when they have turned the second factor
    /// on (`POST /auth/totp/setup`, then `/auth/totp/enable`). Without it such a sign-in is
    /// refused with `details.totp = "required"`; a wrong or reused code, with `"invalid"`.
    pub totp: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenPair {
    /// JWT (HS256) for `Authorization: Bearer …`.
    pub access_token: String,
    /// Single use: `POST /auth/refresh` spends it and returns a new pair. Presenting a spent
    /// refresh token again revokes every token descended from the same login.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    pub user: User,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"refresh_token": "baf14d7cc205578bc4304e3d32b4ee8c9b65ca79847d5a845d52ebf8a5f6ee72"}))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"refresh_token": "baf14d7cc205578bc4304e3d32b4ee8c9b65ca79847d5a845d52ebf8a5f6ee72", "everywhere": false}))]
pub struct LogoutRequest {
    /// The session to end. Omit it, or set `everywhere`, to end every session of the caller.
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub everywhere: bool,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"current_password": "Admin-Demo-2026!", "new_password": "Packing-Shed-42!"}))]
pub struct ChangePassword {
    pub current_password: String,
    /// 8–128 characters with upper case, lower case, a digit and a symbol.
    #[schema(min_length = 8, max_length = 128)]
    pub new_password: String,
}

const BAD_CREDENTIALS: &str = "wrong username or password";

/// Sign in with username and password.
///
/// Anyone may call it, without a token. Unknown users and wrong passwords get the same answer in the
/// same time. Five failures in a row lock the account for 15 minutes (423); a client with many failures
/// is rate limited (429). An account with a second factor on also needs `totp`, and every sign-in and
/// failed sign-in is written to the audit trail.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest, security(()), responses(
    (status = 200, description = "Signed in", body = TokenPair),
    (status = 400, description = "Malformed JSON", body = Problem),
    (status = 401, description = "Wrong username or password; or, with a second factor on, a missing (`details.totp = \"required\"`) or wrong (`\"invalid\"`) code", body = Problem,
        example = json!({"type": "urn:tracetrack:problem:unauthorized", "title": "Unauthorized", "status": 401,
                         "code": "unauthorized", "detail": "wrong username or password", "message": "wrong username or password", "instance": "urn:tracetrack:request:…", "request_id": "…"})),
    (status = 422, description = "Missing or mistyped field", body = Problem),
    (status = 423, description = "Account locked after repeated failures", body = Problem),
    (status = 429, description = "Too many failures from this client", body = Problem),
    (status = 503, description = "Database unavailable", body = Problem)))]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: crate::extract::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let client_ip = client::ip(&req, &state.proxies).map(client::network);
    if let Some(wait) = client_ip.and_then(|ip| state.login_limiter.check(ip)) {
        return Err(
            ApiError::new(ErrorCode::RateLimited, "too many failed sign-ins from this address; wait").retry_after(wait)
        );
    }
    let username = body.username.trim();
    let plausible = domain::Username::parse("username", username).is_ok() && body.password.len() <= 1024;
    let account = if plausible { user::find_by_username(&state.pool, username).await? } else { None };
    // Claimed before hashing: a burst of guesses gets at most the lockout's number of checks.
    if let Some(account) = &account {
        proof::claim_attempt(&state, account.id).await?;
    }
    let verified = state.hasher.verify(body.password, account.as_ref().map(|a| a.password_hash.clone())).await?;

    let Some(account) = account else {
        return Err(login_failed(&state, &req, client_ip, None, bad_credentials()).await);
    };
    if !verified {
        return Err(login_failed(&state, &req, client_ip, Some(&account), bad_credentials()).await);
    }
    if account.totp_enabled {
        second_factor(&state, &req, client_ip, &account, body.totp.as_deref()).await?;
    }
    proof::succeeded(&state, account.id).await?;
    let pair = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        audit::record(&mut *tx, client::audit_entry(&req, Some((account.id, &account.username)), "login")).await?;
        let version = account.auth_version;
        let (pair, _) = issue_pair(&state, &mut *tx, User::from(account.clone()), Uuid::new_v4(), version).await?;
        Ok(pair)
    })
    .await?;
    Ok(HttpResponse::Ok().json(pair))
}

fn bad_credentials() -> ApiError {
    ApiError::unauthorized(BAD_CREDENTIALS)
}

/// With a second factor on, the password alone does not sign in. A missing code is asked for
/// (the attempt is given back: the sign-in screen asks for it only now); a wrong or reused code
/// keeps the attempt counted, like a wrong password.
async fn second_factor(
    state: &AppState,
    req: &HttpRequest,
    client_ip: Option<std::net::IpAddr>,
    account: &user::UserRecord,
    code: Option<&str>,
) -> ApiResult<()> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        proof::give_back(state, account.id).await?;
        return Err(ApiError::unauthorized("enter the 6-digit code from your authenticator app")
            .with_details(serde_json::json!({ "totp": "required" })));
    };
    if proof::spend_code(state, account.id, code).await? {
        return Ok(());
    }
    let answer = ApiError::unauthorized("the authenticator code is wrong or was already used")
        .with_details(serde_json::json!({ "totp": "invalid" }));
    Err(login_failed(state, req, client_ip, Some(account), answer).await)
}

/// Records a failed sign-in (the attempt itself was counted when claimed). The audit entry
/// names the account only when there is one: whatever else was typed as a username (often a
/// password in the wrong field) is not kept.
async fn login_failed(
    state: &AppState,
    req: &HttpRequest,
    client_ip: Option<std::net::IpAddr>,
    account: Option<&user::UserRecord>,
    answer: ApiError,
) -> ApiError {
    if let Some(ip) = client_ip {
        state.login_limiter.record_failure(ip);
    }
    let recorded = async {
        let mut entry = client::audit_entry(req, account.map(|a| (a.id, a.username.as_str())), "login_failed");
        entry.target_kind = Some("user".into());
        entry.target_id = account.map(|a| a.username.clone());
        let mut conn = state.pool.acquire().await?;
        audit::record(&mut conn, entry).await?;
        ApiResult::Ok(())
    };
    match recorded.await {
        Ok(()) => answer,
        Err(error) => error,
    }
}

async fn issue_pair(
    state: &AppState,
    conn: &mut sqlx::PgConnection,
    user: User,
    family_id: Uuid,
    version: i64,
) -> ApiResult<(TokenPair, String)> {
    let refresh_token = refresh::generate();
    let expires_at = Utc::now() + state.policy.refresh_ttl;
    refresh_token::insert(conn, user.id, family_id, &refresh::digest(&refresh_token), expires_at).await?;
    Ok((token_pair(state, user, family_id, version, refresh_token.clone())?, refresh_token))
}

fn token_pair(
    state: &AppState,
    user: User,
    family_id: Uuid,
    version: i64,
    refresh_token: String,
) -> ApiResult<TokenPair> {
    let access_token =
        state.tokens.issue(user.id, &user.username, user.role, user.area.as_deref(), family_id, version)?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        token_type: "Bearer",
        expires_in: state.tokens.access_ttl.as_secs(),
        user,
    })
}

/// Trade a refresh token for a new token pair (rotation).
///
/// Anyone holding a refresh token may call it, without an access token. A token presented again
/// within 30 seconds of being spent (a retried request on a flaky network, or two tabs refreshing at
/// once) gets the same new refresh token as the first presentation, with a fresh access token.
/// Presented again later, or after its successor was used, it revokes the whole session.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest, security(()), responses(
    (status = 200, description = "A fresh pair; the presented refresh token is spent", body = TokenPair),
    (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = Problem),
    (status = 422, description = "Missing field", body = Problem)))]
pub async fn refresh(
    state: web::Data<AppState>,
    body: crate::extract::Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let presented = body.refresh_token.trim();
    let grace = state.policy.refresh_grace.as_secs_f64();
    // A reused token revokes its family, and that revocation is committed before the refusal:
    // the inner result is the answer, the outer one whether the transaction could commit.
    let pair = transaction::write(&state.pool, async |tx: &mut PgConnection| -> ApiResult<ApiResult<TokenPair>> {
        let (user_id, family_id, successor) = match refresh_token::redeem(&mut *tx, &refresh::digest(presented), grace)
            .await?
        {
            Redemption::Redeemed { token_id, user_id, family_id } => (user_id, family_id, Successor::Mint(token_id)),
            Redemption::Replayed { user_id, family_id, sealed } => (user_id, family_id, Successor::Same(sealed)),
            Redemption::Reused => {
                tracing::warn!("refresh token reused; its family is revoked");
                return Ok(Err(ApiError::unauthorized("this refresh token was already used; sign in again")));
            }
            Redemption::Invalid => {
                return Err(ApiError::unauthorized("the refresh token is invalid or expired"));
            }
        };
        let account = match user::find_by_id(&mut *tx, user_id).await {
            Err(storage::StorageError::NotFound) => {
                return Err(ApiError::unauthorized("this account no longer exists"));
            }
            other => other?,
        };
        let version = account.auth_version;
        let pair = match successor {
            Successor::Mint(spent_id) => {
                let (pair, next) = issue_pair(&state, &mut *tx, User::from(account), family_id, version).await?;
                let sealed = refresh::seal(presented, &next)
                    .ok_or_else(|| ApiError::internal(anyhow::anyhow!("a generated refresh token did not seal")))?;
                refresh_token::seal_successor(&mut *tx, spent_id, &sealed).await?;
                pair
            }
            Successor::Same(sealed) => {
                let next = refresh::open(presented, &sealed)
                    .ok_or_else(|| ApiError::unauthorized("the refresh token is invalid or expired"))?;
                if !refresh_token::is_live_in_family(&mut *tx, family_id, &refresh::digest(&next)).await? {
                    // Its successor was used already: this is a copy being replayed, not a retry.
                    refresh_token::revoke_family(&mut *tx, family_id).await?;
                    tracing::warn!("refresh token reused after its successor; its family is revoked");
                    return Ok(Err(ApiError::unauthorized("this refresh token was already used; sign in again")));
                }
                tracing::info!("a just-spent refresh token was presented again within the grace; same successor");
                token_pair(&state, User::from(account), family_id, version, next)?
            }
        };
        Ok(Ok(pair))
    })
    .await??;
    Ok(HttpResponse::Ok().json(pair))
}

/// What a refresh hands out: a new successor for a token spent now, or the one already minted.
enum Successor {
    Mint(Uuid),
    Same(Vec<u8>),
}

/// Sign out: revoke the given session's refresh tokens, or all of the caller's.
///
/// Any signed-in user. With `refresh_token`, the session that token belongs to ends; without it, or
/// with `everywhere: true`, every session of the caller ends. Either way the caller's current access
/// tokens stop working at once (another live session refreshes once and goes on), and the sign-out is
/// audited. An unknown or already revoked refresh token still answers 204.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", request_body = LogoutRequest,
    security(("bearer" = [])), responses(
    (status = 204, description = "Signed out")))]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<Anyone>,
    body: crate::extract::Json<LogoutRequest>,
) -> ApiResult<HttpResponse> {
    transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let (everywhere, revoked) = match (&body.refresh_token, body.everywhere) {
            (Some(token), false) => {
                let digest = refresh::digest(token.trim());
                (false, refresh_token::revoke_family_of(&mut *tx, caller.id(), &digest).await?)
            }
            _ => {
                refresh_token::revoke_all_for_user(&mut *tx, caller.id()).await?;
                (true, true)
            }
        };
        // The signed-out session's access token must stop working now, not at its expiry: the
        // user's version moves on, and any other session of theirs refreshes once.
        user::bump_auth_version(&mut *tx, caller.id()).await?;
        let target = Target("user", &caller.claims.username);
        let after = Some(serde_json::json!({ "everywhere": everywhere, "revoked": revoked }));
        audit_trail::record(&mut *tx, &req, &caller, "logout", target, None, after).await?;
        Ok(())
    })
    .await?;
    state.revocation.heard(AuthChange::User(caller.id()));
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in user.
///
/// Any signed-in user: the account behind the access token, read fresh from the database, with its
/// role, area, language and whether a second factor is on. An account deleted meanwhile answers 401.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth", security(("bearer" = [])), responses(
    (status = 200, body = User)))]
pub async fn me(state: web::Data<AppState>, caller: Authenticated<Anyone>) -> ApiResult<web::Json<User>> {
    let mut conn = state.pool.acquire().await?;
    match user::find_by_id(&mut conn, caller.id()).await {
        Ok(record) => Ok(web::Json(record.into())),
        Err(storage::StorageError::NotFound) => Err(ApiError::unauthorized("this account no longer exists")),
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"language": "hi"}))]
pub struct UpdateMe {
    /// The language to read the app in.
    pub language: Language,
}

/// Change your own settings: the language you read the app in (it follows you to any scanner).
///
/// Any signed-in user, for their own account only. `language` is `en` or `hi`; anything else, or an
/// unknown field, answers 400. A real change is written to the audit trail; sending the current
/// language changes nothing.
#[utoipa::path(patch, path = "/api/v1/auth/me", tag = "auth", request_body = UpdateMe, security(("bearer" = [])),
    responses(
    (status = 200, body = User),
    (status = 400, description = "Not JSON, an unknown field or language", body = Problem)))]
pub async fn update_me(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<Anyone>,
    body: crate::extract::Json<UpdateMe>,
) -> ApiResult<web::Json<User>> {
    let after = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let before = user::find_by_id_for_update(&mut *tx, caller.id()).await?;
        let after = user::set_language(&mut *tx, caller.id(), body.language.as_str()).await?;
        if before.language != after.language {
            let target = Target("user", &caller.claims.username);
            let (before, after) = (json!({ "language": before.language }), json!({ "language": after.language }));
            audit_trail::record(&mut *tx, &req, &caller, "user_language_changed", target, Some(before), Some(after))
                .await?;
        }
        Ok(after)
    })
    .await?;
    Ok(web::Json(after.into()))
}

/// Change your own password. Signs you out of every other session.
///
/// Any signed-in user. The current password is checked like a sign-in: a wrong one answers 422 on
/// `current_password` and counts towards the lockout (423 once locked). The new password needs at
/// least 8 characters with upper case, lower case, a digit and a symbol (422 otherwise). On success
/// every refresh token of the account is revoked and the change is audited.
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth", request_body = ChangePassword,
    security(("bearer" = [])), responses(
    (status = 204, description = "Changed; all refresh tokens revoked"),
    (status = 422, description = "Current password wrong (counted towards the lockout like a failed sign-in), or the new one breaks the policy", body = Problem),
    (status = 423, description = "Account locked after repeated failures", body = Problem)))]
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<Anyone>,
    body: crate::extract::Json<ChangePassword>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let new_password = Password::parse("new_password", &body.new_password)?;
    let account = user::find_by_id(&mut *state.pool.acquire().await?, caller.id()).await?;
    // Counted like a sign-in, and hashed with no transaction, lock or connection held.
    proof::claim_attempt(&state, account.id).await?;
    if !state.hasher.verify(body.current_password, Some(account.password_hash.clone())).await? {
        return Err(domain::ValidationError::field("current_password", "is not your current password").into());
    }
    proof::succeeded(&state, account.id).await?;
    let hash = state.hasher.hash(&new_password).await?;
    transaction::write(&state.pool, async |tx: &mut PgConnection| {
        if !user::replace_password(&mut *tx, account.id, &account.password_hash, &hash).await? {
            let changed = domain::ValidationError::field("current_password", "was changed meanwhile; sign in again");
            return Err(changed.into());
        }
        refresh_token::revoke_all_for_user(&mut *tx, account.id).await?;
        let mut entry = client::audit_entry(&req, Some((account.id, &account.username)), "password_changed");
        entry.target_kind = Some("user".into());
        entry.target_id = Some(account.id.to_string());
        audit::record(&mut *tx, entry).await?;
        Ok(())
    })
    .await?;
    state.revocation.heard(AuthChange::User(account.id));
    Ok(HttpResponse::NoContent().finish())
}
