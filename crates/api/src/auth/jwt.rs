use std::time::Duration;

use chrono::Utc;
use domain::Role;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::ApiError;

/// What an access token says about its bearer. Verified by signature, then checked against the
/// user's current `auth_version` (`revocation.rs`), so taking rights away takes effect at once.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: Uuid,
    pub username: String,
    pub role: Role,
    pub area: Option<String>,
    /// The sign-in session (refresh-token family) the token was issued for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<Uuid>,
    /// The user's `auth_version` when issued; the token stands only while it is current.
    #[serde(default)]
    pub ver: i64,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
}

/// Signs and checks access tokens: HS256 only (so `alg: none` and algorithm swaps fail),
/// `exp`, `iat`, `nbf` and `sub` required, a small leeway for clock skew.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub access_ttl: Duration,
}

const LEEWAY_SECONDS: u64 = 30;

impl TokenKeys {
    pub fn new(secret: &SecretString, access_ttl: Duration) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_required_spec_claims(&["exp", "iat", "nbf", "sub"]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECONDS;
        Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
            access_ttl,
        }
    }

    pub fn issue(
        &self,
        sub: Uuid,
        username: &str,
        role: Role,
        area: Option<&str>,
        session: Uuid,
        version: i64,
    ) -> Result<String, ApiError> {
        let now = Utc::now().timestamp();
        let claims = AccessClaims {
            sub,
            username: username.to_owned(),
            role,
            area: area.map(str::to_owned),
            sid: Some(session),
            ver: version,
            iat: now,
            nbf: now,
            exp: now + self.access_ttl.as_secs() as i64,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(ApiError::internal)
    }

    pub fn verify(&self, token: &str) -> Result<AccessClaims, ApiError> {
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation).map_err(|error| {
            tracing::debug!(%error, "access token refused");
            ApiError::unauthorized("the access token is invalid or expired")
        })?;
        // jsonwebtoken does not check `iat`; a token issued in the future was not issued by us.
        if data.claims.iat > Utc::now().timestamp() + LEEWAY_SECONDS as i64 {
            return Err(ApiError::unauthorized("the access token is invalid or expired"));
        }
        Ok(data.claims)
    }
}
