//! Writes recorded in the audit trail (SPEC §7), inside the write's own transaction so an entry
//! exists exactly when the change does: who, what, when, the request id, the anonymised client
//! address, and the record before and after as the API shows it.
//!
//! Scans are the one kind of write kept out of it: each already writes an event with the same
//! facts (actor, time, bag, parent, area, device, idempotency key, request id), and a second
//! index-heavy row per scan would cost the busiest path for nothing the events lack.

use actix_web::HttpRequest;
use serde::Serialize;
use serde_json::Value;
use sqlx::PgConnection;
use storage::audit;

use crate::auth::Authenticated;
use crate::auth::extractor::{RoleRequirement, ScopeRequirement};
use crate::client;
use crate::error::ApiResult;

/// What was changed: the kind of record and its public id (bill id, return code, …).
pub struct Target<'a>(pub &'a str, pub &'a str);

pub async fn record<R: RoleRequirement, S: ScopeRequirement>(
    conn: &mut PgConnection,
    req: &HttpRequest,
    caller: &Authenticated<R, S>,
    action: &str,
    target: Target<'_>,
    before: Option<Value>,
    after: Option<Value>,
) -> ApiResult<()> {
    let mut entry = client::audit_entry(req, Some((caller.id(), &caller.claims.username)), action);
    entry.target_kind = Some(target.0.to_owned());
    entry.target_id = Some(target.1.to_owned());
    entry.before = before;
    entry.after = after;
    audit::record(conn, entry).await?;
    Ok(())
}

/// A record as the API shows it, for `before` and `after`.
pub fn snapshot(value: &impl Serialize) -> Option<Value> {
    serde_json::to_value(value).ok()
}
