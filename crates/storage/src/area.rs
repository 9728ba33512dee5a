use chrono::{DateTime, Utc};
use sqlx::PgPool;

use crate::error::StorageResult;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AreaRecord {
    pub code: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

pub async fn list(pool: &PgPool) -> StorageResult<Vec<AreaRecord>> {
    Ok(sqlx::query_as("select code, name, created_at from dispatch_areas order by code").fetch_all(pool).await?)
}

pub async fn exists(pool: &PgPool, code: &str) -> StorageResult<bool> {
    let (found,): (bool,) = sqlx::query_as("select exists (select 1 from dispatch_areas where code = $1)")
        .bind(code)
        .fetch_one(pool)
        .await?;
    Ok(found)
}
