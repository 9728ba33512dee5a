//! Dispatch areas. Retiring one (`retired_at`) keeps it and its history; the triggers of
//! migration 15 refuse new parents, users and return tickets in it. `lock` takes the row
//! `for update`, which waits for (and then makes wait) every change checking the area.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use crate::error::StorageResult;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AreaRecord {
    pub code: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub retired_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "code, name, created_at, retired_at";

/// Every area, retired ones included.
pub async fn list(pool: &PgPool) -> StorageResult<Vec<AreaRecord>> {
    list_filtered(pool, None).await
}

/// Every area, or only the retired (`Some(true)`) or the live ones (`Some(false)`).
pub async fn list_filtered(pool: &PgPool, retired: Option<bool>) -> StorageResult<Vec<AreaRecord>> {
    let sql = format!(
        "select {COLUMNS} from dispatch_areas where $1::bool is null or (retired_at is not null) = $1 order by code"
    );
    Ok(sqlx::query_as(&sql).bind(retired).fetch_all(pool).await?)
}

pub async fn exists(pool: &PgPool, code: &str) -> StorageResult<bool> {
    let (found,): (bool,) = sqlx::query_as("select exists (select 1 from dispatch_areas where code = $1)")
        .bind(code)
        .fetch_one(pool)
        .await?;
    Ok(found)
}

pub async fn insert(conn: &mut PgConnection, code: &str, name: &str) -> StorageResult<AreaRecord> {
    let sql = format!("insert into dispatch_areas (code, name) values ($1, $2) returning {COLUMNS}");
    Ok(sqlx::query_as(&sql).bind(code).bind(name).fetch_one(conn).await?)
}

/// The area, locked until the transaction ends; `NotFound` when there is none.
pub async fn lock(conn: &mut PgConnection, code: &str) -> StorageResult<AreaRecord> {
    let sql = format!("select {COLUMNS} from dispatch_areas where code = $1 for update");
    Ok(sqlx::query_as(&sql).bind(code).fetch_one(conn).await?)
}

/// Renames and/or retires (`Some(true)`) or brings back (`Some(false)`) a locked area. Retiring
/// an area already retired keeps its first date.
pub async fn update(
    conn: &mut PgConnection,
    code: &str,
    name: Option<&str>,
    retired: Option<bool>,
) -> StorageResult<AreaRecord> {
    let sql = format!(
        "update dispatch_areas
         set name = coalesce($2, name),
             retired_at = case when $3::bool is null then retired_at
                               when $3 then coalesce(retired_at, now()) end
         where code = $1
         returning {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql).bind(code).bind(name).bind(retired).fetch_one(conn).await?)
}
