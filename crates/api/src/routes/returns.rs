use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use domain::AreaCode;
use domain::identifier::{ParentQr, normalise};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use storage::WriteResult;
use storage::event::Actor;
use storage::return_ticket::{self, ReturnRecord, ReturnedParent};

use super::scans::actor;
use crate::audit_trail::{self, Target, snapshot};
use crate::auth::{Authenticated, BillerOrAdmin, scope};
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use crate::{idempotency, pagination, transaction};

/// A return ticket: parents handed back by dealers at a C&F point.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"code": "RTN-20261128-3FA2", "area": "jaipur", "notes": "Dealer Sharma, 3 bags",
    "status": "open", "bag_count": 1, "created_at": "2026-11-28T09:00:00Z", "closed_at": null}))]
pub struct ReturnTicket {
    /// `RTN-YYYYMMDD-XXXX` (the site's local date; XXXX: 4 upper-case hex).
    pub code: String,
    /// The dispatch area of the C&F point.
    #[schema(pattern = r"^[a-z][a-z0-9_]{1,39}$")]
    pub area: Option<String>,
    pub notes: String,
    /// `open`, then `committed` (finalised) or `cancelled`.
    pub status: String,
    pub bag_count: i32,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl From<ReturnRecord> for ReturnTicket {
    fn from(r: ReturnRecord) -> Self {
        Self {
            code: r.code,
            area: r.area,
            notes: r.notes,
            status: r.status,
            bag_count: r.bag_count,
            created_at: r.created_at,
            closed_at: r.closed_at,
        }
    }
}

/// A parent on a return ticket, as it was when returned.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReturnedBag {
    pub parent_qr: String,
    /// The bill the parent was taken off (`null` when it was on none).
    pub original_bill_id: Option<String>,
    pub child_count: i32,
    pub weight_kg: f64,
    pub scanned_by: Option<String>,
    pub scanned_at: DateTime<Utc>,
}

impl From<ReturnedParent> for ReturnedBag {
    fn from(r: ReturnedParent) -> Self {
        Self {
            parent_qr: r.parent_qr,
            original_bill_id: r.original_bill_code,
            child_count: r.child_count,
            weight_kg: r.weight_kg,
            scanned_by: r.scanned_by,
            scanned_at: r.scanned_at,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReturnDetail {
    #[serde(flatten)]
    pub ticket: ReturnTicket,
    pub parents: Vec<ReturnedBag>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReturnPage {
    pub items: Vec<ReturnTicket>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateReturn {
    /// The dispatch area of the C&F point.
    pub area: Option<String>,
    #[serde(default)]
    #[schema(max_length = 1000, pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$")]
    pub notes: String,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnParentRequest {
    pub qr: String,
}

/// The free text of a ticket an open ticket may change. A field left out stays as it is.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"notes": "Dealer Sharma, 3 bags; 1 torn"}))]
pub struct UpdateReturn {
    #[schema(max_length = 1000, pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$")]
    pub notes: Option<String>,
}

fn ticket_code(raw: &str) -> String {
    normalise(raw)
}

/// Open a return ticket with a fresh `RTN-YYYYMMDD-XXXX` code.
///
/// Admins and billers. The code carries the site's local date and four random hex digits; `area` (the
/// C&F point's dispatch area) must exist and `notes` may hold up to 1,000 characters on several lines
/// (422 otherwise). The ticket opens empty, and its opening is written to the audit trail.
#[utoipa::path(post, path = "/api/v1/returns", tag = "returns", request_body = CreateReturn,
    security(("bearer" = []), ("api_key" = ["bill"])), responses(
    (status = 201, body = ReturnTicket),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 409, description = "`area_retired`: the area takes no new tickets", body = Problem),
    (status = 422, description = "Unknown area, notes too long", body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<BillerOrAdmin, scope::Bill>,
    body: crate::extract::Json<CreateReturn>,
) -> ApiResult<HttpResponse> {
    let area = body.area.as_deref().map(|a| AreaCode::parse("area", a)).transpose()?;
    domain::text::check_multiline("notes", &body.notes, 1000)?;
    let actor = actor(&req, &caller, None);
    let ticket = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        // A random code per day; a taken one is drawn again.
        for _ in 0..20 {
            let code = format!("RTN-{}-{:04X}", state.site.zone.today().format("%Y%m%d"), rand::random::<u16>());
            let area = area.as_ref().map(AreaCode::as_str);
            let created =
                return_ticket::create(&mut *tx, &code, area, body.notes.trim(), &actor).await.map_err(|e| match e {
                    storage::WriteError::Storage(storage::StorageError::Constraint(_)) => {
                        domain::ValidationError::field("area", "there is no such dispatch area").into()
                    }
                    other => ApiError::from(other),
                })?;
            if let Some(ticket) = created {
                let ticket = ReturnTicket::from(ticket);
                let target = Target("return", &code);
                audit_trail::record(&mut *tx, &req, &caller, "return_created", target, None, snapshot(&ticket)).await?;
                return Ok(ticket);
            }
        }
        Err(ApiError::internal(anyhow::anyhow!("no free return ticket code after 20 draws")))
    })
    .await?;
    Ok(HttpResponse::Created().json(ticket))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReturnQuery {
    /// `open`, `committed` or `cancelled`.
    #[param(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$", example = "open")]
    pub status: Option<String>,
    #[param(minimum = 1, maximum = 500, example = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page: where the next page starts.
    #[param(min_length = 1, max_length = 18, pattern = r"^[1-9][0-9]{0,17}$")]
    pub cursor: Option<String>,
}

/// List return tickets, newest first.
///
/// Admins and billers. `status` keeps tickets in that state (`open`, `committed` or `cancelled`).
/// Pages hold `limit` tickets (1–500, default 50); pass the answer's `next_cursor` as `cursor` for the
/// next page, until it is `null`.
#[utoipa::path(get, path = "/api/v1/returns", tag = "returns", params(ReturnQuery), security(("bearer" = []), ("api_key" = ["read"])),
    responses(
    (status = 200, body = ReturnPage),
    (status = 400, description = "Bad query string or cursor", body = Problem),
    (status = 403, description = "Dispatchers may not", body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    _caller: Authenticated<BillerOrAdmin, scope::Read>,
    query: web::Query<ReturnQuery>,
) -> ApiResult<web::Json<ReturnPage>> {
    let limit = pagination::limit(query.limit)?;
    let before = query.cursor.as_deref().map(pagination::decode_id).transpose()?;
    let mut rows = return_ticket::list(&state.reads, query.status.as_deref(), before, limit + 1).await?;
    let next_cursor = pagination::next_id_cursor(&mut rows, limit, |r| r.id);
    Ok(web::Json(ReturnPage { items: rows.into_iter().map(ReturnTicket::from).collect(), next_cursor }))
}

/// A return ticket with its parents.
///
/// Admins and billers. Each parent as it was when returned: the bill it was taken off, its child count
/// and weight, who scanned it and when.
#[utoipa::path(get, path = "/api/v1/returns/{code}", tag = "returns",
    params(("code" = String, Path, description = "The ticket's code, any case", example = "RTN-20261128-3FA2")),
    security(("bearer" = []), ("api_key" = ["read"])), responses(
    (status = 200, body = ReturnDetail),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 404, description = "No such ticket", body = Problem)))]
pub async fn detail(
    state: web::Data<AppState>,
    _caller: Authenticated<BillerOrAdmin, scope::Read>,
    code: web::Path<String>,
) -> ApiResult<web::Json<ReturnDetail>> {
    let mut conn = state.pool.acquire().await?;
    let ticket = return_ticket::find(&mut conn, &ticket_code(&code)).await?;
    let parents = return_ticket::parents(&mut conn, ticket.id).await?;
    Ok(web::Json(ReturnDetail { ticket: ticket.into(), parents: parents.into_iter().map(ReturnedBag::from).collect() }))
}

/// Edit an open ticket's notes.
///
/// Admins and billers. `notes` (up to 1,000 characters, on several lines; trimmed) replaces the
/// ticket's notes; a field left out stays as it is. Only an open ticket changes: a committed or
/// cancelled one answers 409 `return_closed`. Written to the audit trail (`return_updated`) with the
/// ticket before and after.
#[utoipa::path(patch, path = "/api/v1/returns/{code}", tag = "returns", request_body = UpdateReturn,
    params(("code" = String, Path, description = "The ticket's code, any case", example = "RTN-20261128-3FA2")),
    security(("bearer" = []), ("api_key" = ["bill"])), responses(
    (status = 200, body = ReturnTicket),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 404, description = "No such ticket", body = Problem),
    (status = 409, description = "`return_closed`", body = Problem),
    (status = 422, description = "Notes too long or with control characters", body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<BillerOrAdmin, scope::Bill>,
    code: web::Path<String>,
    body: crate::extract::Json<UpdateReturn>,
) -> ApiResult<web::Json<ReturnTicket>> {
    if let Some(notes) = &body.notes {
        domain::text::check_multiline("notes", notes, 1000)?;
    }
    let code = ticket_code(&code);
    let ticket = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let notes = body.notes.as_deref().map(str::trim);
        let (before, after) = return_ticket::update_text(&mut *tx, &code, notes).await?;
        let (before, after) = (ReturnTicket::from(before), ReturnTicket::from(after));
        let target = Target("return", &code);
        audit_trail::record(&mut *tx, &req, &caller, "return_updated", target, snapshot(&before), snapshot(&after))
            .await?;
        Ok(after)
    })
    .await?;
    Ok(web::Json(ticket))
}

/// Scan a returned parent onto an open ticket: recorded with its original bill, child count and
/// weight, and taken off that bill (the bill's counts and weights follow; a completed bill
/// counts it in `returned_count`).
///
/// Admins and billers, on an open ticket only (409 `return_closed`); a parent already on an open ticket
/// is refused with 409 `duplicate`. The removal from the bill is in the bill's history; with an
/// `Idempotency-Key`, a retry answers the first response and applies nothing.
#[utoipa::path(post, path = "/api/v1/returns/{code}/parents", tag = "returns",
    params(("code" = String, Path, description = "The ticket's code, any case", example = "RTN-20261128-3FA2"),
    ("Idempotency-Key" = Option<String>, Header, description = "Replays return the first answer")),
    request_body = ReturnParentRequest, security(("bearer" = []), ("api_key" = ["bill"])), responses(
    (status = 201, body = ReturnTicket),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 404, description = "No such ticket or parent", body = Problem),
    (status = 409, description = "`return_closed`, `duplicate` (already on an open ticket), `wrong_kind`",
        body = Problem),
    (status = 422, description = "`invalid_qr`", body = Problem)))]
pub async fn add_parent(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<BillerOrAdmin, scope::Bill>,
    code: web::Path<String>,
    body: crate::extract::Json<ReturnParentRequest>,
) -> ApiResult<HttpResponse> {
    let code = ticket_code(&code);
    let patterns = state.patterns.get(&state.pool).await?;
    let parent = ParentQr::parse(&body.qr, &patterns)?;
    let write = idempotency::Write::start(&req, &caller, &*body)?;
    write
        .run(&state, async |conn| {
            let ticket =
                ReturnTicket::from(return_ticket::add_parent(conn, &code, parent.as_str(), &write.actor).await?);
            let after = serde_json::json!({ "parent": parent.as_str(), "ticket": snapshot(&ticket) });
            audit_trail::record(conn, &req, &caller, "return_parent_added", Target("return", &code), None, Some(after))
                .await?;
            Ok((StatusCode::CREATED, ticket))
        })
        .await
}

/// Finalise an open ticket (needs at least one bag).
///
/// Admins and billers. The ticket becomes `committed` and changes no more; an empty ticket is refused
/// (409 `return_empty`) and a ticket no longer open answers 409 `return_closed`. Written to the audit
/// trail.
#[utoipa::path(post, path = "/api/v1/returns/{code}/finalize", tag = "returns",
    params(("code" = String, Path, description = "The ticket's code, any case", example = "RTN-20261128-3FA2")),
    security(("bearer" = []), ("api_key" = ["bill"])), responses(
    (status = 200, body = ReturnTicket),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 404, description = "No such ticket", body = Problem),
    (status = 409, description = "`return_closed`; `return_empty`: no bags on the ticket", body = Problem)))]
pub async fn finalize(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<BillerOrAdmin, scope::Bill>,
    code: web::Path<String>,
) -> ApiResult<web::Json<ReturnTicket>> {
    close_ticket(&state, &req, &caller, &code, "return_finalized", return_ticket::finalize).await
}

/// Cancel an open ticket. Parents already taken off their bills stay off.
///
/// Admins and billers. The ticket becomes `cancelled` and changes no more; a ticket no longer open
/// answers 409 `return_closed`. Written to the audit trail.
#[utoipa::path(post, path = "/api/v1/returns/{code}/cancel", tag = "returns",
    params(("code" = String, Path, description = "The ticket's code, any case", example = "RTN-20261128-3FA2")),
    security(("bearer" = []), ("api_key" = ["bill"])), responses(
    (status = 200, body = ReturnTicket),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 404, description = "No such ticket", body = Problem),
    (status = 409, description = "`return_closed`", body = Problem)))]
pub async fn cancel(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<BillerOrAdmin, scope::Bill>,
    code: web::Path<String>,
) -> ApiResult<web::Json<ReturnTicket>> {
    close_ticket(&state, &req, &caller, &code, "return_cancelled", return_ticket::cancel).await
}

/// Finalising and cancelling: the storage step that closes the ticket, then its audit entry, in
/// one transaction.
async fn close_ticket(
    state: &AppState,
    req: &HttpRequest,
    caller: &Authenticated<BillerOrAdmin, scope::Bill>,
    raw_code: &str,
    action: &'static str,
    close: impl AsyncFn(&mut PgConnection, &str, &Actor) -> WriteResult<ReturnRecord>,
) -> ApiResult<web::Json<ReturnTicket>> {
    let actor = actor(req, caller, None);
    let code = ticket_code(raw_code);
    let ticket = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let ticket = ReturnTicket::from(close(&mut *tx, &code, &actor).await?);
        audit_trail::record(&mut *tx, req, caller, action, Target("return", &code), None, snapshot(&ticket)).await?;
        Ok(ticket)
    })
    .await?;
    Ok(web::Json(ticket))
}
