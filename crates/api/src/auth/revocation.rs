//! Is an access token still good? A token names its user's `auth_version` when issued; the
//! database bumps that version whenever the user is deleted, demoted, moved to another area,
//! changes password, turns on a second factor or signs out. A token whose version is not the
//! current one is refused (401): its holder refreshes and gets the rights the user has now.
//!
//! The check is a hash lookup per request: versions are cached in process, dropped at once when
//! the database announces a change (LISTEN/NOTIFY reaches every instance, with or without Redis),
//! and read from PostgreSQL only on a miss.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::PgPool;
use storage::auth_changes::AuthChange;
use uuid::Uuid;

use crate::error::ApiResult;

/// `None` in the cache: the user no longer exists.
type Version = Option<i64>;

pub struct Revocation {
    versions: moka::sync::Cache<Uuid, Version>,
    /// Counts announcements, so a read from the database that raced with one is not cached.
    changes: AtomicU64,
}

impl Default for Revocation {
    fn default() -> Self {
        // The time to live only bounds the harm of an announcement lost in a way the listener
        // could not notice; normally entries are dropped when announced.
        let versions =
            moka::sync::Cache::builder().max_capacity(200_000).time_to_live(Duration::from_secs(300)).build();
        Self { versions, changes: AtomicU64::new(0) }
    }
}

impl Revocation {
    /// Whether a token issued at `version` for `user` still stands.
    pub async fn is_current(&self, pool: &PgPool, user: Uuid, version: i64) -> ApiResult<bool> {
        if let Some(current) = self.versions.get(&user) {
            return Ok(current == Some(version));
        }
        let seen = self.changes.load(Ordering::Acquire);
        let current = storage::user::auth_version(pool, user).await?;
        if self.changes.load(Ordering::Acquire) == seen {
            self.versions.insert(user, current);
        }
        Ok(current == Some(version))
    }

    /// Applies an announcement from the database (or this process's own change).
    pub fn heard(&self, change: AuthChange) {
        self.changes.fetch_add(1, Ordering::AcqRel);
        match change {
            AuthChange::User(user) => self.versions.invalidate(&user),
            AuthChange::Unknown => self.versions.invalidate_all(),
        }
    }
}
