//! Loading parents onto bills and taking them off (SPEC §4), each in its own short transaction.

use domain::bill::{self, BillRefusal};
use domain::scan::ScanRefusal;
use serde_json::json;
use sqlx::PgConnection;

use crate::bag::{self, BagRecord};
use crate::bill::{BillRecord, find, lock_for_load};
use crate::error::{WriteError, WriteResult};
use crate::event::Actor;

/// A parent's row with what loading needs, locked.
#[derive(Debug, sqlx::FromRow)]
struct LockedParent {
    id: i64,
    kind: String,
    area: Option<String>,
    bill_id: Option<i64>,
    child_count: i32,
    child_weight_kg: Option<f64>,
    expected_weight_kg: Option<f64>,
}

async fn lock_parent(conn: &mut PgConnection, qr: &str) -> WriteResult<Option<LockedParent>> {
    let parent: Option<LockedParent> = sqlx::query_as(
        "select b.id, b.kind, b.area, b.bill_id, b.child_count, t.child_weight_kg::float8 as child_weight_kg,
                t.expected_weight_kg::float8 as expected_weight_kg
         from bags b left join parent_types t on t.code = b.parent_type
         where b.qr = $1
         for update of b",
    )
    .bind(qr)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(mut parent) = parent else { return Ok(None) };
    if parent.kind == "parent" {
        // Read again under the type's key-share lock: an edit of the type's weights (which
        // reweighs every bill, `parent_type::reweigh_bills`) is then wholly before or after this load.
        let (child, expected): (f64, f64) = sqlx::query_as(
            "select child_weight_kg::float8, expected_weight_kg::float8 from parent_types
             where code = (select parent_type from bags where id = $1) for key share",
        )
        .bind(parent.id)
        .fetch_one(&mut *conn)
        .await?;
        (parent.child_weight_kg, parent.expected_weight_kg) = (Some(child), Some(expected));
    }
    Ok(Some(parent))
}

pub struct BillLoad {
    pub bill: BillRecord,
    pub parent: BagRecord,
    pub already_linked: bool,
}

/// The explicit manual-entry action: create the parent if unknown, of the type its QR matched,
/// in the area the biller chose (none: no area, which dispatchers then cannot see).
pub struct ManualEntry<'a> {
    pub parent_type: &'a str,
    pub area: Option<&'a str>,
}

/// Loads `parent_qr` onto the bill, creating it first on a manual entry.
pub async fn add_parent(
    conn: &mut PgConnection,
    code: &str,
    parent_qr: &str,
    manual: Option<ManualEntry<'_>>,
    actor: &Actor,
) -> WriteResult<BillLoad> {
    let mut parent = lock_parent(conn, parent_qr).await?;
    if parent.is_none()
        && let Some(entry) = manual
    {
        crate::scan::scan_parent(conn, parent_qr, entry.parent_type, entry.area, actor).await?;
        parent = lock_parent(conn, parent_qr).await?;
    }
    let parent = parent.ok_or_else(|| WriteError::NotFound(format!("parent {parent_qr}")))?;
    if parent.kind != "parent" {
        return Err(ScanRefusal::ChildNotParent { qr: parent_qr.to_owned() }.into());
    }
    let current = lock_for_load(conn, code).await?;
    match parent.bill_id {
        Some(id) if id == current.id => {
            let parent = bag::find_by_id(conn, parent.id).await?;
            return Ok(BillLoad { bill: current, parent, already_linked: true });
        }
        Some(other) => {
            let (other,): (String,) =
                sqlx::query_as("select code from bills where id = $1").bind(other).fetch_one(&mut *conn).await?;
            return Err(BillRefusal::OnOtherBill { qr: parent_qr.to_owned(), other }.into());
        }
        None => {}
    }
    bill::check_can_add(&current.state())?;
    sqlx::query("update bags set bill_id = $2, billed_at = now(), updated_at = now() where id = $1")
        .bind(parent.id)
        .bind(current.id)
        .execute(&mut *conn)
        .await?;
    let child_weight = f64::from(parent.child_count) * parent.child_weight_kg.unwrap_or(1.0);
    move_load(conn, &current, 1, 0, parent.child_count, child_weight, parent.expected_weight_kg.unwrap_or(0.0)).await?;
    let details = json!({ "child_count": parent.child_count, "linked_count": current.linked_count + 1 });
    crate::bill::record_event(
        conn,
        actor,
        "bill_parent_added",
        &current,
        Some((parent_qr, parent.area.as_deref())),
        Some(details),
    )
    .await?;
    Ok(BillLoad {
        bill: find(conn, code).await?,
        parent: bag::find_by_id(conn, parent.id).await?,
        already_linked: false,
    })
}

pub struct BillUnload {
    pub bill: BillRecord,
    pub parent: BagRecord,
}

pub async fn remove_parent(
    conn: &mut PgConnection,
    code: &str,
    parent_qr: &str,
    actor: &Actor,
) -> WriteResult<BillUnload> {
    let parent = lock_parent(conn, parent_qr).await?;
    let current = lock_for_load(conn, code).await?;
    let parent = parent
        .filter(|p| p.bill_id == Some(current.id))
        .ok_or_else(|| WriteError::NotFound(format!("parent {parent_qr} on bill {code}")))?;
    bill::check_can_remove(&current.state())?;
    sqlx::query("update bags set bill_id = null, billed_at = null, updated_at = now() where id = $1")
        .bind(parent.id)
        .execute(&mut *conn)
        .await?;
    let child_weight = f64::from(parent.child_count) * parent.child_weight_kg.unwrap_or(1.0);
    move_load(conn, &current, -1, 0, -parent.child_count, -child_weight, -parent.expected_weight_kg.unwrap_or(0.0))
        .await?;
    let details = json!({ "linked_count": current.linked_count - 1 });
    crate::bill::record_event(
        conn,
        actor,
        "bill_parent_removed",
        &current,
        Some((parent_qr, parent.area.as_deref())),
        Some(details),
    )
    .await?;
    Ok(BillUnload { bill: find(conn, code).await?, parent: bag::find_by_id(conn, parent.id).await? })
}

/// Adds to (or takes from) a bill's counts and weights, and moves `new` ↔ `processing`.
/// `returned` counts parents leaving a completed bill by a return ticket, in the same statement
/// as `linked_count`, so `bills_completed_when_full` holds at every step.
pub(crate) async fn move_load(
    conn: &mut PgConnection,
    current: &BillRecord,
    parents: i32,
    returned: i32,
    children: i32,
    actual_kg: f64,
    expected_kg: f64,
) -> WriteResult<()> {
    sqlx::query(
        "update bills set linked_count = linked_count + $2, returned_count = returned_count + $6,
                child_count = child_count + $3,
                actual_weight_kg = actual_weight_kg + $4::numeric, expected_weight_kg = expected_weight_kg + $5::numeric,
                updated_at = now()
         where id = $1",
    )
    .bind(current.id)
    .bind(parents)
    .bind(children)
    .bind(actual_kg)
    .bind(expected_kg)
    .bind(returned)
    .execute(&mut *conn)
    .await?;
    if current.status != "completed" {
        let status = bill::status_for(current.linked_count + parents);
        crate::bill::set_status(conn, current, status).await?;
    }
    Ok(())
}

/// A child moved into or out of a parent that is on an open bill: the bill's child count and
/// actual weight follow, in the same transaction (the parent's row is already locked).
pub async fn follow_child(conn: &mut PgConnection, bill_id: i64, parent_type: &str, children: i32) -> WriteResult<()> {
    sqlx::query(
        "update bills set child_count = child_count + $2,
                actual_weight_kg = actual_weight_kg + $2 * (select child_weight_kg from parent_types where code = $3 for key share),
                updated_at = now()
         where id = $1",
    )
    .bind(bill_id)
    .bind(children)
    .bind(parent_type)
    .execute(conn)
    .await?;
    Ok(())
}
