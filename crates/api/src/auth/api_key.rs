//! API keys: `tt_` and 43 characters of base64url (256 random bits). Only the SHA-256 of a key
//! is stored; a slow hash would buy nothing against a secret this long and would cost every
//! request. A key is checked per request against an in-process copy of its row (a minute at
//! most), and its user's `auth_version` against the revocation cache, which the database's
//! announcement empties at once on every instance when a key is revoked or rotated.

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::HttpRequest;
use actix_web::http::header;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use domain::Role;
use domain::integration::Scope;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use storage::api_key::KeyPrincipal;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

pub const PREFIX: &str = "tt_";
/// How much of a key an admin sees in lists (`tt_` and six characters).
const SHOWN: usize = 9;

/// A new key: the secret (shown once), what an admin sees of it, and what is stored.
pub struct NewSecret {
    pub secret: String,
    pub prefix: String,
    pub hash: Vec<u8>,
}

pub fn generate() -> NewSecret {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    NewSecret { prefix: secret[..SHOWN].to_owned(), hash: digest(&secret), secret }
}

pub fn digest(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// The key a request presents, if it presents one: `X-Api-Key: tt_…` or
/// `Authorization: Bearer tt_…` (a JWT never starts with `tt_`).
pub fn presented(req: &HttpRequest) -> Option<String> {
    // A constant name: `get("x-api-key")` would parse and lower-case the name on every request.
    const X_API_KEY: header::HeaderName = header::HeaderName::from_static("x-api-key");
    if let Some(value) = req.headers().get(X_API_KEY) {
        return Some(value.to_str().unwrap_or_default().trim().to_owned());
    }
    let bearer = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = bearer.strip_prefix("Bearer ").or_else(|| bearer.strip_prefix("bearer "))?.trim();
    token.starts_with(PREFIX).then(|| token.to_owned())
}

/// A key as a request acts with it.
#[derive(Debug, Clone)]
pub struct Principal {
    pub id: Uuid,
    pub username: String,
    pub role: Role,
    pub area: Option<String>,
    pub scopes: Vec<Scope>,
    pub rate_limit: Option<u64>,
    pub version: i64,
}

impl TryFrom<KeyPrincipal> for Principal {
    type Error = ApiError;

    fn try_from(row: KeyPrincipal) -> Result<Self, ApiError> {
        let role = Role::parse(&row.role)
            .ok_or_else(|| ApiError::internal(anyhow::anyhow!("key {} has role {:?}", row.id, row.role)))?;
        Ok(Self {
            id: row.id,
            username: row.username,
            role,
            area: row.area,
            scopes: row.scopes.iter().filter_map(|s| Scope::parse(s)).collect(),
            rate_limit: row.rate_limit.and_then(|n| u64::try_from(n).ok()),
            version: row.auth_version,
        })
    }
}

pub struct ApiKeys {
    /// By the key's SHA-256; `None` remembers an unknown key for a moment, so a client retrying
    /// a wrong key does not reach the database every time.
    known: moka::sync::Cache<Vec<u8>, Option<Arc<Principal>>>,
    /// When this instance last wrote each key's `last_used_at`.
    touched: moka::sync::Cache<Uuid, Instant>,
}

impl Default for ApiKeys {
    fn default() -> Self {
        Self {
            known: moka::sync::Cache::builder().max_capacity(10_000).time_to_live(Duration::from_secs(60)).build(),
            touched: moka::sync::Cache::builder().max_capacity(10_000).time_to_live(TOUCH_EVERY).build(),
        }
    }
}

const TOUCH_EVERY: Duration = Duration::from_secs(60);

impl ApiKeys {
    /// The key's principal; 401 for an unknown, revoked or rotated-away key.
    pub async fn verify(
        &self,
        pool: &PgPool,
        revocation: &super::revocation::Revocation,
        secret: &str,
    ) -> ApiResult<Arc<Principal>> {
        let refused = || ApiError::unauthorized("the API key is not valid (unknown, revoked or replaced)");
        if !secret.starts_with(PREFIX) || secret.len() > 100 {
            return Err(refused());
        }
        let hash = digest(secret);
        let cached = match self.known.get(&hash) {
            Some(None) => return Err(refused()),
            Some(Some(principal)) if revocation.is_current(pool, principal.id, principal.version).await? => {
                Some(principal)
            }
            // Unknown here, or its user changed (revoked, rotated, its area renamed): read again.
            _ => None,
        };
        let principal = match cached {
            Some(principal) => principal,
            None => {
                let row = storage::api_key::principal(pool, &hash).await?;
                let principal = row.map(Principal::try_from).transpose()?.map(Arc::new);
                self.known.insert(hash, principal.clone());
                let principal = principal.ok_or_else(refused)?;
                if !revocation.is_current(pool, principal.id, principal.version).await? {
                    return Err(refused());
                }
                principal
            }
        };
        self.mark_used(pool, principal.id);
        Ok(principal)
    }

    /// Writes `last_used_at` in the background, at most once a minute per key on this instance.
    fn mark_used(&self, pool: &PgPool, id: Uuid) {
        if self.touched.contains_key(&id) {
            return;
        }
        self.touched.insert(id, Instant::now());
        let pool = pool.clone();
        actix_web::rt::spawn(async move {
            if let Err(error) = storage::api_key::touch(&pool, &[id]).await {
                tracing::warn!(%error, key = %id, "could not record that an API key was used");
            }
        });
    }
}
