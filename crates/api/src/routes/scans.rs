use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use domain::identifier::{ChildQr, ParentQr};
use domain::{AreaCode, Role};
use storage::event::Actor;
use storage::scan;

use super::bags_dto::{Bag, ChildScanRequest, ChildScanResult, ParentScanRequest, ParentScanResult, UnlinkResult};
use crate::auth::extractor::{RoleRequirement, ScopeRequirement};
use crate::auth::{Anyone, Authenticated, scope};
use crate::error::{ApiError, ApiResult, Problem};
use crate::idempotency;
use crate::state::AppState;

/// Who is scanning, from where: stamped on every event the scan writes.
pub fn actor<R: RoleRequirement, S: ScopeRequirement>(
    req: &HttpRequest,
    caller: &Authenticated<R, S>,
    key: Option<&str>,
) -> Actor {
    let device_id = req
        .headers()
        .get("X-Device-Id")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().chars().take(100).collect::<String>())
        .filter(|v| !v.is_empty());
    Actor {
        user_id: Some(caller.id()),
        area_scope: caller.area_scope().map(str::to_owned),
        device_id,
        idempotency_key: key.map(str::to_owned),
        request_id: Some(crate::request_id::current()),
    }
}

/// Scan a parent bag: created if unknown, else returned with its children.
///
/// Any signed-in user. A new parent is stamped with the dispatcher's area (admins and billers may
/// name `area`). A QR that is already a child is refused with `wrong_kind`; another area's parent is
/// 403 `other_area` for a dispatcher. With an `Idempotency-Key`, a retry answers the first response
/// and applies nothing.
#[utoipa::path(post, path = "/api/v1/scans/parent", tag = "scanning", request_body = ParentScanRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays return the first answer"),
           ("X-Device-Id" = Option<String>, Header, description = "Scanner or station id, kept in history")),
    security(("bearer" = []), ("api_key" = ["scan"])), responses(
    (status = 201, description = "Parent created", body = ParentScanResult),
    (status = 200, description = "Existing parent (or an idempotent replay)", body = ParentScanResult),
    (status = 400, description = "Malformed request or Idempotency-Key", body = Problem),
    (status = 403, description = "`other_area`: the parent belongs to another dispatch area", body = Problem),
    (status = 409, description = "`wrong_kind`: the QR is a child; `idempotency_conflict`; a new parent in a retired area \
        (`area_retired`) or of a retired type (`parent_type_retired`)", body = Problem,
        example = json!({"type": "urn:tracetrack:problem:wrong_kind", "title": "Conflict", "status": 409,
                         "code": "wrong_kind", "detail": "123456 is a child bag, not a parent", "message": "123456 is a child bag, not a parent", "instance": "urn:tracetrack:request:…", "request_id": "…"})),
    (status = 422, description = "`invalid_qr`: not a parent QR of any type; `validation_failed`: unknown area",
        body = Problem,
        example = json!({"type": "urn:tracetrack:problem:invalid_qr", "title": "Unprocessable Entity", "status": 422,
                         "code": "invalid_qr", "detail": "\"SB-12345\" is not a valid parent QR: …", "message": "\"SB-12345\" is not a valid parent QR: …", "instance": "urn:tracetrack:request:…",
                         "details": {"scanned": "SB-12345"}, "request_id": "…"}))))]
pub async fn scan_parent(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<Anyone, scope::Scan>,
    body: crate::extract::Json<ParentScanRequest>,
) -> ApiResult<HttpResponse> {
    let patterns = state.patterns.get(&state.pool).await?;
    let qr = ParentQr::parse(&body.qr, &patterns)?;
    let area = match caller.role() {
        Role::Dispatcher => caller.claims.area.clone(),
        Role::Admin | Role::Biller => {
            body.area.as_deref().map(|a| AreaCode::parse("area", a).map(AreaCode::into_inner)).transpose()?
        }
    };
    let write = idempotency::Write::start(&req, &caller, &*body)?;
    write
        .run(&state, async |conn| {
            let result = scan::scan_parent(conn, qr.as_str(), qr.type_code(), area.as_deref(), &write.actor)
                .await
                .map_err(|e| unknown_area(e, area.as_deref()))?;
            let status = if result.created { StatusCode::CREATED } else { StatusCode::OK };
            Ok((
                status,
                ParentScanResult {
                    parent: result.parent.into(),
                    children: result.children.into_iter().map(Bag::from).collect(),
                    created: result.created,
                },
            ))
        })
        .await
}

fn unknown_area(error: storage::WriteError, area: Option<&str>) -> ApiError {
    match (&error, area) {
        (storage::WriteError::Storage(storage::StorageError::Constraint(name)), Some(area))
            if name.contains("area") =>
        {
            domain::ValidationError::field("area", format!("there is no dispatch area \"{area}\"")).into()
        }
        _ => error.into(),
    }
}

/// Scan a child into a parent.
///
/// Any signed-in user; a dispatcher only within their own area (403 `other_area`). Unknown child:
/// created in the parent's area and linked; already in this parent: 200 with `already_linked: true`,
/// nothing changes; in another parent: 409 `child_linked_elsewhere` naming it. When the parent reaches
/// `max_children` it becomes `completed` in the same transaction, and the limits hold under any
/// concurrency. With an `Idempotency-Key`, a retry answers the first response and applies nothing.
#[utoipa::path(post, path = "/api/v1/scans/child", tag = "scanning", request_body = ChildScanRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays return the first answer"),
           ("X-Device-Id" = Option<String>, Header, description = "Scanner or station id, kept in history")),
    security(("bearer" = []), ("api_key" = ["scan"])), responses(
    (status = 201, description = "Linked", body = ChildScanResult),
    (status = 200, description = "Already in this parent (or an idempotent replay)", body = ChildScanResult),
    (status = 400, description = "Malformed request", body = Problem),
    (status = 403, description = "`other_area`: the parent or child belongs to another dispatch area", body = Problem),
    (status = 404, description = "No such parent", body = Problem),
    (status = 409, description = "`child_linked_elsewhere` (details.parent_qr), `parent_full`, `parent_completed`, \
`self_link`, `wrong_kind`, `bill_completed`, `idempotency_conflict`", body = Problem,
        example = json!({"type": "urn:tracetrack:problem:child_linked_elsewhere", "title": "Conflict", "status": 409,
                         "code": "child_linked_elsewhere", "detail": "123456 is already in SB00017", "message": "123456 is already in SB00017", "instance": "urn:tracetrack:request:…",
                         "details": {"parent_qr": "SB00017"}, "request_id": "…"})),
    (status = 422, description = "`invalid_qr`", body = Problem)))]
pub async fn scan_child(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<Anyone, scope::Scan>,
    body: crate::extract::Json<ChildScanRequest>,
) -> ApiResult<HttpResponse> {
    let patterns = state.patterns.get(&state.pool).await?;
    let parent = ParentQr::parse(&body.parent_qr, &patterns)?;
    let child = ChildQr::parse(&body.child_qr, &patterns)?;
    if parent.as_str() == child.as_str() {
        return Err(domain::scan::ScanRefusal::SelfLink { qr: child.as_str().to_owned() }.into());
    }
    let write = idempotency::Write::start(&req, &caller, &*body)?;
    write
        .run(&state, async |conn| {
            let result = scan::scan_child(conn, parent.as_str(), child.as_str(), &write.actor).await?;
            let status = if result.already_linked { StatusCode::OK } else { StatusCode::CREATED };
            Ok((
                status,
                ChildScanResult {
                    child: result.child.into(),
                    parent: result.parent.into(),
                    already_linked: result.already_linked,
                },
            ))
        })
        .await
}

/// Close a parent below its maximum (the operator confirmed it).
///
/// Any signed-in user; a dispatcher only for their own area's parents. A parent with no children yet is
/// refused (409 `parent_empty`); one already completed answers 200 unchanged. With an
/// `Idempotency-Key`, a retry answers the first response.
#[utoipa::path(post, path = "/api/v1/parents/{qr}/complete", tag = "scanning",
    params(("qr" = String, Path, description = "The parent's QR, in any case or spacing", example = "SB00017")),
    security(("bearer" = []), ("api_key" = ["scan"])), responses(
    (status = 200, description = "Completed (also when it already was)", body = Bag),
    (status = 403, description = "`other_area`: the parent belongs to another dispatch area", body = Problem),
    (status = 404, description = "No such parent", body = Problem),
    (status = 409, description = "`parent_empty`: no children yet; `wrong_kind`: a child", body = Problem),
    (status = 422, description = "`invalid_qr`", body = Problem)))]
pub async fn complete(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<Anyone, scope::Scan>,
    qr: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let patterns = state.patterns.get(&state.pool).await?;
    let parent = ParentQr::parse(&qr, &patterns)?;
    let write = idempotency::Write::start(&req, &caller, &())?;
    write
        .run(&state, async |conn| {
            let parent = scan::complete(conn, parent.as_str(), &write.actor).await?;
            Ok((StatusCode::OK, Bag::from(parent)))
        })
        .await
}

/// Undo the parent's most recent link (within the undo window, 1 hour by default).
///
/// Any signed-in user; a dispatcher only for their own area's parents. The child stays, unlinked;
/// history keeps both the link and the unlink. A completed parent drops back to `in_progress`; a
/// parent on a completed bill is refused (409 `bill_completed`), and a last link older than the undo
/// window too (409 `undo_expired`: unlink the child instead). With an `Idempotency-Key`, a retry
/// answers the first response instead of undoing a second link.
#[utoipa::path(post, path = "/api/v1/parents/{qr}/undo", tag = "scanning",
    params(("qr" = String, Path, description = "The parent's QR, in any case or spacing", example = "SB00017")),
    security(("bearer" = []), ("api_key" = ["scan"])), responses(
    (status = 200, body = UnlinkResult),
    (status = 403, description = "`other_area`: the parent belongs to another dispatch area", body = Problem),
    (status = 404, description = "No such parent, or nothing to undo", body = Problem),
    (status = 409, description = "`undo_expired`: the last link is older than the undo window; `bill_completed`, \
        `wrong_kind`", body = Problem),
    (status = 422, description = "`invalid_qr`", body = Problem)))]
pub async fn undo(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<Anyone, scope::Scan>,
    qr: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let patterns = state.patterns.get(&state.pool).await?;
    let parent = ParentQr::parse(&qr, &patterns)?;
    let write = idempotency::Write::start(&req, &caller, &())?;
    let window = state.scanning.undo_window;
    write
        .run(&state, async |conn| {
            let result = scan::undo_last(conn, parent.as_str(), window, &write.actor).await?;
            Ok((StatusCode::OK, UnlinkResult { child: result.child.into(), parent: result.parent.into() }))
        })
        .await
}

/// Take one child out of its parent.
///
/// Any signed-in user; a dispatcher only for their own area's parents. The child stays as a loose bag
/// that can be packed again, the history records the unlink, and a completed parent reopens (409
/// `bill_completed` while the parent is on a completed bill). With an `Idempotency-Key`, a retry
/// answers the first response.
#[utoipa::path(delete, path = "/api/v1/parents/{qr}/children/{child_qr}", tag = "scanning",
    params(("qr" = String, Path, description = "The parent's QR, in any case or spacing", example = "SB00017"),
        ("child_qr" = String, Path, description = "The child's QR (or a label payload)", example = "CH00000123")),
    security(("bearer" = []), ("api_key" = ["scan"])), responses(
    (status = 200, body = UnlinkResult),
    (status = 403, description = "`other_area`: the parent belongs to another dispatch area", body = Problem),
    (status = 404, description = "No such parent, or the child is not in it", body = Problem),
    (status = 409, description = "`bill_completed`, `wrong_kind`", body = Problem),
    (status = 422, description = "`invalid_qr`", body = Problem)))]
pub async fn unlink(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<Anyone, scope::Scan>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let patterns = state.patterns.get(&state.pool).await?;
    let parent = ParentQr::parse(&path.0, &patterns)?;
    let child = ChildQr::parse(&path.1, &patterns)?;
    let write = idempotency::Write::start(&req, &caller, &())?;
    write
        .run(&state, async |conn| {
            let result = scan::unlink(conn, parent.as_str(), child.as_str(), &write.actor).await?;
            Ok((StatusCode::OK, UnlinkResult { child: result.child.into(), parent: result.parent.into() }))
        })
        .await
}
