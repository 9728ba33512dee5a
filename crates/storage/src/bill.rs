//! Bills of dispatch (SPEC §4). Lock order everywhere: parent bag row, then bill row — the same
//! order as a child scan into a billed parent — so no two transactions wait on each other in a
//! cycle. The capacity and one-bill-per-parent rules hold because loading takes the bill's row
//! lock (counts are read and written under it) and a parent's bill is one column.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use domain::bill::{self, BillState, BillStatus};
use serde_json::json;
use sqlx::{FromRow, PgConnection, PgPool};

use crate::bag::{self, BagRecord};
use crate::counter::{self, Delta};
use crate::error::{StorageResult, WriteError, WriteResult};
use crate::event::{self, Actor, NewEvent};
use crate::list_sql::ListSql;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BillRecord {
    pub id: i64,
    pub code: String,
    pub status: String,
    pub capacity: i32,
    pub linked_count: i32,
    pub returned_count: i32,
    pub child_count: i32,
    pub actual_weight_kg: f64,
    pub expected_weight_kg: f64,
    pub description: String,
    pub destination: String,
    pub vehicle_number: String,
    /// The weighbridge's figure for the truck, when the biller entered it.
    pub weighbridge_weight_kg: Option<f64>,
    pub created_by: Option<uuid::Uuid>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl BillRecord {
    pub fn state(&self) -> BillState {
        BillState {
            code: self.code.clone(),
            status: BillStatus::parse(&self.status).unwrap_or(BillStatus::Processing),
            capacity: self.capacity,
            linked_count: self.linked_count,
            returned_count: self.returned_count,
        }
    }
}

const COLUMNS: &str = "id, code, status, capacity, linked_count, returned_count, child_count,
    actual_weight_kg::float8 as actual_weight_kg, expected_weight_kg::float8 as expected_weight_kg,
    description, destination, vehicle_number, weighbridge_weight_kg::float8 as weighbridge_weight_kg,
    created_by, created_at, completed_at";

pub struct NewBill<'a> {
    pub code: &'a str,
    pub capacity: i32,
    pub description: &'a str,
    pub destination: &'a str,
    pub vehicle_number: &'a str,
    pub weighbridge_weight_kg: Option<f64>,
}

/// Creates a bill with its `bill_created` event and its count, in one statement (one round trip
/// instead of three).
pub async fn create(conn: &mut PgConnection, new: NewBill<'_>, actor: &Actor) -> WriteResult<BillRecord> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "with bill as (
                 insert into bills (code, capacity, description, destination, vehicle_number, created_by,
                                    weighbridge_weight_kg)
                 values ($17, $18, $19, $20, $21, $1, $22)
                 returning {COLUMNS}
             ), {events}, {counters}
             select * from bill",
            events = event::insert_cte(1),
            counters = counter::upsert_ctes(12),
        )
    });
    let events = [NewEvent {
        kind: "bill_created",
        bill_code: Some(new.code.to_owned()),
        details: Some(json!({ "capacity": new.capacity, "destination": new.destination })),
        ..NewEvent::default()
    }];
    let counted = counter::Prepared::new(vec![Delta::new("bills_new", None, None, 1)]);
    let row = counted
        .bind(event::bind(sqlx::query(&SQL), actor, &events))
        .bind(new.code)
        .bind(new.capacity)
        .bind(new.description)
        .bind(new.destination)
        .bind(new.vehicle_number)
        .bind(new.weighbridge_weight_kg)
        .fetch_one(conn)
        .await?;
    Ok(BillRecord::from_row(&row)?)
}

pub async fn find(conn: &mut PgConnection, code: &str) -> WriteResult<BillRecord> {
    let sql = format!("select {COLUMNS} from bills where code = $1");
    let found: Option<BillRecord> = sqlx::query_as(&sql).bind(code).fetch_optional(conn).await?;
    found.ok_or_else(|| WriteError::NotFound(format!("bill {code}")))
}

pub(crate) async fn lock_for_load(conn: &mut PgConnection, code: &str) -> WriteResult<BillRecord> {
    let sql = format!("select {COLUMNS} from bills where code = $1 for update");
    let found: Option<BillRecord> = sqlx::query_as(&sql).bind(code).fetch_optional(conn).await?;
    found.ok_or_else(|| WriteError::NotFound(format!("bill {code}")))
}

/// The parents loaded on a bill, most recently loaded first.
pub async fn parents(conn: &mut PgConnection, bill_id: i64) -> WriteResult<Vec<BagRecord>> {
    let sql = format!("{} where b.bill_id = $1 order by b.billed_at desc, b.id desc", bag::VIEW);
    Ok(sqlx::query_as(&sql).bind(bill_id).fetch_all(conn).await?)
}

#[derive(Debug, Clone, Default)]
pub struct BillFilter {
    pub status: Option<String>,
    pub text: Option<String>,
    pub created_by: Option<uuid::Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

pub async fn list(
    pool: &PgPool,
    filter: &BillFilter,
    before_id: Option<i64>,
    limit: i64,
) -> WriteResult<Vec<BillRecord>> {
    let mut sql = ListSql::new(format!("select {COLUMNS} from bills where true"));
    sql.closed("status", filter.status.as_deref(), &["new", "processing", "completed"]);
    if let Some(text) = &filter.text {
        sql.text(
            " and strpos(lower(code || ' ' || description || ' ' || destination || ' ' || vehicle_number), lower(",
        );
        sql.bind(text.as_str());
        sql.text(")) > 0");
    }
    if filter.from.is_some() || filter.to.is_some() {
        sql.plan_per_call();
    }
    sql.equal("created_by", filter.created_by);
    sql.compare("created_at >= ", filter.from);
    sql.compare("created_at < ", filter.to);
    sql.compare("id < ", before_id);
    sql.text(" order by id desc limit ");
    sql.bind(limit);
    Ok(sql.build_query_as().fetch_all(pool).await?)
}

#[derive(Debug, Clone)]
pub struct BillChanges {
    pub capacity: Option<i32>,
    pub description: Option<String>,
    pub destination: Option<String>,
    pub vehicle_number: Option<String>,
    /// `Some(None)` clears it.
    pub weighbridge_weight_kg: Option<Option<f64>>,
}

pub async fn update(
    conn: &mut PgConnection,
    code: &str,
    changes: BillChanges,
    actor: &Actor,
) -> WriteResult<(BillRecord, BillRecord)> {
    let current = lock_for_load(conn, code).await?;
    if let Some(capacity) = changes.capacity {
        bill::check_new_capacity(&current.state(), capacity)?;
    }
    let sql = format!(
        "update bills set capacity = coalesce($2, capacity), description = coalesce($3, description),
                destination = coalesce($4, destination), vehicle_number = coalesce($5, vehicle_number),
                weighbridge_weight_kg = case when $6 then $7 else weighbridge_weight_kg end,
                updated_at = now()
         where id = $1 returning {COLUMNS}"
    );
    let updated: BillRecord = sqlx::query_as(&sql)
        .bind(current.id)
        .bind(changes.capacity)
        .bind(changes.description)
        .bind(changes.destination)
        .bind(changes.vehicle_number)
        .bind(changes.weighbridge_weight_kg.is_some())
        .bind(changes.weighbridge_weight_kg.flatten())
        .fetch_one(&mut *conn)
        .await?;
    let details = json!({ "capacity": [current.capacity, updated.capacity] });
    record_event(conn, actor, "bill_updated", &updated, None, Some(details)).await?;
    Ok((current, updated))
}

/// Deletes a bill; its parents become free. Parents are locked before the bill (the lock order).
pub async fn delete(conn: &mut PgConnection, code: &str, actor: &Actor) -> WriteResult<BillRecord> {
    let current = find(conn, code).await?;
    sqlx::query("select id from bags where bill_id = $1 order by id for update")
        .bind(current.id)
        .execute(&mut *conn)
        .await?;
    let current = lock_for_load(conn, code).await?;
    sqlx::query("update bags set bill_id = null, billed_at = null, updated_at = now() where bill_id = $1")
        .bind(current.id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("delete from bills where id = $1").bind(current.id).execute(&mut *conn).await?;
    record_event(conn, actor, "bill_deleted", &current, None, Some(json!({ "linked_count": current.linked_count })))
        .await?;
    counter::add(conn, vec![Delta::new(status_metric(&current.status), None, None, -1)]).await?;
    Ok(current)
}

fn status_metric(status: &str) -> &'static str {
    match status {
        "new" => "bills_new",
        "processing" => "bills_processing",
        _ => "bills_completed",
    }
}

/// Moves a bill to `status` (if different), keeping the bills-by-status counters exact.
pub(crate) async fn set_status(conn: &mut PgConnection, bill: &BillRecord, status: BillStatus) -> WriteResult<()> {
    if bill.status == status.as_str() {
        return Ok(());
    }
    sqlx::query(
        "update bills set status = $2, updated_at = now(),
                completed_at = case when $2 = 'completed' then now() else null end
         where id = $1",
    )
    .bind(bill.id)
    .bind(status.as_str())
    .execute(&mut *conn)
    .await?;
    counter::add(
        conn,
        vec![
            Delta::new(status_metric(&bill.status), None, None, -1),
            Delta::new(status_metric(status.as_str()), None, None, 1),
        ],
    )
    .await?;
    Ok(())
}

/// A bill event; `parent` is the parent concerned and its area (bill-wide events have none).
pub(crate) async fn record_event(
    conn: &mut PgConnection,
    actor: &Actor,
    kind: &'static str,
    bill: &BillRecord,
    parent: Option<(&str, Option<&str>)>,
    details: Option<serde_json::Value>,
) -> WriteResult<()> {
    let parent_qr = parent.map(|(qr, _)| qr);
    let event = NewEvent {
        kind,
        area: parent.and_then(|(_, area)| area.map(str::to_owned)),
        bill_code: Some(bill.code.clone()),
        bag_qr: parent_qr.map(str::to_owned),
        parent_qr: parent_qr.map(str::to_owned),
        details,
        ..NewEvent::default()
    };
    event::record(conn, actor, &[event]).await?;
    Ok(())
}

/// Completes a bill; also answers whether this call changed it (a repeat leaves it as it was).
pub async fn complete(conn: &mut PgConnection, code: &str, actor: &Actor) -> WriteResult<(BillRecord, bool)> {
    let current = lock_for_load(conn, code).await?;
    bill::check_can_complete(&current.state())?;
    let changed = current.status != "completed";
    if changed {
        set_status(conn, &current, BillStatus::Completed).await?;
        record_event(conn, actor, "bill_completed", &current, None, None).await?;
    }
    Ok((find(conn, code).await?, changed))
}

pub async fn reopen(conn: &mut PgConnection, code: &str, actor: &Actor) -> WriteResult<BillRecord> {
    let current = lock_for_load(conn, code).await?;
    bill::check_can_reopen(&current.state())?;
    set_status(conn, &current, BillStatus::Processing).await?;
    record_event(conn, actor, "bill_reopened", &current, None, None).await?;
    find(conn, code).await
}

/// One parent on a bill as the bill of dispatch prints it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DispatchLineRecord {
    pub qr: String,
    pub parent_type: String,
    pub child_count: i64,
    pub weight_kg: f64,
}

/// The bill's parents in loading order, with their type's name and weight from child counts.
pub async fn dispatch_lines(conn: &mut PgConnection, bill_id: i64) -> StorageResult<Vec<DispatchLineRecord>> {
    Ok(sqlx::query_as(
        "select b.qr, coalesce(t.name, b.parent_type, '') as parent_type, b.child_count::bigint as child_count,
                (b.child_count * coalesce(t.child_weight_kg, 0))::float8 as weight_kg
         from bags b left join parent_types t on t.code = b.parent_type
         where b.bill_id = $1
         order by b.billed_at, b.id",
    )
    .bind(bill_id)
    .fetch_all(conn)
    .await?)
}
