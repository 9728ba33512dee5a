//! Parent types. Changing one runs under the type's row lock (`lock`, `for update`): every new
//! parent reads its type `for key share` (the insert in `scan.rs` and the trigger of migration 15),
//! and so does every change of a bill's weights, so none of them runs halfway through an edit:
//! each sees the type either before it or after it, never a mix.

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
    pub retired_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "code, name, qr_pattern, max_children, expected_weight_kg::float8 as expected_weight_kg, \
                       child_weight_kg::float8 as child_weight_kg, created_at, retired_at";

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

/// The type, locked until the transaction ends; `NotFound` when there is none.
pub async fn lock(conn: &mut PgConnection, code: &str) -> StorageResult<ParentTypeRecord> {
    let sql = format!("select {COLUMNS} from parent_types where code = $1 for update");
    Ok(sqlx::query_as(&sql).bind(code).fetch_one(conn).await?)
}

/// Makes changes of patterns (a new type, a new pattern, a type brought back) run one at a time,
/// so two admins cannot each add a pattern that overlaps the other's, both having checked first.
pub async fn serialise_pattern_changes(conn: &mut PgConnection) -> StorageResult<()> {
    sqlx::query("select pg_advisory_xact_lock(hashtext('tracetrack.parent_type_patterns'))").execute(conn).await?;
    Ok(())
}

/// (code, pattern) of every type still in use.
pub async fn live_patterns(conn: &mut PgConnection) -> StorageResult<Vec<(String, String)>> {
    Ok(sqlx::query_as("select code, qr_pattern from parent_types where retired_at is null order by code")
        .fetch_all(conn)
        .await?)
}

/// How many parents a type has (a pattern may change only while it has none).
pub async fn parents_of(conn: &mut PgConnection, code: &str) -> StorageResult<i64> {
    Ok(sqlx::query_scalar("select count(*) from bags where kind = 'parent' and parent_type = $1")
        .bind(code)
        .fetch_one(conn)
        .await?)
}

/// The newest bags' QRs, to test a new pattern against: (QR, type) of parents, and children.
/// A sample, not every bag: reading 1.5 M QRs for an admin's edit would cost more than it tells.
pub async fn recent_qrs(conn: &mut PgConnection, limit: i64) -> StorageResult<(Vec<(String, String)>, Vec<String>)> {
    let parents = sqlx::query_as(
        "select qr, parent_type from bags where kind = 'parent' and parent_type is not null order by id desc limit $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let children = sqlx::query_scalar("select qr from bags where kind = 'child' order by id desc limit $1")
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    Ok((parents, children))
}

/// Locks every open (not completed) parent of the type and answers how many hold more than
/// `max` children, and the most any of them holds. Locked, so no child scan can add to one
/// between this count and [`apply_max_children`].
pub async fn lock_open_parents_over(conn: &mut PgConnection, code: &str, max: i32) -> StorageResult<(i64, i32)> {
    Ok(sqlx::query_as(
        "select count(*) filter (where child_count > $2), coalesce(max(child_count), 0)
         from (select child_count from bags
               where kind = 'parent' and status <> 'completed' and parent_type = $1
               for update) open_parents",
    )
    .bind(code)
    .bind(max)
    .fetch_one(conn)
    .await?)
}

/// Gives the type's open parents the new maximum; one that now holds exactly that many is
/// completed, as a scan of its last child would have (SPEC §3). Completed parents keep the
/// maximum they were packed to. Answers (QR, area) of the parents completed here.
pub async fn apply_max_children(
    conn: &mut PgConnection,
    code: &str,
    max: i32,
) -> StorageResult<Vec<(String, Option<String>)>> {
    Ok(sqlx::query_as(
        "with changed as (
             update bags set max_children = $2,
                    status = case when child_count >= $2 then 'completed' else status end,
                    completed_at = case when child_count >= $2 then now() else completed_at end,
                    updated_at = now()
             where kind = 'parent' and status <> 'completed' and parent_type = $1 and max_children <> $2
             returning qr, area, status)
         select qr, area from changed where status = 'completed' order by qr",
    )
    .bind(code)
    .bind(max)
    .fetch_all(conn)
    .await?)
}

/// Keeps the bills' weights equal to the sum over their parents after the type's weights change
/// from `old` to `new` (expected kg per parent, kg per child). Every bill holding parents of the
/// type is adjusted, completed ones too, so taking a parent off later subtracts what was added.
pub async fn reweigh_bills(
    conn: &mut PgConnection,
    code: &str,
    old: (f64, f64),
    new: (f64, f64),
) -> StorageResult<u64> {
    let done = sqlx::query(
        "update bills set expected_weight_kg = expected_weight_kg + on_bill.parents * ($3::numeric - $2::numeric),
                actual_weight_kg = actual_weight_kg + on_bill.children * ($5::numeric - $4::numeric),
                updated_at = now()
         from (select bill_id, count(*) as parents, sum(child_count) as children
               from bags where kind = 'parent' and parent_type = $1 and bill_id is not null
               group by bill_id) on_bill
         where bills.id = on_bill.bill_id",
    )
    .bind(code)
    .bind(old.0)
    .bind(new.0)
    .bind(old.1)
    .bind(new.1)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// An edit of a locked type; `None` leaves a field as it is. `retired`: `Some(true)` retires
/// (keeping the first date), `Some(false)` brings the type back.
#[derive(Debug, Default)]
pub struct ParentTypeUpdate<'a> {
    pub name: Option<&'a str>,
    pub qr_pattern: Option<&'a str>,
    pub max_children: Option<i32>,
    pub expected_weight_kg: Option<f64>,
    pub child_weight_kg: Option<f64>,
    pub retired: Option<bool>,
}

pub async fn update(
    conn: &mut PgConnection,
    code: &str,
    change: ParentTypeUpdate<'_>,
) -> StorageResult<ParentTypeRecord> {
    let sql = format!(
        "update parent_types
         set name = coalesce($2, name), qr_pattern = coalesce($3, qr_pattern),
             max_children = coalesce($4, max_children),
             expected_weight_kg = coalesce($5::numeric, expected_weight_kg),
             child_weight_kg = coalesce($6::numeric, child_weight_kg),
             retired_at = case when $7::bool is null then retired_at when $7 then coalesce(retired_at, now()) end
         where code = $1
         returning {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(code)
        .bind(change.name)
        .bind(change.qr_pattern)
        .bind(change.max_children)
        .bind(change.expected_weight_kg)
        .bind(change.child_weight_kg)
        .bind(change.retired)
        .fetch_one(conn)
        .await?)
}
