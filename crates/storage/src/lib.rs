//! TraceTrack's persistence: PostgreSQL through sqlx, and a short-lived cache that is Redis when
//! configured and in-process otherwise. Functions take a `&mut PgConnection` (or the pool for
//! single statements) so the caller owns the transaction. Knows SQL, not HTTP.

pub mod api_key;
pub mod area;
pub mod audit;
pub mod auth_changes;
pub mod bag;
pub mod bill;
pub mod bill_load;
pub mod cache;
pub mod config_changes;
pub mod counter;
pub mod db;
pub mod download_link;
pub mod epcis;
pub mod epcis_capture;
pub mod error;
pub mod event;
pub mod idempotency;
pub mod import;
pub mod list_sql;
pub mod live;
pub mod parent_type;
pub mod refresh_token;
pub mod return_ticket;
pub mod scan;
pub mod seed;
pub mod stats;
pub mod totp;
pub mod user;
pub mod webhook;

pub use cache::Cache;
pub use db::{MIGRATOR, connect};
pub use error::{StorageError, WriteError, WriteResult};
