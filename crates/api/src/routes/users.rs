use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use domain::{AreaCode, Password, Role, UserRules, Username};
use serde::Deserialize;
use sqlx::PgConnection;
use storage::auth_changes::AuthChange;
use storage::user::{self, NewUserRecord, UserChanges, UserFilter};
use storage::{audit, refresh_token};
use uuid::Uuid;

use super::users_dto::{CreateUser, UpdateUser, User, UserPage};
use crate::auth::{AdminOnly, Authenticated};
use crate::client;
use crate::error::{ApiError, ApiResult, Problem};
use crate::pagination;
use crate::state::AppState;
use crate::transaction;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UserListQuery {
    pub role: Option<Role>,
    #[param(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub area: Option<String>,
    /// Part of the username or display name, any case.
    #[param(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub q: Option<String>,
    /// Only locked (`true`) or unlocked (`false`) accounts.
    pub locked: Option<bool>,
    /// Page size, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500, example = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page: where the next page starts.
    #[param(max_length = 56, pattern = r"^[0-9]{1,18}\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    pub cursor: Option<String>,
}

/// List users, newest first.
///
/// Admins only. Filters by `role`, `area`, `locked` and `q` (part of the username or display name, any
/// case). Pages hold `limit` users (1–500, default 50); pass the answer's `next_cursor` as `cursor` for
/// the next page, until it is `null`.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(UserListQuery), security(("bearer" = [])),
    responses(
    (status = 200, body = UserPage),
    (status = 400, description = "Bad query string or cursor", body = Problem),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 422, description = "Limit out of range", body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    _admin: Authenticated<AdminOnly>,
    query: web::Query<UserListQuery>,
) -> ApiResult<web::Json<UserPage>> {
    let limit = pagination::limit(query.limit)?;
    let after = query.cursor.as_deref().map(decode_cursor).transpose()?;
    let filter = UserFilter {
        role: query.role.map(Role::as_str),
        area: query.area.as_deref(),
        text: query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()),
        locked: query.locked,
    };
    let mut rows = user::list(&state.pool, filter, after, limit + 1).await?;
    let next_cursor = (rows.len() as i64 > limit).then(|| {
        rows.truncate(limit as usize);
        rows.last()
            .map(|last| pagination::encode(&[&last.created_at.timestamp_micros().to_string(), &last.id.to_string()]))
    });
    Ok(web::Json(UserPage { items: rows.into_iter().map(User::from).collect(), next_cursor: next_cursor.flatten() }))
}

/// `<micros>.<uuid>`, exactly as the document's pattern states: 1–18 digits, a lower-case
/// hyphenated id.
fn decode_cursor(cursor: &str) -> ApiResult<(DateTime<Utc>, Uuid)> {
    let [micros, id] = pagination::decode::<2>(cursor)?;
    let digits = (1..=18).contains(&micros.len()) && micros.bytes().all(|b| b.is_ascii_digit());
    let at = digits.then(|| micros.parse().ok().and_then(DateTime::from_timestamp_micros)).flatten();
    let id = Uuid::try_parse(&id).ok().filter(|parsed| parsed.hyphenated().to_string() == id);
    match (at, id) {
        (Some(at), Some(id)) => Ok((at, id)),
        _ => Err(pagination::bad_cursor(cursor)),
    }
}

/// Create a user.
///
/// Admins only. The username is unique in any case (409 `duplicate`); a dispatcher needs an existing
/// dispatch `area` and admins and billers have none; the password needs at least 8 characters with upper
/// case, lower case, a digit and a symbol. Every broken rule is named in `details.fields` (422), and the
/// new user is written to the audit trail.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = CreateUser, security(("bearer" = [])),
    responses(
    (status = 201, body = User),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 409, description = "Username taken (`duplicate`); `area_retired`: the area takes no new users", body = Problem),
    (status = 422, description = "A field breaks a rule; `details.fields` names each", body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    body: crate::extract::Json<CreateUser>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let (username, password, area) = parse_new_user(&body)?;
    let hash = state.hasher.hash(&password).await?;
    let created = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let record = NewUserRecord {
            username: username.as_str(),
            display_name: body.display_name.trim(),
            password_hash: &hash,
            role: body.role.as_str(),
            area: area.as_ref().map(AreaCode::as_str),
        };
        let created = User::from(user::insert(&mut *tx, record).await.map_err(|e| area_error(e, area.as_ref()))?);
        let mut entry = admin_entry(&req, &admin, "user_created", created.id);
        entry.after = serde_json::to_value(&created).ok();
        audit::record(&mut *tx, entry).await?;
        Ok(created)
    })
    .await?;
    Ok(HttpResponse::Created().json(created))
}

fn parse_new_user(body: &CreateUser) -> ApiResult<(Username, Password, Option<AreaCode>)> {
    let username = Username::parse("username", &body.username);
    let password = Password::parse("password", &body.password);
    let area = body.area.as_deref().map(|a| AreaCode::parse("area", a)).transpose();
    let display = check_display_name(&body.display_name);
    let role_area = match &area {
        Ok(area) => UserRules::check_area(body.role, area.as_ref()),
        Err(_) => Ok(()),
    };
    domain::ValidationError::collect([
        username.as_ref().map(|_| ()).map_err(Clone::clone),
        password.as_ref().map(|_| ()).map_err(Clone::clone),
        area.as_ref().map(|_| ()).map_err(Clone::clone),
        display,
        role_area,
    ])?;
    Ok((username?, password?, area?))
}

fn check_display_name(name: &str) -> Result<(), domain::ValidationError> {
    domain::text::check("display_name", name.trim(), 80)
}

/// An unknown area surfaces as a foreign-key violation; say which field is wrong (users and
/// API keys).
pub(crate) fn area_error(error: storage::StorageError, area: Option<&AreaCode>) -> ApiError {
    match (&error, area) {
        (storage::StorageError::Constraint(name), Some(area)) if name.contains("area") => {
            domain::ValidationError::field("area", format!("there is no dispatch area \"{}\"", area.as_str())).into()
        }
        _ => error.into(),
    }
}

fn admin_entry(
    req: &HttpRequest,
    admin: &Authenticated<AdminOnly>,
    action: &str,
    target: Uuid,
) -> storage::audit::AuditEntry {
    let mut entry = client::audit_entry(req, Some((admin.id(), &admin.claims.username)), action);
    entry.target_kind = Some("user".into());
    entry.target_id = Some(target.to_string());
    entry
}

/// One user.
///
/// Admins only. The user's role, area, language, whether they are locked out now and whether a second
/// factor is on.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = Uuid, Path, description = "The user's id", example = "0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01")),
    security(("bearer" = [])), responses(
    (status = 200, body = User),
    (status = 400, description = "The id is not a UUID", body = Problem),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 404, description = "No such user", body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    _admin: Authenticated<AdminOnly>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<User>> {
    let mut conn = state.pool.acquire().await?;
    let record = user::find_by_id(&mut conn, *id).await.map_err(|e| not_found(e, *id))?;
    Ok(web::Json(record.into()))
}

fn not_found(error: storage::StorageError, id: Uuid) -> ApiError {
    match error {
        storage::StorageError::NotFound => ApiError::not_found(format!("user {id}")),
        other => other.into(),
    }
}

/// Change a user's role, area, display name or password.
///
/// Admins only. Nobody changes their own role; the last admin cannot be demoted (`last_admin`); a
/// dispatcher needs an area and other roles have none. A new password or a new role signs the user
/// out everywhere, and every change is written to the audit trail with the user before and after.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = Uuid, Path, description = "The user's id", example = "0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01")),
    request_body = UpdateUser, security(("bearer" = [])), responses(
    (status = 200, body = User),
    (status = 403, description = "Not an admin, or changing your own role", body = Problem),
    (status = 404, description = "No such user", body = Problem),
    (status = 409, description = "Would remove the last admin (`last_admin`), or the role or area named does not fit the other as the user has it (`area_conflict`: a dispatcher needs an area, admins and billers have none); `area_retired`: the area takes no new users", body = Problem),
    (status = 422, description = "A field breaks a rule", body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    id: web::Path<Uuid>,
    body: crate::extract::Json<UpdateUser>,
) -> ApiResult<web::Json<User>> {
    let (id, body) = (id.into_inner(), body.into_inner());
    let password = body.password.as_deref().map(|p| Password::parse("password", p)).transpose()?;
    // A role and an area named together must fit each other whoever the user is (422, as the
    // schema states); one named alone is checked against the user as they are (409 below).
    if let (Some(role), Some(area)) = (body.role, &body.area) {
        let area = area.as_deref().map(|a| AreaCode::parse("area", a)).transpose()?;
        UserRules::check_area(role, area.as_ref())?;
    }
    if let Some(name) = &body.display_name {
        check_display_name(name)?;
    }
    let hash = match &password {
        Some(password) => Some(state.hasher.hash(password).await?),
        None => None,
    };
    let updated = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let other_admins = user::lock_admins_and_count_others(&mut *tx, id).await?;
        let current = user::find_by_id_for_update(&mut *tx, id).await.map_err(|e| not_found(e, id))?;
        let before = User::from(current.clone());
        let role = body.role.unwrap_or(before.role);
        let area = match &body.area {
            Some(area) => area.as_deref().map(|a| AreaCode::parse("area", a)).transpose()?,
            // A role change away from dispatcher drops the area; otherwise it stays.
            None if role.is_area_bound() => current.area.as_deref().map(|a| AreaCode::parse("area", a)).transpose()?,
            None => None,
        };
        UserRules::check_changed_area(role, area.as_ref()).map_err(ApiError::from)?;
        UserRules::check_role_change(admin.id() == id, before.role, role, other_admins).map_err(ApiError::from)?;
        let changes = UserChanges {
            display_name: body.display_name.as_deref().map(str::trim),
            role: role.as_str(),
            area: area.as_ref().map(AreaCode::as_str),
            password_hash: hash.as_deref(),
        };
        let updated = User::from(user::update(&mut *tx, id, changes).await.map_err(|e| area_error(e, area.as_ref()))?);
        if hash.is_some() || role != before.role {
            refresh_token::revoke_all_for_user(&mut *tx, id).await?;
        }
        let mut entry = admin_entry(&req, &admin, "user_updated", id);
        entry.before = serde_json::to_value(&before).ok();
        entry.after = serde_json::to_value(&updated).ok();
        audit::record(&mut *tx, entry).await?;
        Ok(updated)
    })
    .await?;
    state.revocation.heard(AuthChange::User(id));
    Ok(web::Json(updated))
}

/// Delete a user. Their history stays, attributed to them; their sessions end.
///
/// Admins only. Nobody deletes themselves (403), and the last admin stays (409 `last_admin`). The
/// account is marked deleted rather than removed, so events and audit entries keep naming it; every
/// refresh token of the user is revoked.
#[utoipa::path(delete, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = Uuid, Path, description = "The user's id", example = "0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01")),
    security(("bearer" = [])), responses(
    (status = 204, description = "Deleted"),
    (status = 403, description = "Not an admin, or deleting yourself", body = Problem),
    (status = 404, description = "No such user", body = Problem),
    (status = 409, description = "The last admin (`last_admin`)", body = Problem)))]
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let other_admins = user::lock_admins_and_count_others(&mut *tx, id).await?;
        let current = User::from(user::find_by_id_for_update(&mut *tx, id).await.map_err(|e| not_found(e, id))?);
        UserRules::check_delete(admin.id() == id, current.role, other_admins).map_err(ApiError::from)?;
        user::soft_delete(&mut *tx, id).await?;
        refresh_token::revoke_all_for_user(&mut *tx, id).await?;
        let mut entry = admin_entry(&req, &admin, "user_deleted", id);
        entry.before = serde_json::to_value(&current).ok();
        audit::record(&mut *tx, entry).await?;
        Ok(())
    })
    .await?;
    state.revocation.heard(AuthChange::User(id));
    Ok(HttpResponse::NoContent().finish())
}

/// Lift a lockout now instead of waiting 15 minutes.
///
/// Admins only. The user may sign in again at once; the unlock is written to the audit trail.
#[utoipa::path(post, path = "/api/v1/users/{id}/unlock", tag = "users",
    params(("id" = Uuid, Path, description = "The user's id", example = "0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01")),
    security(("bearer" = [])), responses(
    (status = 200, body = User),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 404, description = "No such user", body = Problem)))]
pub async fn unlock(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<User>> {
    let id = id.into_inner();
    let unlocked = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let unlocked = User::from(user::unlock(&mut *tx, id).await.map_err(|e| not_found(e, id))?);
        audit::record(&mut *tx, admin_entry(&req, &admin, "user_unlocked", id)).await?;
        Ok(unlocked)
    })
    .await?;
    Ok(web::Json(unlocked))
}
