//! Runs a change in one transaction, honouring `Idempotency-Key`: a replay with the same key
//! and request returns the first answer byte for byte and applies nothing; the same key with a
//! different request is `idempotency_conflict`. A refused request stores nothing (it changed
//! nothing), so its retry is judged afresh.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::PgConnection;
use storage::idempotency::{self, Claim};
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::auth::extractor::{RoleRequirement, ScopeRequirement};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::transaction;

pub const HEADER: &str = "Idempotency-Key";

/// The key sent with the request, if any (1–200 visible ASCII characters).
pub fn key(req: &HttpRequest) -> ApiResult<Option<String>> {
    let Some(value) = req.headers().get(HEADER) else {
        return Ok(None);
    };
    let key = value.to_str().map(str::trim).unwrap_or_default();
    if key.is_empty() || key.len() > 200 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::malformed("Idempotency-Key must be 1–200 visible ASCII characters"));
    }
    Ok(Some(key.to_owned()))
}

/// What identifies "the same request" for a key: method, path and the parsed body.
pub fn fingerprint(req: &HttpRequest, body: &impl Serialize) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(req.method().as_str());
    hasher.update(b" ");
    hasher.update(req.path());
    hasher.update(b"\n");
    hasher.update(serde_json::to_vec(body).unwrap_or_default());
    hasher.finalize().to_vec()
}

/// A retry-safe write as its handler starts it: the request's key (if any), who writes from
/// which device (stamped on the events it writes) and what makes a retry "the same request".
pub struct Write {
    user_id: Uuid,
    key: Option<String>,
    pub actor: storage::event::Actor,
    fingerprint: Vec<u8>,
}

impl Write {
    /// `body`: the parsed request body (`&()` for none), part of the fingerprint.
    pub fn start<R: RoleRequirement, S: ScopeRequirement>(
        req: &HttpRequest,
        caller: &Authenticated<R, S>,
        body: &impl Serialize,
    ) -> ApiResult<Self> {
        let key = key(req)?;
        let actor = crate::routes::scans::actor(req, caller, key.as_deref());
        Ok(Self { user_id: caller.id(), key, actor, fingerprint: fingerprint(req, body) })
    }

    /// [`run`] with this request's key and fingerprint.
    pub async fn run<T: Serialize>(
        &self,
        state: &AppState,
        change: impl AsyncFn(&mut PgConnection) -> ApiResult<(StatusCode, T)>,
    ) -> ApiResult<HttpResponse> {
        run(state, self.user_id, self.key.as_deref(), self.fingerprint.clone(), change).await
    }
}

/// Runs `change` in a transaction (`transaction::write`, with its deadlock retry) and answers
/// with its status and JSON body.
pub async fn run<T: Serialize>(
    state: &AppState,
    user_id: Uuid,
    key: Option<&str>,
    fingerprint: Vec<u8>,
    change: impl AsyncFn(&mut PgConnection) -> ApiResult<(StatusCode, T)>,
) -> ApiResult<HttpResponse> {
    transaction::write(&state.pool, async |tx: &mut PgConnection| {
        if let Some(key) = key {
            match idempotency::claim(&mut *tx, user_id, key, &fingerprint).await? {
                Claim::Fresh => {}
                Claim::Replay { status, body } => {
                    let status = StatusCode::from_u16(status).map_err(ApiError::internal)?;
                    return Ok(HttpResponse::build(status)
                        .content_type("application/json")
                        .insert_header(("Idempotent-Replayed", "true"))
                        .body(body));
                }
                Claim::Mismatch => {
                    return Err(ApiError::new(
                        ErrorCode::IdempotencyConflict,
                        "this Idempotency-Key was already used for a different request",
                    ));
                }
            }
        }
        let (status, value) = change(&mut *tx).await?;
        let body = serde_json::to_vec(&value).map_err(ApiError::internal)?;
        if let Some(key) = key {
            idempotency::store(&mut *tx, user_id, key, status.as_u16(), &body).await?;
        }
        Ok(HttpResponse::build(status).content_type("application/json").body(body))
    })
    .await
}
