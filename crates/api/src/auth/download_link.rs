//! Download links: the browser downloads an export itself (to disk, as it streams) instead of
//! the SPA holding the whole file in memory. `POST /api/v1/exports/links` signs a token bound to
//! the user, their `auth_version` and one exact path with its query string; the export answers
//! that link without an `Authorization` header.
//!
//! - Short-lived (`TRACETRACK_DOWNLOAD_LINK_TTL_SECS`, 60 s by default, no leeway), because the
//!   link travels in a URL (history, proxy logs).
//! - Single use on every instance: the token's id is spent in PostgreSQL (`storage::download_link`).
//! - Checked again at download time like an access token: the user still exists, is not locked,
//!   still an admin, and the version is current (`revocation.rs`), so taking rights away also
//!   ends the links already handed out.
//! - Signed with a key derived from the JWT secret for this purpose only, so neither kind of
//!   token passes for the other.

use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use chrono::{DateTime, Utc};
use futures::future::LocalBoxFuture;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{AdminOnly, Anyone, Authenticated, scope};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// The query parameter that carries the token.
pub const TOKEN_PARAMETER: &str = "download_token";

/// What a link says: who, at which version of their rights, and exactly what they may fetch.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LinkClaims {
    sub: Uuid,
    ver: i64,
    jti: Uuid,
    /// The export's path with its query string, exactly as the link was asked for.
    path: String,
    iat: i64,
    nbf: i64,
    exp: i64,
}

pub struct DownloadKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub ttl: Duration,
}

impl DownloadKeys {
    pub fn new(secret: &SecretString, ttl: Duration) -> Self {
        let key = Sha256::new()
            .chain_update(b"tracetrack download link v1\0")
            .chain_update(secret.expose_secret().as_bytes())
            .finalize();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_required_spec_claims(&["exp", "iat", "nbf", "sub"]);
        // The lifetime is the whole point: no leeway.
        validation.leeway = 0;
        Self { encoding: EncodingKey::from_secret(&key), decoding: DecodingKey::from_secret(&key), validation, ttl }
    }

    /// A token for `path` (with its query string) for `user` at `version`, and when it expires.
    pub fn issue(&self, user: Uuid, version: i64, path: &str) -> Result<(String, DateTime<Utc>), ApiError> {
        let now = Utc::now();
        let expires_at = now + self.ttl;
        let claims = LinkClaims {
            sub: user,
            ver: version,
            jti: Uuid::new_v4(),
            path: path.to_owned(),
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(ApiError::internal)?;
        Ok((token, expires_at))
    }

    fn verify(&self, token: &str) -> Result<LinkClaims, ApiError> {
        jsonwebtoken::decode::<LinkClaims>(token, &self.decoding, &self.validation).map(|data| data.claims).map_err(
            |error| match error.kind() {
                ErrorKind::ExpiredSignature => invalid("expired", "this download link has expired"),
                _ => invalid("invalid", "this download link is not valid"),
            },
        )
    }
}

/// 401 `download_link_invalid`, with why in `details.reason`: `expired`, `used`, `invalid`
/// (altered or not ours) or `wrong_path`.
fn invalid(reason: &str, message: &str) -> ApiError {
    ApiError::new(ErrorCode::DownloadLinkInvalid, format!("{message}; ask for a new one"))
        .with_details(serde_json::json!({ "reason": reason }))
}

/// The query string without the token, in its original order and encoding.
pub fn query_without_token(query: &str) -> String {
    query
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(TOKEN_PARAMETER))
        .collect::<Vec<_>>()
        .join("&")
}

/// An export's filters: the query string read as `T`, the token aside (the filters refuse
/// unknown fields). Named `Query` like actix's own because utoipa tells query parameters by that
/// name in a handler's signature, so the exports' filters are documented like the lists'.
pub struct Query<T>(pub T);

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(
            web::Query::<T>::from_query(&query_without_token(req.query_string()))
                .map(|query| Query(query.into_inner()))
                .map_err(|error| ApiError::malformed(format!("bad query string: {error}"))),
        )
    }
}

/// The path and query a request names, the token aside: what a link must be bound to.
fn presented_path(req: &HttpRequest) -> String {
    let query = query_without_token(req.query_string());
    if query.is_empty() { req.path().to_owned() } else { format!("{}?{query}", req.path()) }
}

/// Who downloads an export: an admin by bearer token, or the holder of a download link.
pub struct Exporter {
    pub id: Uuid,
    pub username: String,
    /// An API key with the `export` scope (never for the audit trail).
    pub by_key: bool,
}

impl FromRequest for Exporter {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let token = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
            .ok()
            .and_then(|pairs| pairs.into_inner().into_iter().find(|(name, _)| name == TOKEN_PARAMETER))
            .map(|(_, value)| value);
        let bearer = req.headers().contains_key(header::AUTHORIZATION);
        if super::api_key::presented(req).is_some() {
            let key = Authenticated::<Anyone, scope::Export>::from_request(req, payload);
            return Box::pin(async move {
                let key = key.await?;
                Ok(Exporter { id: key.id(), username: key.claims.username, by_key: true })
            });
        }
        match token {
            Some(token) if !bearer => {
                let req = req.clone();
                Box::pin(async move { by_link(&req, &token).await })
            }
            _ => {
                let admin = Authenticated::<AdminOnly>::from_request(req, payload);
                Box::pin(async move {
                    let admin = admin.await?;
                    Ok(Exporter { id: admin.id(), username: admin.claims.username, by_key: false })
                })
            }
        }
    }
}

async fn by_link(req: &HttpRequest, token: &str) -> Result<Exporter, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("AppState missing from app data")))?;
    let claims = state.download_links.verify(token)?;
    if claims.path != presented_path(req) {
        return Err(invalid("wrong_path", "this download link is for another export"));
    }
    // As for an access token: rights taken away since the link was made end it.
    if !state.revocation.is_current(&state.pool, claims.sub, claims.ver).await? {
        return Err(ApiError::unauthorized("this link's user was changed, removed or signed out; sign in again"));
    }
    let holder = storage::download_link::holder(&state.pool, claims.sub)
        .await?
        .ok_or_else(|| ApiError::unauthorized("this link's user no longer exists"))?;
    if holder.locked {
        return Err(ApiError::new(ErrorCode::AccountLocked, "this account is locked after repeated failed sign-ins"));
    }
    if holder.role != "admin" {
        return Err(ApiError::forbidden("only an admin may do this"));
    }
    if let Some(wait) = state.rate_limits.check_user(claims.sub).await {
        return Err(crate::rate_limit::refusal(wait));
    }
    let expires_at = DateTime::from_timestamp(claims.exp, 0).unwrap_or_else(Utc::now);
    if !storage::download_link::spend(&state.pool, claims.jti, claims.sub, expires_at).await? {
        return Err(invalid("used", "this download link was used already"));
    }
    Ok(Exporter { id: claims.sub, username: holder.username, by_key: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_taken_out_of_the_query_and_nothing_else() {
        assert_eq!(query_without_token("action=login&download_token=abc.def"), "action=login");
        assert_eq!(
            query_without_token("download_token=x&from=2026-01-01T00%3A00%3A00Z"),
            "from=2026-01-01T00%3A00%3A00Z"
        );
        assert_eq!(query_without_token("download_token=x"), "");
        assert_eq!(query_without_token("download_tokens=x&a=1"), "download_tokens=x&a=1");
    }

    #[test]
    fn a_link_token_is_bound_to_its_key_and_lifetime() {
        let keys =
            DownloadKeys::new(&SecretString::from("a-secret-of-at-least-32-bytes-long!"), Duration::from_secs(60));
        let (token, _) = keys.issue(Uuid::new_v4(), 3, "/api/v1/exports/bags.csv").unwrap();
        assert_eq!(keys.verify(&token).unwrap().path, "/api/v1/exports/bags.csv");
        let other =
            DownloadKeys::new(&SecretString::from("another-secret-of-at-least-32-bytes"), Duration::from_secs(60));
        assert_eq!(other.verify(&token).unwrap_err().code, ErrorCode::DownloadLinkInvalid);
        let expired = DownloadKeys::new(&SecretString::from("a-secret-of-at-least-32-bytes-long!"), Duration::ZERO);
        let (token, _) = expired.issue(Uuid::new_v4(), 3, "/x").unwrap();
        std::thread::sleep(Duration::from_millis(1100));
        let error = expired.verify(&token).unwrap_err();
        assert_eq!(error.details.unwrap()["reason"], "expired");
    }
}
