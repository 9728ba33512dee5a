use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use domain::NewParentType;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use storage::area;
use storage::area::AreaRecord;
use storage::parent_type::{self, NewParentTypeRecord, ParentTypeRecord};

use crate::audit_trail::{self, Target, snapshot};
use crate::auth::{AdminOnly, Anyone, Authenticated, scope};
use crate::error::{ApiResult, Problem};
use crate::state::AppState;
use crate::transaction;

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"code": "sri_ganganagar", "name": "Sri Ganganagar", "created_at": "2026-11-28T09:00:00Z",
                          "retired": false, "retired_at": null}))]
pub struct Area {
    pub code: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// A retired area keeps its history and still lists, but takes no new parents, users or return
    /// tickets (409 `area_retired`).
    pub retired: bool,
    /// When it was retired; `null` while in use.
    pub retired_at: Option<DateTime<Utc>>,
}

impl From<AreaRecord> for Area {
    fn from(record: AreaRecord) -> Self {
        Self {
            code: record.code,
            name: record.name,
            created_at: record.created_at,
            retired: record.retired_at.is_some(),
            retired_at: record.retired_at,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AreaListQuery {
    /// `true`: only retired areas; `false`: only those in use; absent: all.
    pub retired: Option<bool>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"items": [
    {"code": "lucknow", "name": "Lucknow", "created_at": "2026-11-28T09:00:00Z", "retired": false, "retired_at": null},
    {"code": "sri_ganganagar", "name": "Sri Ganganagar", "created_at": "2026-11-28T09:00:00Z", "retired": true,
     "retired_at": "2026-11-30T10:00:00Z"}]}))]
pub struct AreaList {
    pub items: Vec<Area>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"code": "mustard", "name": "Mustard", "qr_pattern": "SB\\d{5}", "max_children": 30,
                          "expected_weight_kg": 30.0, "child_weight_kg": 1.0, "created_at": "2026-11-28T09:00:00Z",
                          "retired": false, "retired_at": null}))]
pub struct ParentType {
    pub code: String,
    pub name: String,
    /// Regular expression a parent QR of this type matches in full (after normalisation).
    pub qr_pattern: String,
    #[schema(minimum = 1, maximum = 1000)]
    pub max_children: i32,
    /// At least 0.001 kg, at most 999,999.999 (weights are kept to the gram).
    #[schema(minimum = 0.001, maximum = 999999.999)]
    pub expected_weight_kg: f64,
    pub child_weight_kg: f64,
    pub created_at: DateTime<Utc>,
    /// A retired type takes no new parents (409 `parent_type_retired`); its existing parents keep
    /// working.
    pub retired: bool,
    /// When it was retired; `null` while in use.
    pub retired_at: Option<DateTime<Utc>>,
}

impl From<ParentTypeRecord> for ParentType {
    fn from(r: ParentTypeRecord) -> Self {
        Self {
            code: r.code,
            name: r.name,
            qr_pattern: r.qr_pattern,
            max_children: r.max_children,
            expected_weight_kg: r.expected_weight_kg,
            child_weight_kg: r.child_weight_kg,
            created_at: r.created_at,
            retired: r.retired_at.is_some(),
            retired_at: r.retired_at,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"items": [
    {"code": "moong", "name": "Moong", "qr_pattern": "M444-\\d{5}", "max_children": 15, "expected_weight_kg": 15.0,
     "child_weight_kg": 1.0, "created_at": "2026-11-28T09:00:00Z", "retired": false, "retired_at": null},
    {"code": "mustard", "name": "Mustard", "qr_pattern": "SB\\d{5}", "max_children": 30, "expected_weight_kg": 30.0,
     "child_weight_kg": 1.0, "created_at": "2026-11-28T09:00:00Z", "retired": false, "retired_at": null}]}))]
pub struct ParentTypeList {
    pub items: Vec<ParentType>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "wheat", "name": "Wheat", "qr_pattern": "WH\\d{6}", "max_children": 20,
                          "expected_weight_kg": 20.0}))]
pub struct CreateParentType {
    /// 2–40 lower-case letters, digits or `_`, a letter first.
    #[schema(min_length = 2, max_length = 40, pattern = r"^[a-z][a-z0-9_]{1,39}$")]
    pub code: String,
    /// 1–80 characters, not only spaces.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub name: String,
    /// Regular expression matched against the whole normalised QR, e.g. `WH\d{6}`: 1–200
    /// characters, no control characters.
    #[schema(min_length = 1, max_length = 200, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub qr_pattern: String,
    /// 1–1000.
    #[serde(deserialize_with = "crate::whole_number::i32")]
    #[schema(minimum = 1, maximum = 1000)]
    pub max_children: i32,
    /// At least 0.001 kg, at most 999,999.999 (weights are kept to the gram).
    #[schema(minimum = 0.001, maximum = 999999.999)]
    pub expected_weight_kg: f64,
    /// Weight of one child bag; default 1 kg.
    #[serde(default = "one_kg")]
    #[schema(minimum = 0.001, maximum = 999999.999)]
    pub child_weight_kg: f64,
}

fn one_kg() -> f64 {
    1.0
}

/// Dispatch areas.
///
/// Any signed-in user. Every dispatch area by its `code`, the value to send as `area` when creating a
/// dispatcher, opening a return ticket or stamping new parents, and to filter lists by. Retired areas
/// are listed too (`retired: true`; they keep their history but take nothing new); `retired=false`
/// lists only the areas a new parent, user or ticket may name.
#[utoipa::path(get, path = "/api/v1/areas", tag = "configuration", params(AreaListQuery), security(("bearer" = []), ("api_key" = ["read"])),
    responses((status = 200, body = AreaList)))]
pub async fn list_areas(
    state: web::Data<AppState>,
    _caller: Authenticated<Anyone, scope::Read>,
    query: web::Query<AreaListQuery>,
) -> ApiResult<web::Json<AreaList>> {
    let items = area::list_filtered(&state.pool, query.retired).await?.into_iter().map(Area::from).collect();
    Ok(web::Json(AreaList { items }))
}

/// Parent types and their QR patterns, capacities and weights.
///
/// Any signed-in user. A parent QR belongs to the type whose `qr_pattern` it matches in full; a parent
/// completes on its own at `max_children`, and bills weigh it with `expected_weight_kg` and
/// `child_weight_kg`.
#[utoipa::path(get, path = "/api/v1/parent-types", tag = "configuration", security(("bearer" = []), ("api_key" = ["read"])), responses(
    (status = 200, body = ParentTypeList)))]
pub async fn list_parent_types(
    state: web::Data<AppState>,
    _caller: Authenticated<Anyone, scope::Read>,
) -> ApiResult<web::Json<ParentTypeList>> {
    let items = parent_type::list(&state.pool).await?.into_iter().map(ParentType::from).collect();
    Ok(web::Json(ParentTypeList { items }))
}

/// Add a parent type.
///
/// Admins only. Each field is checked (422 names the broken rule) and a code already taken answers 409
/// `duplicate`. A `qr_pattern` that would match QRs of another type in use, or ordinary child QRs, is
/// refused (422 on `qr_pattern`, with an example QR both would match; the check draws sample QRs from
/// each pattern and tests recent bags, so a rare overlap can slip through). Scanning on every instance
/// recognises the new type's QRs at once, and the addition is written to the audit trail.
#[utoipa::path(post, path = "/api/v1/parent-types", tag = "configuration", request_body = CreateParentType,
    security(("bearer" = [])), responses(
    (status = 201, body = ParentType),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 409, description = "The code is taken (`duplicate`)", body = Problem),
    (status = 422, description = "A field breaks a rule, or the pattern overlaps another (`validation_failed`)",
        body = Problem, example = json!({"type": "urn:tracetrack:problem:validation_failed", "title": "Unprocessable Entity",
        "status": 422, "code": "validation_failed",
        "detail": "qr_pattern: SB12345 would match both mustard (SB\\d{5}) and wheat (S.\\d+)",
        "message": "qr_pattern: SB12345 would match both mustard (SB\\d{5}) and wheat (S.\\d+)",
        "instance": "urn:tracetrack:request:…", "request_id": "…",
        "details": {"fields": [{"field": "qr_pattern", "message": "SB12345 would match both mustard (SB\\d{5}) and wheat (S.\\d+)"}]}}))))]
pub async fn create_parent_type(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    body: crate::extract::Json<CreateParentType>,
) -> ApiResult<HttpResponse> {
    let new = NewParentType::parse(
        &body.code,
        &body.name,
        &body.qr_pattern,
        body.max_children,
        body.expected_weight_kg,
        body.child_weight_kg,
    )?;
    let created = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        crate::routes::parent_types::refuse_overlap(&mut *tx, &new.code, &new.qr_pattern).await?;
        let record = NewParentTypeRecord {
            code: &new.code,
            name: &new.name,
            qr_pattern: &new.qr_pattern,
            max_children: new.max_children,
            expected_weight_kg: new.expected_weight_kg,
            child_weight_kg: new.child_weight_kg,
        };
        let created = ParentType::from(parent_type::insert(&mut *tx, record).await?);
        let target = Target("parent_type", &created.code);
        audit_trail::record(&mut *tx, &req, &admin, "parent_type_created", target, None, snapshot(&created)).await?;
        Ok(created)
    })
    .await?;
    state.patterns.invalidate();
    Ok(HttpResponse::Created().json(created))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"name": "TraceTrack", "timezone": "Asia/Kolkata", "utc_offset": "+05:30",
                          "today": "2026-11-30", "now": "2026-11-30T11:20:00+05:30"}))]
pub struct SiteInfo {
    /// The company name printed on bills of dispatch and labels (`TRACETRACK_SITE_NAME`).
    pub name: String,
    /// The site's IANA time zone (`TRACETRACK_TIMEZONE`): every day in the API (`date=`,
    /// `from`/`to` given as dates, reports, file names) is a local day of this zone.
    pub timezone: String,
    /// The zone's offset from UTC now, `±HH:MM`.
    pub utc_offset: String,
    /// Today, in the site's zone.
    pub today: chrono::NaiveDate,
    /// Now, with the site's offset.
    pub now: DateTime<chrono::FixedOffset>,
}

/// The site: its name, time zone and today's date there (the SPA shows times in this zone).
///
/// Any signed-in user. Every day the API speaks of (`date=`, reports, activity, export file names) is a
/// local day of this zone, so a client uses `today` rather than its own clock's date.
#[utoipa::path(get, path = "/api/v1/site", tag = "configuration", security(("bearer" = []), ("api_key" = ["read"])), responses(
    (status = 200, body = SiteInfo)))]
pub async fn site(state: web::Data<AppState>, _caller: Authenticated<Anyone, scope::Read>) -> web::Json<SiteInfo> {
    let zone = state.site.zone;
    let now = Utc::now();
    web::Json(SiteInfo {
        name: state.site.name.clone(),
        timezone: zone.name().to_owned(),
        utc_offset: zone.offset_at(now),
        today: zone.day_of(now),
        now: zone.local(now),
    })
}
