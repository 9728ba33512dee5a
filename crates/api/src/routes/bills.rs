use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use domain::identifier::{BillId, ParentQr};
use domain::{AreaCode, ValidationError};
use serde::Deserialize;
use sqlx::PgConnection;
use storage::bill::{self, BillChanges, BillFilter, NewBill};
use storage::bill_load;
use storage::event::{self, EventFilter};
use uuid::Uuid;

use super::bags_dto::Bag;
use super::bills_dto::{
    Bill, BillDetail, BillLoadResult, BillPage, BillParentRequest, BillUnloadResult, CreateBill, UpdateBill,
};
use super::events_dto::Event;
use super::scans::actor;
use crate::audit_trail::{self, Target, snapshot};
use crate::auth::{AdminOnly, Authenticated, BillerOrAdmin, scope};
use crate::error::{ApiResult, Problem};
use crate::state::AppState;
use crate::{idempotency, pagination, transaction};

pub(crate) fn bill_id(raw: &str) -> ApiResult<BillId> {
    BillId::parse(raw).map_err(|e| ValidationError::field("bill_id", e.to_string()).into())
}

fn check_texts(
    description: Option<&str>,
    destination: Option<&str>,
    vehicle: Option<&str>,
) -> Result<(), ValidationError> {
    let check = |field: &str, value: Option<&str>, max: usize| match value {
        Some(v) => domain::text::check(field, v, max),
        None => Ok(()),
    };
    ValidationError::collect([
        check("description", description, 500),
        check("destination", destination, 200),
        check("vehicle_number", vehicle, 40),
    ])
}

fn check_weighbridge(kg: Option<f64>) -> Result<(), ValidationError> {
    match kg {
        Some(kg) if !(kg.is_finite() && (0.0..=999_999.0).contains(&kg)) => {
            Err(ValidationError::field("weighbridge_weight_kg", "must be a weight between 0 and 999,999 kg"))
        }
        _ => Ok(()),
    }
}

/// Create a bill.
///
/// Admins and billers. The bill id (3–50 letters, digits, `-`, `_`, `/`) is stored in upper case and is
/// unique in any case (409 `duplicate`); capacity is the number of parent bags, 1–500. The bill starts
/// `new` and empty, and its creation is written to the audit trail.
#[utoipa::path(post, path = "/api/v1/bills", tag = "bills", request_body = CreateBill, security(("bearer" = []), ("api_key" = ["bill"])),
    responses(
    (status = 201, body = Bill),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 409, description = "`duplicate`: the bill id exists (in any case)", body = Problem),
    (status = 422, description = "`validation_failed`: bad bill id, capacity outside 1–500, text too long",
        body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<BillerOrAdmin, scope::Bill>,
    body: crate::extract::Json<CreateBill>,
) -> ApiResult<HttpResponse> {
    let code = BillId::parse_new(&body.bill_id);
    ValidationError::collect([
        code.as_ref().map(|_| ()).map_err(|e| ValidationError::field("bill_id", e.to_string())),
        domain::bill::check_capacity_value(body.capacity)
            .map_err(|e| ValidationError::field("capacity", e.to_string())),
        check_texts(Some(&body.description), Some(&body.destination), Some(&body.vehicle_number)),
        check_weighbridge(body.weighbridge_weight_kg),
    ])?;
    let code = code.map_err(|e| ValidationError::field("bill_id", e.to_string()))?;
    let actor = actor(&req, &caller, None);
    let created = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let new = NewBill {
            code: code.as_str(),
            capacity: body.capacity,
            description: body.description.trim(),
            destination: body.destination.trim(),
            vehicle_number: body.vehicle_number.trim(),
            weighbridge_weight_kg: body.weighbridge_weight_kg,
        };
        let created = Bill::from(bill::create(&mut *tx, new, &actor).await?);
        let target = Target("bill", code.as_str());
        audit_trail::record(&mut *tx, &req, &caller, "bill_created", target, None, snapshot(&created)).await?;
        Ok(created)
    })
    .await?;
    Ok(HttpResponse::Created().json(created))
}

#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BillStatusFilter {
    New,
    Processing,
    Completed,
}

impl BillStatusFilter {
    fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Processing => "processing",
            Self::Completed => "completed",
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BillQuery {
    pub status: Option<BillStatusFilter>,
    /// Part of the bill id, description, destination or vehicle number, any case.
    #[param(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub q: Option<String>,
    /// Created by this user (id).
    pub creator: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    #[param(minimum = 1, maximum = 500, example = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page: where the next page starts.
    #[param(min_length = 1, max_length = 18, pattern = r"^[1-9][0-9]{0,17}$")]
    pub cursor: Option<String>,
}

/// List bills, newest first.
///
/// Admins and billers. Filters by `status`, `q` (part of the bill id, description, destination or
/// vehicle number), `creator` and creation dates. Pages hold `limit` bills (1–500, default 50); pass the
/// answer's `next_cursor` as `cursor` for the next page, until it is `null`.
#[utoipa::path(get, path = "/api/v1/bills", tag = "bills", params(BillQuery), security(("bearer" = []), ("api_key" = ["read"])), responses(
    (status = 200, body = BillPage),
    (status = 400, description = "Bad query string or cursor", body = Problem),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 422, description = "Limit out of range", body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    _caller: Authenticated<BillerOrAdmin, scope::Read>,
    query: web::Query<BillQuery>,
) -> ApiResult<web::Json<BillPage>> {
    let query = query.into_inner();
    let limit = pagination::limit(query.limit)?;
    let before = query.cursor.as_deref().map(pagination::decode_id).transpose()?;
    let filter = bill_filter(query);
    let mut rows = bill::list(&state.reads, &filter, before, limit + 1).await?;
    let next_cursor = pagination::next_id_cursor(&mut rows, limit, |b| b.id);
    Ok(web::Json(BillPage { items: rows.into_iter().map(Bill::from).collect(), next_cursor }))
}

/// The list's filters as storage takes them (shared with the export).
pub fn bill_filter(query: BillQuery) -> BillFilter {
    BillFilter {
        status: query.status.map(|s| s.as_str().to_owned()),
        text: query.q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty()),
        created_by: query.creator,
        from: query.from,
        to: query.to,
    }
}

/// A bill with its parents, weights and history.
///
/// Admins and billers. The bill's counts and weights (actual from child counts, expected from the
/// parents' types, and their difference), its loaded parents (most recent first) and its last 200
/// events, newest first.
#[utoipa::path(get, path = "/api/v1/bills/{bill_id}", tag = "bills",
    params(("bill_id" = String, Path, description = "The bill id, any case", example = "BILL-2026-0042")),
    security(("bearer" = []), ("api_key" = ["read"])), responses(
    (status = 200, body = BillDetail),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 404, description = "No such bill", body = Problem),
    (status = 422, description = "Not a bill id", body = Problem)))]
pub async fn detail(
    state: web::Data<AppState>,
    _caller: Authenticated<BillerOrAdmin, scope::Read>,
    code: web::Path<String>,
) -> ApiResult<web::Json<BillDetail>> {
    let code = bill_id(&code)?;
    let mut conn = state.pool.acquire().await?;
    let record = bill::find(&mut conn, code.as_str()).await?;
    let parents = bill::parents(&mut conn, record.id).await?;
    drop(conn);
    let filter = EventFilter { bill_code: Some(record.code.clone()), ..EventFilter::default() };
    let history = event::list(&state.pool, &filter, None, 200).await?;
    Ok(web::Json(BillDetail {
        bill: record.into(),
        parents: parents.into_iter().map(Bag::from).collect(),
        history: history.into_iter().map(Event::from).collect(),
    }))
}

/// Change a bill's capacity or texts. The capacity never goes below the loaded parents and is
/// frozen once the bill is completed.
///
/// Admins and billers. Absent fields keep their value; `weighbridge_weight_kg: null` clears the
/// weighbridge weight. To ship fewer parents than planned, lower the capacity to the loaded count and
/// then complete the bill. The change is written to the audit trail with the bill before and after.
#[utoipa::path(patch, path = "/api/v1/bills/{bill_id}", tag = "bills",
    params(("bill_id" = String, Path, description = "The bill id, any case", example = "BILL-2026-0042")),
    request_body = UpdateBill, security(("bearer" = []), ("api_key" = ["bill"])), responses(
    (status = 200, body = Bill),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 404, description = "No such bill", body = Problem),
    (status = 409, description = "`bill_completed`: capacity of a completed bill; `capacity_below_loaded`: below \
        the parents on it", body = Problem),
    (status = 422, description = "`validation_failed`: capacity out of range, text too long", body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<BillerOrAdmin, scope::Bill>,
    code: web::Path<String>,
    body: crate::extract::Json<UpdateBill>,
) -> ApiResult<web::Json<Bill>> {
    let code = bill_id(&code)?;
    let body = body.into_inner();
    ValidationError::collect([
        check_texts(body.description.as_deref(), body.destination.as_deref(), body.vehicle_number.as_deref()),
        check_weighbridge(body.weighbridge_weight_kg.flatten()),
    ])?;
    let actor = actor(&req, &caller, None);
    let changes = BillChanges {
        capacity: body.capacity,
        description: body.description.map(|v| v.trim().to_owned()),
        destination: body.destination.map(|v| v.trim().to_owned()),
        vehicle_number: body.vehicle_number.map(|v| v.trim().to_owned()),
        weighbridge_weight_kg: body.weighbridge_weight_kg,
    };
    let after = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let (before, after) = bill::update(&mut *tx, code.as_str(), changes.clone(), &actor).await?;
        let (before, after) = (Bill::from(before), Bill::from(after));
        let target = Target("bill", code.as_str());
        audit_trail::record(&mut *tx, &req, &caller, "bill_updated", target, snapshot(&before), snapshot(&after))
            .await?;
        Ok(after)
    })
    .await?;
    Ok(web::Json(after))
}

/// Delete a bill (admin). Its parents become free to load elsewhere.
///
/// Admins only; billers and dispatchers get 403. The bill's history stays in the event log, and the deletion is written
/// to the audit trail with the bill as it was.
#[utoipa::path(delete, path = "/api/v1/bills/{bill_id}", tag = "bills",
    params(("bill_id" = String, Path, description = "The bill id, any case", example = "BILL-2026-0042")),
    security(("bearer" = [])), responses(
    (status = 204, description = "Deleted"),
    (status = 403, description = "Only admins delete bills", body = Problem),
    (status = 404, description = "No such bill", body = Problem)))]
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<AdminOnly>,
    code: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let code = bill_id(&code)?;
    let actor = actor(&req, &caller, None);
    // Deleting locks the bill's parents, then the bill; a parent loaded in between can meet a
    // child scan in a deadlock, which PostgreSQL breaks by aborting one side (run again).
    transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let deleted = bill::delete(&mut *tx, code.as_str(), &actor).await?;
        let before = snapshot(&Bill::from(deleted));
        audit_trail::record(&mut *tx, &req, &caller, "bill_deleted", Target("bill", code.as_str()), before, None)
            .await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Scan a parent onto a bill. Each scan commits on its own.
///
/// Admins and billers. The parent must exist (unless `manual`, which creates it), be on no other bill
/// (409 `parent_on_other_bill`), and the bill must be open with a free place (`bill_completed`,
/// `bill_at_capacity`); the first parent moves the bill to `processing`. A parent already on this bill
/// answers 200 with `already_linked: true`; with an `Idempotency-Key`, a retry answers the first response.
#[utoipa::path(post, path = "/api/v1/bills/{bill_id}/parents", tag = "bills",
    params(("bill_id" = String, Path, description = "The bill id, any case", example = "BILL-2026-0042"),
    ("Idempotency-Key" = Option<String>, Header, description = "Replays return the first answer")),
    request_body = BillParentRequest, security(("bearer" = []), ("api_key" = ["bill"])), responses(
    (status = 201, description = "Loaded", body = BillLoadResult),
    (status = 200, description = "Already on this bill (or an idempotent replay)", body = BillLoadResult),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 404, description = "No such bill or parent (scanning never creates parents unless `manual`)",
        body = Problem),
    (status = 409, description = "`parent_on_other_bill`, `bill_at_capacity`, `bill_completed`, `wrong_kind`, \
`idempotency_conflict`; with `manual`, a new parent in a retired area (`area_retired`) or of a retired type \
(`parent_type_retired`)", body = Problem,
        example = json!({"type": "urn:tracetrack:problem:bill_at_capacity", "title": "Conflict", "status": 409,
                         "code": "bill_at_capacity", "detail": "bill B-1 is full (10/10); raise its capacity first", "message": "bill B-1 is full (10/10); raise its capacity first", "instance": "urn:tracetrack:request:…",
                         "request_id": "…"})),
    (status = 422, description = "`invalid_qr`", body = Problem)))]
pub async fn add_parent(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<BillerOrAdmin, scope::Bill>,
    code: web::Path<String>,
    body: crate::extract::Json<BillParentRequest>,
) -> ApiResult<HttpResponse> {
    let code = bill_id(&code)?;
    let patterns = state.patterns.get(&state.pool).await?;
    let parent = ParentQr::parse(&body.qr, &patterns)?;
    let write = idempotency::Write::start(&req, &caller, &*body)?;
    let area = body.area.as_deref().map(|a| AreaCode::parse("area", a)).transpose()?;
    let manual = body.manual.then(|| parent.type_code().to_owned());
    write
        .run(&state, async |conn| {
            let entry = manual
                .as_deref()
                .map(|parent_type| bill_load::ManualEntry { parent_type, area: area.as_ref().map(AreaCode::as_str) });
            let load = bill_load::add_parent(conn, code.as_str(), parent.as_str(), entry, &write.actor).await?;
            let status = if load.already_linked { StatusCode::OK } else { StatusCode::CREATED };
            let result = BillLoadResult {
                bill: load.bill.into(),
                parent: load.parent.into(),
                already_linked: load.already_linked,
            };
            if !result.already_linked {
                let target = Target("bill", code.as_str());
                audit_trail::record(conn, &req, &caller, "bill_parent_added", target, None, snapshot(&result)).await?;
            }
            Ok((status, result))
        })
        .await
}

/// Take a parent off a bill that is not completed.
///
/// Admins and billers. The bill's counts and weights follow at once and the parent is free to load
/// again; a completed bill refuses with 409 `bill_completed`. With an `Idempotency-Key`, a retry
/// answers the first response; the removal is written to the audit trail.
#[utoipa::path(delete, path = "/api/v1/bills/{bill_id}/parents/{qr}", tag = "bills",
    params(("bill_id" = String, Path, description = "The bill id, any case", example = "BILL-2026-0042"),
        ("qr" = String, Path, description = "The parent's QR, any case", example = "SB00017")),
    security(("bearer" = []), ("api_key" = ["bill"])), responses(
    (status = 200, body = BillUnloadResult),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 404, description = "No such bill, or the parent is not on it", body = Problem),
    (status = 409, description = "`bill_completed`", body = Problem),
    (status = 422, description = "`invalid_qr`", body = Problem)))]
pub async fn remove_parent(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<BillerOrAdmin, scope::Bill>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let code = bill_id(&path.0)?;
    let patterns = state.patterns.get(&state.pool).await?;
    let parent = ParentQr::parse(&path.1, &patterns)?;
    let write = idempotency::Write::start(&req, &caller, &())?;
    write
        .run(&state, async |conn| {
            let unload = bill_load::remove_parent(conn, code.as_str(), parent.as_str(), &write.actor).await?;
            let result = BillUnloadResult { bill: unload.bill.into(), parent: unload.parent.into() };
            let target = Target("bill", code.as_str());
            audit_trail::record(conn, &req, &caller, "bill_parent_removed", target, None, snapshot(&result)).await?;
            Ok((StatusCode::OK, result))
        })
        .await
}

/// Complete a bill: only when every place is filled (`bill_not_full` otherwise).
///
/// Admins and billers. To ship fewer parents, lower the capacity first with `PATCH /bills/{bill_id}`.
/// Completing a bill that is already completed answers 200 and changes nothing.
#[utoipa::path(post, path = "/api/v1/bills/{bill_id}/complete", tag = "bills",
    params(("bill_id" = String, Path, description = "The bill id, any case", example = "BILL-2026-0042")),
    security(("bearer" = []), ("api_key" = ["bill"])), responses(
    (status = 200, body = Bill),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 404, description = "No such bill", body = Problem),
    (status = 409, description = "`bill_not_full`: lower the capacity to ship fewer", body = Problem)))]
pub async fn complete(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<BillerOrAdmin, scope::Bill>,
    code: web::Path<String>,
) -> ApiResult<web::Json<Bill>> {
    let code = bill_id(&code)?;
    let actor = actor(&req, &caller, None);
    let bill = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let (bill, changed) = bill::complete(&mut *tx, code.as_str(), &actor).await?;
        let bill = Bill::from(bill);
        if changed {
            let target = Target("bill", code.as_str());
            audit_trail::record(&mut *tx, &req, &caller, "bill_completed", target, None, snapshot(&bill)).await?;
        }
        Ok(bill)
    })
    .await?;
    Ok(web::Json(bill))
}

/// Reopen a completed bill (back to `processing`).
///
/// Admins and billers. Parents can then be added or removed again; a bill that is not completed is
/// refused (409 `bill_not_completed`). The reopening is written to the audit trail.
#[utoipa::path(post, path = "/api/v1/bills/{bill_id}/reopen", tag = "bills",
    params(("bill_id" = String, Path, description = "The bill id, any case", example = "BILL-2026-0042")),
    security(("bearer" = []), ("api_key" = ["bill"])), responses(
    (status = 200, body = Bill),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 404, description = "No such bill", body = Problem),
    (status = 409, description = "`bill_not_completed`", body = Problem)))]
pub async fn reopen(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<BillerOrAdmin, scope::Bill>,
    code: web::Path<String>,
) -> ApiResult<web::Json<Bill>> {
    let code = bill_id(&code)?;
    let actor = actor(&req, &caller, None);
    let bill = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let bill = Bill::from(bill::reopen(&mut *tx, code.as_str(), &actor).await?);
        let target = Target("bill", code.as_str());
        audit_trail::record(&mut *tx, &req, &caller, "bill_reopened", target, None, snapshot(&bill)).await?;
        Ok(bill)
    })
    .await?;
    Ok(web::Json(bill))
}
