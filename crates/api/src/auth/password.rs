use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane). Each hash takes a blocking
/// thread for ~18 ms, so at most one per core runs at a time: a burst of logins queues here
/// instead of starving the async workers or the blocking pool.
#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    /// Verified against when the user does not exist, so both answers take the same time.
    dummy_hash: Arc<str>,
}

fn argon2() -> Argon2<'static> {
    // Params::new only fails for out-of-range values; these are the documented defaults.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> Result<String, argon2::password_hash::Error> {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    let salt = SaltString::encode_b64(&bytes)?;
    Ok(argon2().hash_password(password.as_bytes(), &salt)?.to_string())
}

impl PasswordHasher {
    pub fn new(parallelism: usize) -> Result<Self, argon2::password_hash::Error> {
        let dummy = hash_now("dummy password that no account has")?;
        Ok(Self { permits: Arc::new(Semaphore::new(parallelism.max(1))), dummy_hash: Arc::from(dummy) })
    }

    pub async fn hash(&self, password: &domain::Password) -> Result<String, ApiError> {
        let password = password.expose().to_owned();
        self.run(move || hash_now(&password).map_err(ApiError::internal)).await?
    }

    /// `hash` is `None` for an unknown user: the dummy is verified instead and `false` returned.
    pub async fn verify(&self, candidate: String, hash: Option<String>) -> Result<bool, ApiError> {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy_hash.to_string());
        let matches = self
            .run(move || {
                PasswordHash::new(&hash)
                    .map(|parsed| argon2().verify_password(candidate.as_bytes(), &parsed).is_ok())
                    .unwrap_or(false)
            })
            .await?;
        Ok(known && matches)
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        let _permit = self.permits.acquire().await.map_err(ApiError::internal)?;
        tokio::task::spawn_blocking(work).await.map_err(ApiError::internal)
    }
}
