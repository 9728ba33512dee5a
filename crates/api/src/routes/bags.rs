use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use domain::identifier::{IdentifierKind, normalise};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use storage::bag::{self, BagFilter};
use storage::counter::{self, Delta};
use storage::event::{self, EventFilter, NewEvent};
use uuid::Uuid;

use super::bags_dto::{Bag, BagKind, BagPage};
use super::events_dto::Event;
use crate::audit_trail::{self, Target, snapshot};
use crate::auth::{Anyone, Authenticated, BillerOrAdmin, scope};
use crate::error::{ApiError, ApiResult, ErrorCode, Problem};
use crate::pagination;
use crate::state::AppState;
use crate::transaction;

#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BagStatus {
    Pending,
    InProgress,
    Completed,
    Unlinked,
    Linked,
}

impl BagStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Unlinked => "unlinked",
            Self::Linked => "linked",
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BagQuery {
    pub kind: Option<BagKind>,
    /// Parent type code, e.g. `mustard`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub parent_type: Option<String>,
    #[param(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub area: Option<String>,
    /// `pending`, `in_progress`, `completed` (parents); `unlinked`, `linked` (children).
    pub status: Option<BagStatus>,
    /// Children in a parent (`true`) or loose (`false`); parents holding children or empty.
    pub linked: Option<bool>,
    /// Parents on a bill (`true`) or not (`false`).
    pub billed: Option<bool>,
    /// Created by this user (id).
    pub user: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// QR prefix, any case.
    #[param(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub q: Option<String>,
    /// Children of this parent.
    #[param(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub parent: Option<String>,
    /// Parents on this bill.
    #[param(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub bill: Option<String>,
    #[param(minimum = 1, maximum = 500, example = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page: where the next page starts.
    #[param(min_length = 1, max_length = 18, pattern = r"^[1-9][0-9]{0,17}$")]
    pub cursor: Option<String>,
}

/// List bags, newest first, with filters. Dispatchers see their own area only.
///
/// Any signed-in user; a dispatcher's list is confined to their area whatever `area` asks. Filters
/// combine (kind, type, status, linked, billed, creator, dates, QR prefix, parent, bill). Pages hold
/// `limit` bags (1–500, default 50); pass the answer's `next_cursor` as `cursor` for the next page,
/// until it is `null`.
#[utoipa::path(get, path = "/api/v1/bags", tag = "bags", params(BagQuery), security(("bearer" = []), ("api_key" = ["read"])), responses(
    (status = 200, body = BagPage),
    (status = 400, description = "Bad query string or cursor", body = Problem),
    (status = 422, description = "Limit out of range", body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    caller: Authenticated<Anyone, scope::Read>,
    query: web::Query<BagQuery>,
) -> ApiResult<web::Json<BagPage>> {
    let query = query.into_inner();
    let limit = pagination::limit(query.limit)?;
    let before = query.cursor.as_deref().map(pagination::decode_id).transpose()?;
    let filter = bag_filter(query);
    let mut rows = bag::list(&state.reads, &filter, caller.area_scope(), before, limit + 1).await?;
    let next_cursor = pagination::next_id_cursor(&mut rows, limit, |b| b.id);
    Ok(web::Json(BagPage { items: rows.into_iter().map(Bag::from).collect(), next_cursor }))
}

/// The list's filters as storage takes them (shared with the export).
pub fn bag_filter(query: BagQuery) -> BagFilter {
    let normalised = |v: Option<String>| v.map(|v| normalise(&v)).filter(|v| !v.is_empty());
    BagFilter {
        kind: query.kind.map(|k| if k == BagKind::Parent { "parent".into() } else { "child".into() }),
        parent_type: query.parent_type,
        area: query.area,
        status: query.status.map(|s| s.as_str().to_owned()),
        linked: query.linked,
        billed: query.billed,
        created_by: query.user,
        from: query.from,
        to: query.to,
        qr_prefix: normalised(query.q),
        parent_qr: normalised(query.parent),
        bill_code: normalised(query.bill),
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BagDetail {
    pub bag: Bag,
    /// A child's parent.
    pub parent: Option<Bag>,
    /// A parent's children, most recently linked first.
    pub children: Vec<Bag>,
    /// The 50 most recent events of the bag, newest first.
    pub recent_events: Vec<Event>,
}

/// A bag (by any case or spacing of its QR) with its parent or children and recent history.
///
/// Any signed-in user. A child comes with its parent, a parent with its children (most recently linked
/// first), and either with its 50 most recent events. A dispatcher asking for another area's bag gets
/// 403 `other_area` and nothing else.
#[utoipa::path(get, path = "/api/v1/bags/{qr}", tag = "bags",
    params(("qr" = String, Path, description = "A parent or child QR, any case", example = "SB00017")),
    security(("bearer" = []), ("api_key" = ["read"])), responses(
    (status = 200, body = BagDetail),
    (status = 403, description = "`other_area`: the bag belongs to another dispatch area (a dispatcher learns nothing else)", body = Problem),
    (status = 404, description = "No such bag", body = Problem),
    (status = 422, description = "`invalid_qr`", body = Problem)))]
pub async fn detail(
    state: web::Data<AppState>,
    caller: Authenticated<Anyone, scope::Read>,
    qr: web::Path<String>,
) -> ApiResult<web::Json<BagDetail>> {
    let qr = lookup_qr(&qr)?;
    // The history does not depend on the bag's row: both are read at once, on two connections.
    let filter = EventFilter { bag_qr: Some(qr.clone()), ..EventFilter::default() };
    let (family, events) = futures::try_join!(
        async {
            let mut conn = state.pool.acquire().await?;
            Ok::<_, ApiError>(bag::find_family(&mut conn, &qr, caller.area_scope()).await?)
        },
        async { Ok::<_, ApiError>(event::list(&state.pool, &filter, None, 50).await?) },
    )?;
    let family = match family {
        bag::Scoped::Found(family) => *family,
        bag::Scoped::OtherArea => return Err(domain::scan::ScanRefusal::OtherArea { qr }.into()),
        bag::Scoped::Missing => return Err(ApiError::not_found(format!("bag {qr}"))),
    };
    Ok(web::Json(BagDetail {
        bag: family.bag.into(),
        parent: family.parent.map(Bag::from),
        children: family.children.into_iter().map(Bag::from).collect(),
        recent_events: events.into_iter().map(Event::from).collect(),
    }))
}

/// Normalises a QR from a path and applies the rules every identifier shares.
pub fn lookup_qr(raw: &str) -> ApiResult<String> {
    let qr = normalise(raw);
    let too_long = raw.chars().count() > domain::identifier::MAX_RAW_CHARS;
    let forbidden = raw.chars().any(|c| domain::identifier::FORBIDDEN_CHARACTERS.contains(&c));
    if qr.is_empty() || too_long || forbidden {
        let kind = IdentifierKind::Qr;
        return Err(ApiError::new(ErrorCode::InvalidQr, format!("{raw:?} is not a {kind}")));
    }
    Ok(qr)
}

/// Delete a bag that is in no parent, holds no children and is on no bill. History stays.
///
/// Admins and billers. A child in a parent (409 `child_in_parent`), a parent holding children
/// (`parent_not_empty`) or a parent on a bill (`parent_on_bill`) is refused; take it out first. The
/// deletion is recorded as a `bag_deleted` event and in the audit trail, and the dashboard counts follow.
#[utoipa::path(delete, path = "/api/v1/bags/{qr}", tag = "bags",
    params(("qr" = String, Path, description = "A parent or child QR, any case", example = "CH00000123")),
    security(("bearer" = [])), responses(
    (status = 204, description = "Deleted"),
    (status = 403, description = "Dispatchers may not delete bags", body = Problem),
    (status = 404, description = "No such bag", body = Problem),
    (status = 409, description = "`child_in_parent` (in a parent), `parent_not_empty` (holds children), \
`parent_on_bill` (on a bill)", body = Problem)))]
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<BillerOrAdmin>,
    qr: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let qr = lookup_qr(&qr)?;
    let actor = super::scans::actor(&req, &caller, None);
    transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let bag = bag::delete(&mut *tx, &qr, None).await?;
        let event =
            NewEvent { kind: "bag_deleted", area: bag.area.clone(), bag_qr: Some(qr.clone()), ..NewEvent::default() };
        event::record(&mut *tx, &actor, &[event]).await?;
        let area = bag.area.as_deref();
        let deltas = if bag.kind == "parent" {
            vec![Delta::new("parents", area, bag.parent_type.as_deref(), -1)]
        } else {
            vec![Delta::new("children", area, None, -1), Delta::new("unlinked_children", area, None, -1)]
        };
        counter::add(&mut *tx, deltas).await?;
        let before = snapshot(&Bag::from(bag));
        audit_trail::record(&mut *tx, &req, &caller, "bag_deleted", Target("bag", &qr), before, None).await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
