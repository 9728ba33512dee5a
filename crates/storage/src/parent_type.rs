use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use crate::error::StorageResult;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ParentTypeRecord {
    pub code: String,
    pub name: String,
    pub qr_pattern: String,
    pub max_children: i32,
    pub expected_weight_kg: f64,
    pub child_weight_kg: f64,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "code, name, qr_pattern, max_children, expected_weight_kg::float8 as expected_weight_kg, \
                       child_weight_kg::float8 as child_weight_kg, created_at";

pub async fn list(pool: &PgPool) -> StorageResult<Vec<ParentTypeRecord>> {
    let sql = format!("select {COLUMNS} from parent_types order by code");
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}

pub struct NewParentTypeRecord<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub qr_pattern: &'a str,
    pub max_children: i32,
    pub expected_weight_kg: f64,
    pub child_weight_kg: f64,
}

pub async fn insert(conn: &mut PgConnection, new: NewParentTypeRecord<'_>) -> StorageResult<ParentTypeRecord> {
    let sql = format!(
        "insert into parent_types (code, name, qr_pattern, max_children, expected_weight_kg, child_weight_kg)
         values ($1, $2, $3, $4, $5, $6) returning {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(new.code)
        .bind(new.name)
        .bind(new.qr_pattern)
        .bind(new.max_children)
        .bind(new.expected_weight_kg)
        .bind(new.child_weight_kg)
        .fetch_one(conn)
        .await?)
}
