//! Webhook subscriptions (issue 18): admins subscribe a URL to event types, read each
//! subscription's delivery log and send a delivery again. Messages, their signatures and the
//! retry schedule are described on `WebhookMessage` and in `server/src/webhook_delivery.rs`.

use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use domain::integration::{self, WebhookEvent};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::PgConnection;
use storage::webhook::{self, DeliveryRecord, NewSubscription, SubscriptionChanges, SubscriptionRecord};
use uuid::Uuid;

use crate::audit_trail::{self, Target, snapshot};
use crate::auth::{AdminOnly, Authenticated};
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use crate::transaction;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://erp.example.com/hooks/tracetrack", "events": ["bill.completed", "return.finalized"]}))]
pub struct CreateWebhook {
    /// Where messages are POSTed: `https://` to a public address. Plain `http://` only to this
    /// machine and this machine only in development; private networks only where the site allows
    /// them (`TRACETRACK_WEBHOOK_ALLOW_PRIVATE`); link-local (cloud metadata) and other special
    /// addresses never. A name is resolved again at every delivery and the same rule applied to
    /// each address. No user name, password or fragment.
    #[schema(min_length = 8, max_length = 2000, pattern = r"^[Hh][Tt][Tt][Pp][Ss]?://\S+$")]
    pub url: String,
    #[schema(min_items = 1, max_items = 10)]
    pub events: Vec<WebhookEvent>,
    #[schema(max_length = 200, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    #[serde(default)]
    pub description: String,
}

/// Fields to change; an absent field keeps its value. `enabled: true` turns a subscription that
/// was disabled after persistent failure back on (its given-up deliveries stay given up; send
/// them again one by one).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"enabled": true}))]
pub struct UpdateWebhook {
    #[schema(min_length = 8, max_length = 2000, pattern = r"^[Hh][Tt][Tt][Pp][Ss]?://\S+$")]
    pub url: Option<String>,
    #[schema(min_items = 1, max_items = 10)]
    pub events: Option<Vec<WebhookEvent>>,
    #[schema(max_length = 200, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub description: Option<String>,
    pub enabled: Option<bool>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"id": "8d2e4f60-1a3b-4c5d-9e7f-0a1b2c3d4e5f", "url": "https://erp.example.com/hooks/tracetrack",
    "events": ["bill.completed", "return.finalized"], "description": "ERP", "enabled": true, "disabled_reason": null,
    "created_by": "0b6f3c1e-7a52-4d8e-b1c9-3e5d7f9a2c41", "created_at": "2026-11-30T09:00:00Z", "pending": 0, "failed": 0,
    "last_delivered_at": "2026-11-30T10:15:02Z"}))]
pub struct Webhook {
    pub id: Uuid,
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub description: String,
    /// `false` once disabled by an admin or after persistent failure (`disabled_reason`).
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    /// Deliveries waiting for their next attempt.
    pub pending: i64,
    /// Deliveries given up after the whole retry schedule.
    pub failed: i64,
    pub last_delivered_at: Option<DateTime<Utc>>,
}

impl From<SubscriptionRecord> for Webhook {
    fn from(row: SubscriptionRecord) -> Self {
        Self {
            id: row.id,
            url: row.url,
            events: row.events.iter().filter_map(|e| WebhookEvent::parse(e)).collect(),
            description: row.description,
            enabled: row.enabled,
            disabled_reason: row.disabled_reason,
            created_by: row.created_by,
            created_at: row.created_at,
            pending: row.pending,
            failed: row.failed,
            last_delivered_at: row.last_delivered_at,
        }
    }
}

/// A subscription with its signing secret: answered once, on creation.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedWebhook {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// `whsec_` and the base64 of 32 random bytes. Verify a message by computing
    /// HMAC-SHA256, keyed with the base64-decoded part after `whsec_`, over
    /// `<webhook-id>.<webhook-timestamp>.<body>` and comparing its base64 with the `v1,` value
    /// of `webhook-signature` (Standard Webhooks). Shown this once.
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3u1b2c3d4e5=")]
    pub secret: String,
}

/// What a receiver gets: `POST` with `content-type: application/json`, headers `webhook-id`
/// (the same on every attempt: deduplicate on it), `webhook-timestamp` (Unix seconds of this
/// attempt; refuse old ones) and `webhook-signature` (`v1,<base64 HMAC-SHA256>`). Answer any
/// 2xx within 10 seconds; anything else is retried after 5 s, 30 s, 2 min, 10 min, 30 min, 1 h,
/// 2 h, 4 h, 8 h and 10 h, then the subscription is disabled. 410 Gone disables it at once.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"type": "bill.completed", "timestamp": "2026-11-30T10:15:02.118000Z",
    "data": {"event_id": 81234, "kind": "bill_completed", "bill_id": "RJ14-2291", "actor": "priya", "details": {}}}))]
pub struct WebhookMessage {
    #[serde(rename = "type")]
    pub kind: WebhookEvent,
    /// When the change happened (UTC).
    pub timestamp: String,
    pub data: WebhookData,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WebhookData {
    /// The history event's id (`GET /api/v1/events`).
    pub event_id: i64,
    /// The history event's kind, e.g. `bill_completed`, `bags_imported`.
    pub kind: String,
    pub area: Option<String>,
    pub bag_qr: Option<String>,
    pub parent_qr: Option<String>,
    pub bill_id: Option<String>,
    pub return_code: Option<String>,
    /// Who made the change (a user name, or an API key's `acts_as`).
    pub actor: Option<String>,
    /// The history event's details (counts, before/after).
    pub details: Value,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"id": 812, "message_id": "msg_81234", "type": "bill.completed", "occurred_at": "2026-11-30T10:15:02Z",
    "state": "delivered", "attempts": 2, "next_attempt_at": null, "last_attempt_at": "2026-11-30T10:15:08Z",
    "last_status": 200, "last_error": null, "last_response": "ok", "delivered_at": "2026-11-30T10:15:08Z",
    "payload": {"type": "bill.completed", "timestamp": "2026-11-30T10:15:02.118000Z",
                "data": {"event_id": 81234, "kind": "bill_completed", "bill_id": "RJ14-2291", "actor": "priya", "details": {}}}}))]
pub struct Delivery {
    pub id: i64,
    /// The message's `webhook-id`.
    pub message_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub occurred_at: DateTime<Utc>,
    /// `pending` (waiting for its next attempt), `delivered` or `failed` (given up).
    #[schema(example = "delivered")]
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// The receiver's last HTTP status, if it answered.
    pub last_status: Option<i16>,
    /// Why the last attempt failed, if it did without an answer (timeout, refused connection).
    pub last_error: Option<String>,
    /// The first 1,000 characters of the receiver's last answer.
    pub last_response: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
    #[schema(value_type = WebhookMessage)]
    pub payload: Value,
}

impl From<DeliveryRecord> for Delivery {
    fn from(row: DeliveryRecord) -> Self {
        Self {
            id: row.id,
            message_id: row.message_id,
            kind: row.r#type,
            occurred_at: row.occurred_at,
            state: row.state,
            attempts: row.attempts,
            next_attempt_at: row.next_attempt_at,
            last_attempt_at: row.last_attempt_at,
            last_status: row.last_status,
            last_error: row.last_error,
            last_response: row.last_response,
            delivered_at: row.delivered_at,
            payload: row.payload,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DeliveriesQuery {
    /// Only deliveries in this state.
    #[param(pattern = "^(pending|delivered|failed)$")]
    pub state: Option<String>,
    /// Deliveries older than this one (its `id`): the next page.
    #[param(minimum = 1)]
    pub before: Option<i64>,
    /// At most this many, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("whsec_{}", STANDARD.encode(bytes))
}

fn parse_description(raw: &str) -> Result<String, domain::ValidationError> {
    domain::text::check("description", raw.trim(), 200)?;
    Ok(raw.trim().to_owned())
}

/// Subscribe a URL to event types.
///
/// Admins only. Answers the subscription with its signing secret, once. From the moment it
/// exists, every change of a subscribed type is announced (`WebhookMessage`): written to an
/// outbox in the change's own transaction, so nothing that commits is missed and nothing
/// rolled back is sent. Written to the audit trail.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "integrations", request_body = CreateWebhook,
    security(("bearer" = [])), responses(
    (status = 201, body = CreatedWebhook),
    (status = 403, description = "Not an admin (or an API key)", body = Problem),
    (status = 422, description = "A field breaks a rule (e.g. a plain http:// URL in production)", body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    body: crate::extract::Json<CreateWebhook>,
) -> ApiResult<HttpResponse> {
    let url = integration::check_webhook_url(&body.url, state.webhook_reach);
    let events = integration::check_events(&body.events);
    let description = parse_description(&body.description);
    domain::ValidationError::collect([
        url.as_ref().map(|_| ()).map_err(Clone::clone),
        events.as_ref().map(|_| ()).map_err(Clone::clone),
        description.as_ref().map(|_| ()).map_err(Clone::clone),
    ])?;
    let (url, events, description) = (url?, events?, description?);
    let names: Vec<&str> = events.iter().map(|e| e.as_str()).collect();
    let secret = new_secret();
    let created = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let new = NewSubscription {
            url: url.as_str(),
            events: &names,
            description: &description,
            secret: &secret,
            created_by: admin.id(),
        };
        let created = Webhook::from(webhook::insert(&mut *tx, new).await?);
        let target = Target("webhook", &created.id.to_string());
        audit_trail::record(&mut *tx, &req, &admin, "webhook_created", target, None, snapshot(&created)).await?;
        Ok(created)
    })
    .await?;
    Ok(HttpResponse::Created().json(CreatedWebhook { webhook: created, secret }))
}

/// List webhook subscriptions.
///
/// Admins only; newest first, with each subscription's pending and given-up deliveries and when it
/// last received one. Secrets are never listed.
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "integrations", security(("bearer" = [])), responses(
    (status = 200, body = Vec<Webhook>),
    (status = 403, description = "Not an admin (or an API key)", body = Problem)))]
pub async fn list(state: web::Data<AppState>, _admin: Authenticated<AdminOnly>) -> ApiResult<web::Json<Vec<Webhook>>> {
    Ok(web::Json(webhook::list(&state.pool).await?.into_iter().map(Webhook::from).collect()))
}

/// Change, disable or enable a webhook subscription.
///
/// Admins only. Written to the audit trail with the subscription before and after.
#[utoipa::path(patch, path = "/api/v1/webhooks/{id}", tag = "integrations",
    params(("id" = Uuid, Path, description = "The subscription's id", example = "8d2e4f60-1a3b-4c5d-9e7f-0a1b2c3d4e5f")),
    request_body = UpdateWebhook, security(("bearer" = [])), responses(
    (status = 200, body = Webhook),
    (status = 403, description = "Not an admin (or an API key)", body = Problem),
    (status = 404, description = "No such subscription", body = Problem),
    (status = 422, description = "A field breaks a rule", body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    id: web::Path<Uuid>,
    body: crate::extract::Json<UpdateWebhook>,
) -> ApiResult<web::Json<Webhook>> {
    let id = id.into_inner();
    let url = body.url.as_deref().map(|u| integration::check_webhook_url(u, state.webhook_reach));
    let events = body.events.as_deref().map(integration::check_events);
    let description = body.description.as_deref().map(parse_description);
    domain::ValidationError::collect([
        url.clone().transpose().map(|_| ()),
        events.clone().transpose().map(|_| ()),
        description.clone().transpose().map(|_| ()),
    ])?;
    let url = url.transpose()?;
    let events = events.transpose()?;
    let description = description.transpose()?;
    let names: Option<Vec<&str>> = events.as_ref().map(|events| events.iter().map(|e| e.as_str()).collect());
    let updated = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let before = Webhook::from(webhook::find(&mut *tx, id).await.map_err(|e| not_found(e, id))?);
        let changes = SubscriptionChanges {
            url: url.as_ref().map(url::Url::as_str),
            events: names.as_deref(),
            description: description.as_deref(),
            enabled: body.enabled,
        };
        let after = Webhook::from(webhook::update(&mut *tx, id, changes).await?);
        let target = Target("webhook", &id.to_string());
        audit_trail::record(&mut *tx, &req, &admin, "webhook_updated", target, snapshot(&before), snapshot(&after))
            .await?;
        Ok(after)
    })
    .await?;
    Ok(web::Json(updated))
}

/// Delete a webhook subscription.
///
/// Admins only. Its pending deliveries are given up. Written to the audit trail.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "integrations",
    params(("id" = Uuid, Path, description = "The subscription's id", example = "8d2e4f60-1a3b-4c5d-9e7f-0a1b2c3d4e5f")),
    security(("bearer" = [])), responses(
    (status = 204, description = "Deleted"),
    (status = 403, description = "Not an admin (or an API key)", body = Problem),
    (status = 404, description = "No such subscription", body = Problem)))]
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let before = Webhook::from(webhook::find(&mut *tx, id).await.map_err(|e| not_found(e, id))?);
        webhook::delete(&mut *tx, id).await?;
        audit_trail::record(
            &mut *tx,
            &req,
            &admin,
            "webhook_deleted",
            Target("webhook", &id.to_string()),
            snapshot(&before),
            None,
        )
        .await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A subscription's delivery log.
///
/// Admins only. Newest first, with each delivery's state, attempts, the receiver's last status
/// and the start of its last answer.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "integrations",
    params(("id" = Uuid, Path, description = "The subscription's id", example = "8d2e4f60-1a3b-4c5d-9e7f-0a1b2c3d4e5f"), DeliveriesQuery),
    security(("bearer" = [])), responses(
    (status = 200, body = Vec<Delivery>),
    (status = 403, description = "Not an admin (or an API key)", body = Problem),
    (status = 404, description = "No such subscription", body = Problem),
    (status = 422, description = "A parameter breaks a rule", body = Problem)))]
pub async fn deliveries(
    state: web::Data<AppState>,
    _admin: Authenticated<AdminOnly>,
    id: web::Path<Uuid>,
    query: web::Query<DeliveriesQuery>,
) -> ApiResult<web::Json<Vec<Delivery>>> {
    let id = id.into_inner();
    let limit = query.limit.unwrap_or(50);
    let bad_state = query.state.as_deref().is_some_and(|s| !matches!(s, "pending" | "delivered" | "failed"));
    let bad_limit = !(1..=200).contains(&limit);
    let bad_before = query.before.is_some_and(|b| b < 1);
    domain::ValidationError::collect([
        if bad_state {
            Err(domain::ValidationError::field("state", "must be pending, delivered or failed"))
        } else {
            Ok(())
        },
        if bad_limit { Err(domain::ValidationError::field("limit", "must be 1–200")) } else { Ok(()) },
        if bad_before { Err(domain::ValidationError::field("before", "must be a delivery id")) } else { Ok(()) },
    ])?;
    webhook::find(&mut *state.pool.acquire().await?, id).await.map_err(|e| not_found(e, id))?;
    let rows = webhook::deliveries(&state.pool, id, query.state.as_deref(), query.before, limit).await?;
    Ok(web::Json(rows.into_iter().map(Delivery::from).collect()))
}

/// Send a delivery again.
///
/// Admins only. The delivery goes back to `pending` with a fresh retry schedule and is sent
/// within a second or so, with the same `webhook-id`. Written to the audit trail.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", tag = "integrations",
    params(("id" = Uuid, Path, description = "The subscription's id", example = "8d2e4f60-1a3b-4c5d-9e7f-0a1b2c3d4e5f"),
           ("delivery_id" = i64, Path, minimum = 1, description = "The delivery's id", example = 812)),
    security(("bearer" = [])), responses(
    (status = 202, description = "Queued"),
    (status = 403, description = "Not an admin (or an API key)", body = Problem),
    (status = 404, description = "No such subscription or delivery", body = Problem),
    (status = 409, description = "The subscription is disabled (`webhook_disabled`): enable it first", body = Problem)))]
pub async fn redeliver(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    path: web::Path<(Uuid, i64)>,
) -> ApiResult<HttpResponse> {
    let (id, delivery) = path.into_inner();
    transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let subscription = webhook::find(&mut *tx, id).await.map_err(|e| not_found(e, id))?;
        if !subscription.enabled {
            return Err(ApiError::new(
                crate::error::ErrorCode::WebhookDisabled,
                "the subscription is disabled; enable it before sending deliveries again",
            ));
        }
        webhook::redeliver(&mut *tx, id, delivery).await.map_err(|e| match e {
            storage::StorageError::NotFound => ApiError::not_found(format!("delivery {delivery} of webhook {id}")),
            other => other.into(),
        })?;
        let target = Target("webhook", &id.to_string());
        audit_trail::record(
            &mut *tx,
            &req,
            &admin,
            "webhook_redelivered",
            target,
            None,
            Some(serde_json::json!({"delivery": delivery})),
        )
        .await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::Accepted().finish())
}

fn not_found(error: storage::StorageError, id: Uuid) -> ApiError {
    match error {
        storage::StorageError::NotFound => ApiError::not_found(format!("webhook {id}")),
        other => other.into(),
    }
}
