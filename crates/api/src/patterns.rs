//! The parent types' QR patterns, compiled once and kept until a type changes: the database
//! announces every change of `parent_types` to every instance (`storage::config_changes`), and
//! this instance also drops its copy right after its own change. A reload every 30 s bounds the
//! harm of an announcement lost in a way the listener could not notice.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use domain::identifier::ParentPattern;
use sqlx::PgPool;

use crate::error::{ApiError, ApiResult};

const REFRESH: Duration = Duration::from_secs(30);

#[derive(Default)]
pub struct ParentPatterns {
    loaded: RwLock<Option<(Instant, Arc<Vec<ParentPattern>>)>>,
    /// Counts invalidations, so a load that raced with one is used once but not kept.
    changes: AtomicU64,
}

impl ParentPatterns {
    /// Live types first, then retired ones: a QR matching both is a new parent of the live type,
    /// while the retired type's existing parents (which only it matches) still parse.
    pub async fn get(&self, pool: &PgPool) -> ApiResult<Arc<Vec<ParentPattern>>> {
        if let Ok(guard) = self.loaded.read()
            && let Some((at, patterns)) = guard.as_ref()
            && at.elapsed() < REFRESH
        {
            return Ok(patterns.clone());
        }
        let seen = self.changes.load(Ordering::Acquire);
        let mut types = storage::parent_type::list(pool).await?;
        types.sort_by_key(|t| t.retired_at.is_some());
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
        if self.changes.load(Ordering::Acquire) == seen {
            *guard = Some((Instant::now(), patterns.clone()));
        }
        Ok(patterns)
    }

    pub fn invalidate(&self) {
        self.changes.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut guard) = self.loaded.write() {
            *guard = None;
        }
    }
}
