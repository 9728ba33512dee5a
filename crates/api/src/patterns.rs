//! The parent types' QR patterns, compiled once and refreshed every few seconds (or at once
//! after a type is added here), so classifying a scan costs no database round trip.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use domain::identifier::ParentPattern;
use sqlx::PgPool;

use crate::error::{ApiError, ApiResult};

const REFRESH: Duration = Duration::from_secs(30);

#[derive(Default)]
pub struct ParentPatterns {
    loaded: RwLock<Option<(Instant, Arc<Vec<ParentPattern>>)>>,
}

impl ParentPatterns {
    pub async fn get(&self, pool: &PgPool) -> ApiResult<Arc<Vec<ParentPattern>>> {
        if let Ok(guard) = self.loaded.read()
            && let Some((at, patterns)) = guard.as_ref()
            && at.elapsed() < REFRESH
        {
            return Ok(patterns.clone());
        }
        let types = storage::parent_type::list(pool).await?;
        let patterns: Vec<ParentPattern> = types
            .iter()
            .filter_map(|t| match ParentPattern::new(&t.code, &t.qr_pattern) {
                Ok(pattern) => Some(pattern),
                Err(error) => {
                    tracing::error!(code = %t.code, %error, "stored parent type pattern does not compile; ignored");
                    None
                }
            })
            .collect();
        let patterns = Arc::new(patterns);
        let mut guard =
            self.loaded.write().map_err(|_| ApiError::internal(anyhow::anyhow!("patterns lock poisoned")))?;
        *guard = Some((Instant::now(), patterns.clone()));
        Ok(patterns)
    }

    pub fn invalidate(&self) {
        if let Ok(mut guard) = self.loaded.write() {
            *guard = None;
        }
    }
}
