//! Adding, renaming and retiring dispatch areas (issue #17). Listing them is in `config.rs`.

use actix_web::{HttpRequest, HttpResponse, web};
use domain::area::{NewArea, parse_area_name};
use serde::Deserialize;
use sqlx::PgConnection;
use storage::area;

use crate::audit_trail::{self, Target, snapshot};
use crate::auth::{AdminOnly, Authenticated};
use crate::error::{ApiError, ApiResult, Problem};
use crate::routes::config::Area;
use crate::state::AppState;
use crate::transaction;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "kota", "name": "Kota"}))]
pub struct CreateArea {
    /// 2–40 lower-case letters, digits or `_`, a letter first (upper case is lowered).
    #[schema(min_length = 2, max_length = 40, pattern = r"^[A-Za-z][A-Za-z0-9_]{1,39}$")]
    pub code: String,
    /// 1–80 characters, not only spaces.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub name: String,
}

/// Fields to change; an absent field keeps its value.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"retired": true}))]
pub struct UpdateArea {
    /// 1–80 characters, not only spaces.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub name: Option<String>,
    /// `true` retires the area: it keeps its bags, users, tickets and history, but no new parent,
    /// user or return ticket may be put in it (409 `area_retired`). `false` brings it back.
    pub retired: Option<bool>,
}

/// Add a dispatch area.
///
/// Admins only. The code is what users, bags and return tickets name; a code already taken answers
/// 409 `duplicate`. The addition is written to the audit trail.
#[utoipa::path(post, path = "/api/v1/areas", tag = "configuration", request_body = CreateArea,
    security(("bearer" = [])), responses(
    (status = 201, body = Area),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 409, description = "The code is taken (`duplicate`)", body = Problem),
    (status = 422, description = "A field breaks a rule", body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    body: crate::extract::Json<CreateArea>,
) -> ApiResult<HttpResponse> {
    let new = NewArea::parse(&body.code, &body.name)?;
    let created = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let created = Area::from(area::insert(&mut *tx, new.code.as_str(), &new.name).await?);
        let target = Target("area", &created.code);
        audit_trail::record(&mut *tx, &req, &admin, "area_created", target, None, snapshot(&created)).await?;
        Ok(created)
    })
    .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Rename, retire or bring back a dispatch area.
///
/// Admins only. A retired area still lists (`retired: true`) and everything in it keeps working, but
/// a new parent (scan or manual bill entry), user or return ticket in it is refused with 409
/// `area_retired`. Retiring takes the area's row lock, so a parent being created in it at that
/// moment is either in before the area retires or refused. Written to the audit trail with the area
/// before and after.
#[utoipa::path(patch, path = "/api/v1/areas/{code}", tag = "configuration",
    params(("code" = String, Path, description = "The area's code", example = "sri_ganganagar")),
    request_body = UpdateArea, security(("bearer" = [])), responses(
    (status = 200, body = Area),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 404, description = "No such area", body = Problem),
    (status = 422, description = "A field breaks a rule", body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    code: web::Path<String>,
    body: crate::extract::Json<UpdateArea>,
) -> ApiResult<web::Json<Area>> {
    let name = body.name.as_deref().map(parse_area_name).transpose()?;
    let code = code.trim().to_lowercase();
    let updated = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let before = Area::from(area::lock(&mut *tx, &code).await.map_err(|e| not_found(e, &code))?);
        let after = Area::from(area::update(&mut *tx, &code, name.as_deref(), body.retired).await?);
        let target = Target("area", &code);
        audit_trail::record(&mut *tx, &req, &admin, "area_updated", target, snapshot(&before), snapshot(&after))
            .await?;
        Ok(after)
    })
    .await?;
    Ok(web::Json(updated))
}

fn not_found(error: storage::StorageError, code: &str) -> ApiError {
    match error {
        storage::StorageError::NotFound => ApiError::not_found(format!("area {code}")),
        other => other.into(),
    }
}
