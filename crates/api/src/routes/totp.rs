//! Turning the optional second factor on and off (SPEC §7). Set-up shows a secret, enabling
//! proves the app has it, and from then on sign-in needs a code. An admin's second factor stays
//! on once enabled; another admin resets it when a phone is lost.

use actix_web::{HttpRequest, HttpResponse, web};
use domain::Role;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::PgConnection;
use storage::auth_changes::AuthChange;
use storage::{refresh_token, totp as store, user};
use uuid::Uuid;

use super::users_dto::User;
use crate::audit_trail::{self, Target};
use crate::auth::{AdminOnly, Anyone, Authenticated, proof, totp};
use crate::error::{ApiError, ApiResult, ErrorCode, Problem};
use crate::state::AppState;
use crate::transaction;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpSetupRequest {
    /// Your password, again: a stolen session alone cannot take over the second factor.
    pub password: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    "otpauth_uri": "otpauth://totp/TraceTrack:ravi?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=TraceTrack&algorithm=SHA1&digits=6&period=30"}))]
pub struct TotpSetup {
    /// Base32, to type into an authenticator app.
    pub secret: String,
    /// The same as an `otpauth://` address, for a QR code or a link on a phone.
    pub otpauth_uri: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpCode {
    /// The 6-digit code the app shows now.
    pub code: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"password": "Seed-Bag-2026", "code": "492039"}))]
pub struct TotpDisableRequest {
    pub password: String,
    /// The 6-digit code the app shows now.
    pub code: String,
}

/// Checks the caller's password (and, when given, a code of their enabled second factor) the way
/// sign-in does: an attempt is claimed first (a locked account is refused) and a wrong answer keeps it counted,
/// so these endpoints cannot be used to guess a password or a code. Runs before any row lock:
/// hashing may wait for a permit.
async fn prove(state: &AppState, user_id: Uuid, password: String, code: Option<&str>) -> ApiResult<user::UserRecord> {
    let account = user::find_by_id(&mut *state.pool.acquire().await?, user_id).await?;
    proof::claim_attempt(state, user_id).await?;
    let refusal = if !state.hasher.verify(password, Some(account.password_hash.clone())).await? {
        Some(domain::ValidationError::field("password", "is not your password").into())
    } else if let Some(code) = code {
        (!proof::spend_code(state, user_id, code).await?).then(wrong_code)
    } else {
        None
    };
    match refusal {
        None => {
            proof::succeeded(state, user_id).await?;
            Ok(account)
        }
        // The claimed attempt stays counted as a failure.
        Some(refusal) => Err(refusal),
    }
}

fn conflict_enabled() -> ApiError {
    ApiError::new(ErrorCode::Duplicate, "a second factor is already on for this account")
}

fn wrong_code() -> ApiError {
    domain::ValidationError::field("code", "is wrong or was already used; wait for the next one").into()
}

/// Start setting up a second factor: a fresh secret, not yet required at sign-in.
///
/// Any signed-in user, who sends their password again. Answers a base32 secret and the same as an
/// `otpauth://` address for an authenticator app; sign-in does not change until `POST /auth/totp/enable`.
/// A wrong password answers 422 and counts towards the lockout like a failed sign-in; an account whose
/// second factor is already on gets 409 `duplicate`.
#[utoipa::path(post, path = "/api/v1/auth/totp/setup", tag = "auth", request_body = TotpSetupRequest,
    security(("bearer" = [])), responses(
    (status = 200, body = TotpSetup),
    (status = 409, description = "`duplicate`: a second factor is already on", body = Problem),
    (status = 422, description = "Wrong password", body = Problem),
    (status = 423, description = "`account_locked`: too many wrong passwords or codes; wait `Retry-After` seconds", body = Problem)))]
pub async fn setup(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<Anyone>,
    body: crate::extract::Json<TotpSetupRequest>,
) -> ApiResult<web::Json<TotpSetup>> {
    let account = prove(&state, caller.id(), body.into_inner().password, None).await?;
    let secret = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        if store::lock(&mut *tx, account.id).await?.enabled {
            return Err(conflict_enabled());
        }
        let secret = totp::new_secret();
        store::set_pending(&mut *tx, account.id, &secret).await?;
        let target = Target("user", &account.username);
        audit_trail::record(&mut *tx, &req, &caller, "totp_setup_started", target, None, None).await?;
        Ok(secret)
    })
    .await?;
    Ok(web::Json(TotpSetup {
        secret: totp::encoded(&secret),
        otpauth_uri: totp::otpauth_uri(&account.username, &secret),
    }))
}

/// Finish setting up: a code from the app proves it holds the secret; sign-in needs codes from
/// now on, and the user's other sessions end.
///
/// Any signed-in user who has started a set-up. The session making the call stays signed in; the
/// change is audited. A wrong code answers 422; no set-up started answers 409 `totp_not_set_up`,
/// a second factor already on 409 `duplicate`.
#[utoipa::path(post, path = "/api/v1/auth/totp/enable", tag = "auth", request_body = TotpCode,
    security(("bearer" = [])), responses(
    (status = 200, description = "On; the caller as now seen", body = User),
    (status = 409, description = "`duplicate`: already on; `totp_not_set_up`: no set-up started", body = Problem),
    (status = 422, description = "The code is wrong", body = Problem),
    (status = 423, description = "`account_locked`: too many wrong passwords or codes; wait `Retry-After` seconds", body = Problem)))]
pub async fn enable(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<Anyone>,
    body: crate::extract::Json<TotpCode>,
) -> ApiResult<web::Json<User>> {
    let account = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let current = store::lock(&mut *tx, caller.id()).await?;
        if current.enabled {
            return Err(conflict_enabled());
        }
        let Some(secret) = current.secret else {
            return Err(ApiError::new(ErrorCode::TotpNotSetUp, "start with POST /auth/totp/setup"));
        };
        let step = totp::matching_step(&secret, &body.code, totp::unix_now()).ok_or_else(wrong_code)?;
        store::enable(&mut *tx, caller.id(), step).await?;
        // Sessions opened with the password alone end now (a reason to turn it on is a suspected
        // stolen session); the one turning it on stays.
        refresh_token::revoke_other_sessions(&mut *tx, caller.id(), caller.claims.sid).await?;
        let after = Some(json!({ "totp_enabled": true }));
        let target = Target("user", &caller.claims.username);
        audit_trail::record(&mut *tx, &req, &caller, "totp_enabled", target, None, after).await?;
        Ok(user::find_by_id(&mut *tx, caller.id()).await?)
    })
    .await?;
    state.revocation.heard(AuthChange::User(caller.id()));
    Ok(web::Json(account.into()))
}

/// Turn your second factor off (billers and dispatchers; an admin's stays on).
///
/// Billers and dispatchers, for their own account: an admin gets 403 and asks another admin for
/// `DELETE /users/{id}/totp`. It needs the password and a current code; a wrong one answers 422 and
/// counts towards the lockout like a failed sign-in, and an account with no second factor on also gets
/// 422. Once off, sign-in needs the password only; the change is audited.
#[utoipa::path(post, path = "/api/v1/auth/totp/disable", tag = "auth", request_body = TotpDisableRequest,
    security(("bearer" = [])), responses(
    (status = 204, description = "Off; sign-in needs the password only"),
    (status = 403, description = "Admins keep their second factor once it is on", body = Problem),
    (status = 422, description = "Wrong password or code, or no second factor on", body = Problem),
    (status = 423, description = "`account_locked`: too many wrong passwords or codes; wait `Retry-After` seconds", body = Problem)))]
pub async fn disable(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<Anyone>,
    body: crate::extract::Json<TotpDisableRequest>,
) -> ApiResult<HttpResponse> {
    if caller.role() == Role::Admin {
        return Err(ApiError::forbidden(
            "an admin's second factor stays on once enabled; another admin can reset it if the phone is lost",
        ));
    }
    let body = body.into_inner();
    if store::enabled_secret(&mut *state.pool.acquire().await?, caller.id()).await?.is_none() {
        return Err(domain::ValidationError::field("code", "this account has no second factor on").into());
    }
    let account = prove(&state, caller.id(), body.password, Some(&body.code)).await?;
    transaction::write(&state.pool, async |tx: &mut PgConnection| {
        store::clear(&mut *tx, account.id).await?;
        let before = Some(json!({ "totp_enabled": true }));
        let target = Target("user", &account.username);
        audit_trail::record(&mut *tx, &req, &caller, "totp_disabled", target, before, None).await?;
        Ok(())
    })
    .await?;
    state.revocation.heard(AuthChange::User(account.id));
    Ok(HttpResponse::NoContent().finish())
}

/// Reset a user's second factor (admin), e.g. after a lost phone: they sign in with the password
/// alone and may set up a new one. Their sessions are ended.
///
/// Admins only, and never for their own account (403: another admin resets yours). Clears a second
/// factor that is on or only set up, revokes every refresh token of the user and writes the reset to
/// the audit trail.
#[utoipa::path(delete, path = "/api/v1/users/{id}/totp", tag = "users",
    params(("id" = Uuid, Path, description = "The user's id", example = "0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01")),
    security(("bearer" = [])), responses(
    (status = 200, description = "Reset; the user as now seen", body = User),
    (status = 403, description = "Not an admin, or your own account", body = Problem),
    (status = 404, description = "No such user", body = Problem)))]
pub async fn reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<User>> {
    let id = id.into_inner();
    if id == admin.id() {
        return Err(ApiError::forbidden("another admin resets your second factor"));
    }
    let account = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let account = match user::find_by_id_for_update(&mut *tx, id).await {
            Err(storage::StorageError::NotFound) => return Err(ApiError::not_found(format!("user {id}"))),
            other => other?,
        };
        store::clear(&mut *tx, id).await?;
        refresh_token::revoke_all_for_user(&mut *tx, id).await?;
        let before = Some(json!({ "totp_enabled": account.totp_enabled }));
        let after = Some(json!({ "totp_enabled": false }));
        let target = Target("user", &account.username);
        audit_trail::record(&mut *tx, &req, &admin, "totp_reset", target, before, after).await?;
        Ok(user::find_by_id(&mut *tx, id).await?)
    })
    .await?;
    state.revocation.heard(AuthChange::User(id));
    Ok(web::Json(account.into()))
}
