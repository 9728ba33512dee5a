//! API keys for integrations (issue 18): admins create, list, rotate and revoke them. A key's
//! secret is answered once, on creation or rotation, and never again.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use domain::AreaCode;
use domain::integration::{self, Scope};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use storage::api_key::{self, ApiKeyRecord, NewApiKey};
use storage::auth_changes::AuthChange;
use uuid::Uuid;

use crate::audit_trail::{self, Target, snapshot};
use crate::auth::api_key::generate;
use crate::auth::{AdminOnly, Authenticated};
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use crate::transaction;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "ERP sync", "scopes": ["read", "epcis"]}))]
pub struct CreateApiKey {
    /// What the key is for, e.g. the integration's name: 1–80 characters.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub name: String,
    /// What the key may do. `read`: lists, details, trace, history, dashboard, reports; `scan`:
    /// parent and child scans, complete, undo, unlink, EPCIS capture; `bill`: bills and return
    /// tickets; `export`: exports and printed documents; `epcis`: the EPCIS 2.0 feed. Users, keys, webhooks,
    /// configuration, imports and the audit trail stay with people.
    #[schema(min_items = 1, max_items = 5)]
    pub scopes: Vec<Scope>,
    /// Confines the key to one dispatch area, as a dispatcher is (then neither `bill` nor
    /// `export`, which reach every area).
    #[schema(min_length = 2, max_length = 40, pattern = r"^[A-Za-z][A-Za-z0-9_]{1,39}$")]
    pub area: Option<String>,
    /// Requests a minute this key may make (answered 429 with `Retry-After` beyond it); absent:
    /// the per-user limit of the site.
    #[schema(minimum = 1, maximum = 1_000_000)]
    pub requests_per_minute: Option<i32>,
}

/// A key as admins see it: never its secret.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"id": "4f1c2a9b-e03d-4b7a-9d51-2f0c8e6a1b23", "name": "ERP sync", "prefix": "tt_Zx81Qa",
    "scopes": ["epcis", "read"], "area": null, "requests_per_minute": 600, "acts_as": "key.4f1c2a9be03d",
    "created_by": "0b6f3c1e-7a52-4d8e-b1c9-3e5d7f9a2c41", "created_at": "2026-11-30T09:00:00Z", "rotated_at": null,
    "last_used_at": "2026-11-30T10:15:00Z", "revoked_at": null}))]
pub struct ApiKey {
    pub id: Uuid,
    pub name: String,
    /// The secret's first characters, to tell keys apart.
    #[schema(example = "tt_Zx81Qa")]
    pub prefix: String,
    pub scopes: Vec<Scope>,
    pub area: Option<String>,
    pub requests_per_minute: Option<i32>,
    /// The name its changes carry in history and the audit trail.
    #[schema(example = "key.4f1c2a9be03d")]
    pub acts_as: String,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub rotated_at: Option<DateTime<Utc>>,
    /// When the key was last used (written at most once a minute).
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiKeyRecord> for ApiKey {
    fn from(row: ApiKeyRecord) -> Self {
        Self {
            id: row.id,
            name: row.name,
            prefix: row.prefix,
            scopes: row.scopes.iter().filter_map(|s| Scope::parse(s)).collect(),
            area: row.area,
            requests_per_minute: row.rate_limit,
            acts_as: row.username,
            created_by: row.created_by,
            created_at: row.created_at,
            rotated_at: row.rotated_at,
            last_used_at: row.last_used_at,
            revoked_at: row.revoked_at,
        }
    }
}

/// A key with its secret: answered once, when created or rotated.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IssuedApiKey {
    #[serde(flatten)]
    pub key: ApiKey,
    /// Send as `Authorization: Bearer <secret>` or `X-Api-Key: <secret>`. Shown this once:
    /// only its SHA-256 is kept.
    #[schema(example = "tt_Zx81QaV0r3dYp4h5pBq9s2KcLm7nWt6uEe1fGj8HiJo")]
    pub secret: String,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `true` lists revoked keys too.
    #[serde(default)]
    pub include_revoked: bool,
}

/// Create an API key.
///
/// Admins only. The answer holds the secret, once. The key acts as a user of its own
/// (`acts_as`), so everything it changes is attributed to it in history and the audit trail.
/// Written to the audit trail.
#[utoipa::path(post, path = "/api/v1/api-keys", tag = "integrations", request_body = CreateApiKey,
    security(("bearer" = [])), responses(
    (status = 201, body = IssuedApiKey),
    (status = 403, description = "Not an admin (or an API key)", body = Problem),
    (status = 409, description = "The area is retired (`area_retired`)", body = Problem),
    (status = 422, description = "A field breaks a rule", body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    body: crate::extract::Json<CreateApiKey>,
) -> ApiResult<HttpResponse> {
    let name = integration::parse_name("name", &body.name);
    let area = body.area.as_deref().map(|raw| AreaCode::parse("area", raw)).transpose();
    let scopes = integration::check_scopes(&body.scopes, body.area.is_some());
    let rate = match body.requests_per_minute {
        Some(n) if !(1..=1_000_000).contains(&n) => {
            Err(domain::ValidationError::field("requests_per_minute", "must be 1–1,000,000"))
        }
        _ => Ok(()),
    };
    domain::ValidationError::collect([
        name.as_ref().map(|_| ()).map_err(Clone::clone),
        area.as_ref().map(|_| ()).map_err(Clone::clone),
        scopes.as_ref().map(|_| ()).map_err(Clone::clone),
        rate,
    ])?;
    let (name, area, scopes) = (name?, area?, scopes?);
    let scope_names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    let secret = generate();
    let issued = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let new = NewApiKey {
            id: Uuid::new_v4(),
            name: &name,
            prefix: &secret.prefix,
            secret_hash: &secret.hash,
            scopes: &scope_names,
            area: area.as_ref().map(AreaCode::as_str),
            rate_limit: body.requests_per_minute,
            created_by: admin.id(),
        };
        let key =
            ApiKey::from(api_key::insert(&mut *tx, new).await.map_err(|e| super::users::area_error(e, area.as_ref()))?);
        let target = Target("api_key", &key.id.to_string());
        audit_trail::record(&mut *tx, &req, &admin, "api_key_created", target, None, snapshot(&key)).await?;
        Ok(key)
    })
    .await?;
    Ok(HttpResponse::Created().json(IssuedApiKey { key: issued, secret: secret.secret }))
}

/// List API keys.
///
/// Admins only; newest first; live keys only unless `include_revoked=true`. Secrets are never
/// listed.
#[utoipa::path(get, path = "/api/v1/api-keys", tag = "integrations", params(ListQuery),
    security(("bearer" = [])), responses(
    (status = 200, body = Vec<ApiKey>),
    (status = 403, description = "Not an admin (or an API key)", body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    _admin: Authenticated<AdminOnly>,
    query: web::Query<ListQuery>,
) -> ApiResult<web::Json<Vec<ApiKey>>> {
    let rows = api_key::list(&state.pool, !query.include_revoked).await?;
    Ok(web::Json(rows.into_iter().map(ApiKey::from).collect()))
}

/// Revoke an API key.
///
/// Admins only. The key stops working at once on every instance (its next request answers
/// 401). Written to the audit trail.
#[utoipa::path(delete, path = "/api/v1/api-keys/{id}", tag = "integrations",
    params(("id" = Uuid, Path, description = "The key's id", example = "4f1c2a9b-e03d-4b7a-9d51-2f0c8e6a1b23")),
    security(("bearer" = [])), responses(
    (status = 200, body = ApiKey),
    (status = 403, description = "Not an admin (or an API key)", body = Problem),
    (status = 404, description = "No live key with this id", body = Problem)))]
pub async fn revoke(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ApiKey>> {
    let id = id.into_inner();
    let revoked = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let key = ApiKey::from(api_key::revoke(&mut *tx, id).await.map_err(|e| not_found(e, id))?);
        audit_trail::record(
            &mut *tx,
            &req,
            &admin,
            "api_key_revoked",
            Target("api_key", &id.to_string()),
            None,
            snapshot(&key),
        )
        .await?;
        Ok(key)
    })
    .await?;
    // This instance at once; the others when the database's announcement reaches them.
    state.revocation.heard(AuthChange::User(id));
    Ok(web::Json(revoked))
}

/// Rotate an API key's secret.
///
/// Admins only. Answers the new secret, once; the old one stops working at once. The key keeps
/// its id, scopes, area and history. Written to the audit trail.
#[utoipa::path(post, path = "/api/v1/api-keys/{id}/rotate", tag = "integrations",
    params(("id" = Uuid, Path, description = "The key's id", example = "4f1c2a9b-e03d-4b7a-9d51-2f0c8e6a1b23")),
    security(("bearer" = [])), responses(
    (status = 200, body = IssuedApiKey),
    (status = 403, description = "Not an admin (or an API key)", body = Problem),
    (status = 404, description = "No live key with this id", body = Problem)))]
pub async fn rotate(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<IssuedApiKey>> {
    let id = id.into_inner();
    let secret = generate();
    let rotated = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let key = api_key::rotate(&mut *tx, id, &secret.prefix, &secret.hash).await.map_err(|e| not_found(e, id))?;
        let key = ApiKey::from(key);
        audit_trail::record(
            &mut *tx,
            &req,
            &admin,
            "api_key_rotated",
            Target("api_key", &id.to_string()),
            None,
            snapshot(&key),
        )
        .await?;
        Ok(key)
    })
    .await?;
    state.revocation.heard(AuthChange::User(id));
    Ok(web::Json(IssuedApiKey { key: rotated, secret: secret.secret }))
}

fn not_found(error: storage::StorageError, id: Uuid) -> ApiError {
    match error {
        storage::StorageError::NotFound => ApiError::not_found(format!("live API key {id}")),
        other => other.into(),
    }
}
