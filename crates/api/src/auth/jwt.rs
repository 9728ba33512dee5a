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
///
/// A token that passed is remembered, by its whole text, until it expires: the same client sends
/// the same token on every request, and looking it up costs a hash of its text where checking it
/// costs base64, HMAC-SHA-256 and two JSON documents (~9 % of `GET /stats`, loadtest/NOTES.md).
/// Only tokens that passed are kept, so refused ones cannot fill the cache, and a remembered token
/// is still refused once it expires. Revocation is checked per request after this, either way.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    verified: moka::sync::Cache<Box<str>, AccessClaims>,
    pub access_ttl: Duration,
}

const LEEWAY_SECONDS: u64 = 30;

/// Tokens remembered at once: more than a site's signed-in devices, a few MB at most.
const VERIFIED_CAPACITY: u64 = 20_000;

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
            // An entry outlives no token: none is issued for longer than `access_ttl`.
            verified: moka::sync::Cache::builder()
                .max_capacity(VERIFIED_CAPACITY)
                .time_to_live(access_ttl + Duration::from_secs(LEEWAY_SECONDS))
                .build(),
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
        self.verify_at(token, Utc::now().timestamp())
    }

    fn verify_at(&self, token: &str, now: i64) -> Result<AccessClaims, ApiError> {
        if let Some(claims) = self.verified.get(token) {
            if claims.exp + (LEEWAY_SECONDS as i64) < now {
                self.verified.invalidate(token);
                return Err(refused());
            }
            return Ok(claims);
        }
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation).map_err(|error| {
            tracing::debug!(%error, "access token refused");
            refused()
        })?;
        // jsonwebtoken does not check `iat`; a token issued in the future was not issued by us.
        if data.claims.iat > now + LEEWAY_SECONDS as i64 {
            return Err(refused());
        }
        self.verified.insert(token.into(), data.claims.clone());
        Ok(data.claims)
    }
}

fn refused() -> ApiError {
    ApiError::unauthorized("the access token is invalid or expired")
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(&SecretString::from("a test secret of thirty-two bytes!"), Duration::from_secs(900))
    }

    fn token(keys: &TokenKeys, role: Role) -> String {
        keys.issue(Uuid::new_v4(), "asha", role, Some("lucknow"), Uuid::new_v4(), 3).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn a_remembered_token_is_refused_once_it_expires() {
        let keys = keys();
        let token = token(&keys, Role::Dispatcher);
        let now = Utc::now().timestamp();
        let claims = keys.verify_at(&token, now).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(keys.verify_at(&token, now + 1).map(|c| c.sub).ok(), Some(claims.sub), "remembered");
        let after_expiry = claims.exp + LEEWAY_SECONDS as i64 + 1;
        assert!(keys.verify_at(&token, after_expiry).is_err());
        assert_eq!(keys.verified.get(token.as_str()).map(|c| c.sub), None, "forgotten once expired");
    }

    #[test]
    fn a_remembered_signature_does_not_vouch_for_another_payload() {
        let keys = keys();
        let token = token(&keys, Role::Dispatcher);
        keys.verify(&token).unwrap_or_else(|e| panic!("{e:?}"));
        let [header, payload, signature] = token.split('.').collect::<Vec<_>>()[..] else { panic!("{token}") };
        let mut claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap_or_else(|e| panic!("{e}")))
                .unwrap_or_else(|e| panic!("{e}"));
        claims["role"] = serde_json::json!("admin");
        let forged = format!("{header}.{}.{signature}", URL_SAFE_NO_PAD.encode(claims.to_string()));
        assert!(keys.verify(&forged).is_err());
        assert!(keys.verify(&format!("{token} ")).is_err(), "only the exact text is remembered");
        keys.verified.run_pending_tasks();
        assert_eq!(keys.verified.entry_count(), 1, "refused tokens are not kept");
    }

    #[test]
    fn a_token_of_another_secret_is_refused() {
        let ours = keys();
        let theirs = TokenKeys::new(&SecretString::from("another secret, also thirty-two!!"), Duration::from_secs(900));
        assert!(ours.verify(&token(&theirs, Role::Admin)).is_err());
    }
}
