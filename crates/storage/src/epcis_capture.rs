//! EPCIS capture's memory of the events it applied, by `eventID` (`epcis_captures`). The event
//! is claimed inside the transaction that applies it, so "applied" and "remembered" are one fact:
//! a repeat either finds the earlier capture or finds that nothing was applied.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::StorageResult;

/// An event about to be applied.
#[derive(Debug, Clone)]
pub struct NewCapture<'a> {
    pub event_id: &'a str,
    /// `ADD` or `DELETE`.
    pub action: &'a str,
    pub parent_qr: &'a str,
    pub child_qrs: &'a [String],
    pub captured_by: Uuid,
    pub request_id: Option<&'a str>,
}

/// An event captured before.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Capture {
    pub event_id: String,
    pub action: String,
    pub parent_qr: String,
    pub child_qrs: Vec<String>,
    pub captured_at: DateTime<Utc>,
}

pub enum Claim {
    /// First capture of this eventID: apply it in this transaction.
    Fresh { captured_at: DateTime<Utc> },
    /// Captured before (committed): apply nothing.
    Captured(Capture),
}

/// Claims `capture.event_id` for `capture.captured_by` (ids are each caller's own). A parallel
/// claim of the same id by the same caller waits on the unique index until this transaction
/// ends, then finds it captured (commit) or claims it itself (rollback).
pub async fn claim(conn: &mut PgConnection, capture: &NewCapture<'_>) -> StorageResult<Claim> {
    let fresh: Option<(DateTime<Utc>,)> = sqlx::query_as(
        "insert into epcis_captures (event_id, action, parent_qr, child_qrs, captured_by, request_id)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (captured_by, event_id) do nothing
         returning captured_at",
    )
    .bind(capture.event_id)
    .bind(capture.action)
    .bind(capture.parent_qr)
    .bind(capture.child_qrs)
    .bind(capture.captured_by)
    .bind(capture.request_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((captured_at,)) = fresh {
        return Ok(Claim::Fresh { captured_at });
    }
    let earlier = sqlx::query_as(
        "select event_id, action, parent_qr, child_qrs, captured_at from epcis_captures
         where captured_by = $1 and event_id = $2",
    )
    .bind(capture.captured_by)
    .bind(capture.event_id)
    .fetch_one(conn)
    .await?;
    Ok(Claim::Captured(earlier))
}
