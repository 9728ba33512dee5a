//! API keys (migration 17). Each key is also a user of kind `integration` with the same id, so
//! what it does is recorded as done by it, and revoking or rotating it bumps that user's
//! `auth_version`, which every instance hears at once (`auth_changes`).

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::error::StorageResult;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiKeyRecord {
    pub id: Uuid,
    pub name: String,
    pub prefix: String,
    pub scopes: Vec<String>,
    pub area: Option<String>,
    pub rate_limit: Option<i32>,
    pub username: String,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub rotated_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "k.id, k.name, k.prefix, k.scopes, k.area, k.rate_limit, u.username, k.created_by, k.created_at, \
                       k.rotated_at, k.last_used_at, k.revoked_at";

pub struct NewApiKey<'a> {
    pub id: Uuid,
    pub name: &'a str,
    pub prefix: &'a str,
    pub secret_hash: &'a [u8],
    pub scopes: &'a [&'a str],
    pub area: Option<&'a str>,
    pub rate_limit: Option<i32>,
    pub created_by: Uuid,
}

/// Creates the key and its user. Without an area it acts with a biller's reach (every area);
/// with one, with a dispatcher's (that area only). Its scopes narrow either further.
pub async fn insert(conn: &mut PgConnection, key: NewApiKey<'_>) -> StorageResult<ApiKeyRecord> {
    let role = if key.area.is_some() { "dispatcher" } else { "biller" };
    let username = format!("key.{}", &key.id.simple().to_string()[..12]);
    sqlx::query(
        "insert into users (id, username, display_name, password_hash, role, area, kind)
         values ($1, $2, $3, '', $4, $5, 'integration')",
    )
    .bind(key.id)
    .bind(&username)
    .bind(key.name)
    .bind(role)
    .bind(key.area)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into api_keys (id, name, prefix, secret_hash, scopes, area, rate_limit, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(key.id)
    .bind(key.name)
    .bind(key.prefix)
    .bind(key.secret_hash)
    .bind(key.scopes)
    .bind(key.area)
    .bind(key.rate_limit)
    .bind(key.created_by)
    .execute(&mut *conn)
    .await?;
    find(conn, key.id).await
}

pub async fn find(conn: &mut PgConnection, id: Uuid) -> StorageResult<ApiKeyRecord> {
    let sql = format!("select {COLUMNS} from api_keys k join users u on u.id = k.id where k.id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_one(conn).await?)
}

/// Every key, newest first, revoked ones included unless `live_only`.
pub async fn list(pool: &PgPool, live_only: bool) -> StorageResult<Vec<ApiKeyRecord>> {
    let sql = format!(
        "select {COLUMNS} from api_keys k join users u on u.id = k.id
         where not $1 or k.revoked_at is null
         order by k.created_at desc, k.id desc"
    );
    Ok(sqlx::query_as(&sql).bind(live_only).fetch_all(pool).await?)
}

/// Revokes a live key: the key and its user end together (the user's deletion bumps its
/// `auth_version`). `NotFound` when there is no live key with this id.
pub async fn revoke(conn: &mut PgConnection, id: Uuid) -> StorageResult<ApiKeyRecord> {
    sqlx::query("update api_keys set revoked_at = now() where id = $1 and revoked_at is null returning id")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query("update users set deleted_at = now(), updated_at = now() where id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    find(conn, id).await
}

/// Replaces a live key's secret; the old one stops working at once (the version bump).
pub async fn rotate(
    conn: &mut PgConnection,
    id: Uuid,
    prefix: &str,
    secret_hash: &[u8],
) -> StorageResult<ApiKeyRecord> {
    sqlx::query(
        "update api_keys set prefix = $2, secret_hash = $3, rotated_at = now()
         where id = $1 and revoked_at is null returning id",
    )
    .bind(id)
    .bind(prefix)
    .bind(secret_hash)
    .fetch_one(&mut *conn)
    .await?;
    crate::user::bump_auth_version(&mut *conn, id).await?;
    find(conn, id).await
}

/// What a request presenting a key acts as.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyPrincipal {
    pub id: Uuid,
    pub username: String,
    pub role: String,
    pub area: Option<String>,
    pub scopes: Vec<String>,
    pub rate_limit: Option<i32>,
    pub auth_version: i64,
}

/// The live key whose secret hashes to `secret_hash`, if any.
pub async fn principal(pool: &PgPool, secret_hash: &[u8]) -> StorageResult<Option<KeyPrincipal>> {
    Ok(sqlx::query_as(
        "select k.id, u.username, u.role, u.area, k.scopes, k.rate_limit, u.auth_version
         from api_keys k join users u on u.id = k.id
         where k.secret_hash = $1 and k.revoked_at is null and u.deleted_at is null",
    )
    .bind(secret_hash)
    .fetch_optional(pool)
    .await?)
}

/// Records that keys were used (at most once a minute per key and instance, by the caller).
pub async fn touch(pool: &PgPool, ids: &[Uuid]) -> StorageResult<()> {
    sqlx::query("update api_keys set last_used_at = now() where id = any($1) and revoked_at is null")
        .bind(ids)
        .execute(pool)
        .await?;
    Ok(())
}
