//! Return tickets (SPEC §5): dealers hand back parents at a C&F point; each scanned parent is
//! recorded with its original bill, child count and weight, and taken off that bill. Lock order
//! as everywhere: parent row, then bill row, then the ticket row.

use chrono::{DateTime, Utc};
use domain::scan::ScanRefusal;
use serde_json::json;
use sqlx::{PgConnection, PgPool};

use crate::bill::{self, BillRecord};
use crate::error::{WriteError, WriteResult};
use crate::event::{self, Actor, NewEvent};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReturnRecord {
    pub id: i64,
    pub code: String,
    pub area: Option<String>,
    pub notes: String,
    pub status: String,
    pub bag_count: i32,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReturnedParent {
    pub parent_qr: String,
    pub original_bill_code: Option<String>,
    pub child_count: i32,
    pub weight_kg: f64,
    pub scanned_by: Option<String>,
    pub scanned_at: DateTime<Utc>,
}

pub use domain::returns::ReturnRefusal;

const COLUMNS: &str = "id, code, area, notes, status, bag_count, created_at, closed_at";

/// Creates a ticket with the given code; `None` when the code is taken (the caller draws another).
pub async fn create(
    conn: &mut PgConnection,
    code: &str,
    area: Option<&str>,
    notes: &str,
    actor: &Actor,
) -> WriteResult<Option<ReturnRecord>> {
    let sql = format!(
        "insert into return_tickets (code, area, notes, created_by) values ($1, $2, $3, $4)
         on conflict (code) do nothing returning {COLUMNS}"
    );
    let created: Option<ReturnRecord> =
        sqlx::query_as(&sql).bind(code).bind(area).bind(notes).bind(actor.user_id).fetch_optional(&mut *conn).await?;
    if let Some(ticket) = &created {
        record(conn, actor, "return_created", ticket, None, None).await?;
    }
    Ok(created)
}

pub async fn find(conn: &mut PgConnection, code: &str) -> WriteResult<ReturnRecord> {
    let sql = format!("select {COLUMNS} from return_tickets where code = $1");
    let found: Option<ReturnRecord> = sqlx::query_as(&sql).bind(code).fetch_optional(conn).await?;
    found.ok_or_else(|| WriteError::NotFound(format!("return ticket {code}")))
}

async fn lock(conn: &mut PgConnection, code: &str) -> WriteResult<ReturnRecord> {
    let sql = format!("select {COLUMNS} from return_tickets where code = $1 for update");
    let found: Option<ReturnRecord> = sqlx::query_as(&sql).bind(code).fetch_optional(conn).await?;
    found.ok_or_else(|| WriteError::NotFound(format!("return ticket {code}")))
}

fn check_open(ticket: &ReturnRecord) -> WriteResult<()> {
    if ticket.status != "open" {
        return Err(WriteError::from(ReturnRefusal::Closed {
            code: ticket.code.clone(),
            status: ticket.status.clone(),
        }));
    }
    Ok(())
}

pub async fn parents(conn: &mut PgConnection, ticket_id: i64) -> WriteResult<Vec<ReturnedParent>> {
    Ok(sqlx::query_as(
        "select b.qr as parent_qr, rp.original_bill_code, rp.child_count, rp.weight_kg::float8 as weight_kg,
                u.username as scanned_by, rp.scanned_at
         from return_ticket_parents rp
         join bags b on b.id = rp.parent_id
         left join users u on u.id = rp.scanned_by
         where rp.ticket_id = $1
         order by rp.scanned_at desc",
    )
    .bind(ticket_id)
    .fetch_all(conn)
    .await?)
}

pub async fn list(
    pool: &PgPool,
    status: Option<&str>,
    before_id: Option<i64>,
    limit: i64,
) -> WriteResult<Vec<ReturnRecord>> {
    let sql = format!(
        "select {COLUMNS} from return_tickets
         where ($1::text is null or status = $1) and ($2::bigint is null or id < $2)
         order by id desc limit $3"
    );
    Ok(sqlx::query_as(&sql).bind(status).bind(before_id).bind(limit).persistent(false).fetch_all(pool).await?)
}

#[derive(Debug, sqlx::FromRow)]
struct LockedParent {
    id: i64,
    kind: String,
    area: Option<String>,
    child_count: i32,
    bill_code: Option<String>,
    child_weight_kg: Option<f64>,
}

/// Records a returned parent and takes it off its bill.
pub async fn add_parent(
    conn: &mut PgConnection,
    code: &str,
    parent_qr: &str,
    actor: &Actor,
) -> WriteResult<ReturnRecord> {
    let parent: Option<LockedParent> = sqlx::query_as(
        "select b.id, b.kind, b.area, b.child_count, bl.code as bill_code, t.child_weight_kg::float8 as child_weight_kg
         from bags b left join bills bl on bl.id = b.bill_id left join parent_types t on t.code = b.parent_type
         where b.qr = $1
         for update of b",
    )
    .bind(parent_qr)
    .fetch_optional(&mut *conn)
    .await?;
    let parent = parent.ok_or_else(|| WriteError::NotFound(format!("parent {parent_qr}")))?;
    if parent.kind != "parent" {
        return Err(ScanRefusal::ChildNotParent { qr: parent_qr.to_owned() }.into());
    }
    let original_bill = match &parent.bill_code {
        Some(bill_code) => Some(bill::lock_for_load(conn, bill_code).await?),
        None => None,
    };
    let ticket = lock(conn, code).await?;
    check_open(&ticket)?;
    let open_elsewhere: Option<(String,)> = sqlx::query_as(
        "select t.code from return_ticket_parents rp join return_tickets t on t.id = rp.ticket_id
         where rp.parent_id = $1 and (t.status = 'open' or t.id = $2) limit 1",
    )
    .bind(parent.id)
    .bind(ticket.id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((other,)) = open_elsewhere {
        return Err(WriteError::from(ReturnRefusal::AlreadyReturned { qr: parent_qr.to_owned(), code: other }));
    }
    let weight = f64::from(parent.child_count) * parent.child_weight_kg.unwrap_or(1.0);
    sqlx::query(
        "insert into return_ticket_parents (ticket_id, parent_id, original_bill_id, original_bill_code, child_count,
                                            weight_kg, scanned_by)
         values ($1, $2, (select id from bills where code = $3), $3, $4, $5::numeric, $6)",
    )
    .bind(ticket.id)
    .bind(parent.id)
    .bind(parent.bill_code.as_deref())
    .bind(parent.child_count)
    .bind(weight)
    .bind(actor.user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("update return_tickets set bag_count = bag_count + 1 where id = $1")
        .bind(ticket.id)
        .execute(&mut *conn)
        .await?;
    if let Some(original) = &original_bill {
        take_off_bill(conn, original, (parent.id, parent_qr, parent.area.as_deref()), &ticket.code, actor).await?;
    }
    let details = json!({ "original_bill": parent.bill_code, "child_count": parent.child_count, "weight_kg": weight });
    record(conn, actor, "return_parent_added", &ticket, Some(parent_qr), Some(details)).await?;
    find(conn, code).await
}

/// The parent leaves its bill; a completed bill counts it as returned so its books still balance.
async fn take_off_bill(
    conn: &mut PgConnection,
    original: &BillRecord,
    (parent_id, parent_qr, area): (i64, &str, Option<&str>),
    return_code: &str,
    actor: &Actor,
) -> WriteResult<()> {
    let (child_count, child_kg, expected_kg): (i32, f64, f64) = sqlx::query_as(
        "select b.child_count, (b.child_count * t.child_weight_kg)::float8, t.expected_weight_kg::float8
         from bags b join parent_types t on t.code = b.parent_type where b.id = $1 for key share of t",
    )
    .bind(parent_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("update bags set bill_id = null, billed_at = null, updated_at = now() where id = $1")
        .bind(parent_id)
        .execute(&mut *conn)
        .await?;
    let returned = i32::from(original.status == "completed");
    crate::bill_load::move_load(conn, original, -1, returned, -child_count, -child_kg, -expected_kg).await?;
    let details = json!({ "reason": "return", "return_code": return_code });
    bill::record_event(conn, actor, "bill_parent_removed", original, Some((parent_qr, area)), Some(details)).await
}

pub async fn finalize(conn: &mut PgConnection, code: &str, actor: &Actor) -> WriteResult<ReturnRecord> {
    let ticket = lock(conn, code).await?;
    check_open(&ticket)?;
    if ticket.bag_count == 0 {
        return Err(WriteError::from(ReturnRefusal::Empty { code: ticket.code }));
    }
    close(conn, &ticket, "committed", "return_finalized", actor).await
}

/// Changes the free text of an open ticket (its notes; `None` keeps them), under the ticket's
/// row lock; returns the ticket before and after. A closed ticket changes no more
/// (`return_closed`), even when nothing would change.
pub async fn update_text(
    conn: &mut PgConnection,
    code: &str,
    notes: Option<&str>,
) -> WriteResult<(ReturnRecord, ReturnRecord)> {
    let before = lock(conn, code).await?;
    check_open(&before)?;
    sqlx::query("update return_tickets set notes = coalesce($2, notes) where id = $1")
        .bind(before.id)
        .bind(notes)
        .execute(&mut *conn)
        .await?;
    let after = find(conn, code).await?;
    Ok((before, after))
}

/// Cancels an open ticket. Parents already taken off their bills stay off: a bill is reloaded
/// by scanning, so nothing is put back behind the biller's back.
pub async fn cancel(conn: &mut PgConnection, code: &str, actor: &Actor) -> WriteResult<ReturnRecord> {
    let ticket = lock(conn, code).await?;
    check_open(&ticket)?;
    close(conn, &ticket, "cancelled", "return_cancelled", actor).await
}

async fn close(
    conn: &mut PgConnection,
    ticket: &ReturnRecord,
    status: &str,
    kind: &'static str,
    actor: &Actor,
) -> WriteResult<ReturnRecord> {
    sqlx::query("update return_tickets set status = $2, closed_at = now() where id = $1")
        .bind(ticket.id)
        .bind(status)
        .execute(&mut *conn)
        .await?;
    record(conn, actor, kind, ticket, None, Some(json!({ "bag_count": ticket.bag_count }))).await?;
    find(conn, &ticket.code).await
}

async fn record(
    conn: &mut PgConnection,
    actor: &Actor,
    kind: &'static str,
    ticket: &ReturnRecord,
    parent_qr: Option<&str>,
    details: Option<serde_json::Value>,
) -> WriteResult<()> {
    let event = NewEvent {
        kind,
        area: ticket.area.clone(),
        return_code: Some(ticket.code.clone()),
        bag_qr: parent_qr.map(str::to_owned),
        parent_qr: parent_qr.map(str::to_owned),
        details,
        ..NewEvent::default()
    };
    event::record(conn, actor, &[event]).await?;
    Ok(())
}
