use actix_web::web;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use storage::audit::{self, AuditFilter, AuditRecord};
use uuid::Uuid;

use crate::auth::{AdminOnly, Authenticated};
use crate::error::{ApiResult, Problem};
use crate::pagination;
use crate::state::AppState;

/// One audited action: who, what, when, from where, and the record before and after.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"id": 12, "occurred_at": "2026-11-28T09:00:00Z", "actor_id": null,
    "actor_username": "admin", "action": "user_updated", "target_kind": "user", "target_id": "0193…",
    "request_id": "6f1c…", "client_addr": "203.0.113.0", "before": {"role": "dispatcher"}, "after": {"role": "biller"}}))]
pub struct AuditEntry {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_username: Option<String>,
    /// e.g. `login`, `login_failed`, `password_changed`, `user_created`, `user_updated`, `user_deleted`,
    /// `user_unlocked`, `parent_type_created`, `bag_deleted`, `bill_deleted`, `bags_imported`, `bills_imported`.
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub request_id: Option<String>,
    /// The client's network, host part zeroed.
    pub client_addr: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

impl From<AuditRecord> for AuditEntry {
    fn from(r: AuditRecord) -> Self {
        Self {
            id: r.id,
            occurred_at: r.occurred_at,
            actor_id: r.actor_id,
            actor_username: r.actor_username,
            action: r.action,
            target_kind: r.target_kind,
            target_id: r.target_id,
            request_id: r.request_id,
            client_addr: r.client_addr,
            before: r.before,
            after: r.after,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    #[param(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$", example = "login")]
    pub action: Option<String>,
    /// Actions by this user (id).
    pub actor: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    #[param(minimum = 1, maximum = 500, example = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page: where the next page starts.
    #[param(min_length = 1, max_length = 18, pattern = r"^[1-9][0-9]{0,17}$")]
    pub cursor: Option<String>,
}

/// The audit trail, newest first (admin).
///
/// Admins only. Every write but a scan: who, what, when, the request id, the client's network and the
/// record before and after. Filters by `action`, `actor` and dates; pages hold `limit` entries (1–500,
/// default 50), and the answer's `next_cursor` goes back as `cursor` for the next page.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery), security(("bearer" = [])),
    responses(
    (status = 200, body = AuditPage),
    (status = 400, description = "Bad query string or cursor", body = Problem),
    (status = 403, description = "Not an admin", body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    _admin: Authenticated<AdminOnly>,
    query: web::Query<AuditQuery>,
) -> ApiResult<web::Json<AuditPage>> {
    let limit = pagination::limit(query.limit)?;
    let before = query.cursor.as_deref().map(pagination::decode_id).transpose()?;
    let filter = AuditFilter { action: query.action.as_deref(), actor_id: query.actor, from: query.from, to: query.to };
    let mut rows = audit::list(&state.reads, filter, before, limit + 1).await?;
    let next_cursor = pagination::next_id_cursor(&mut rows, limit, |r| r.id);
    Ok(web::Json(AuditPage { items: rows.into_iter().map(AuditEntry::from).collect(), next_cursor }))
}
