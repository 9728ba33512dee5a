//! The packing transactions of SPEC §3. Each is one short transaction owned by the caller.
//!
//! Why a parent can never be over-filled: every change to a parent's children first takes the
//! parent's row lock (`select … for update`), so changes to one parent run one at a time and
//! each sees the count the previous one committed; `bags_child_count_within_max` refuses an
//! over-full row even if a code path forgot the lock.
//!
//! Why a child is never linked twice: the link is one column (`bags.parent_id`), so a child
//! cannot be in two parents at once by construction. Two scans racing to link the same child
//! meet on the child's row lock (or, for a new child, on the unique index on `qr`, where the
//! second insert waits for the first to commit and then fails, and its transaction is run again
//! from the start); the loser judges the committed row and is refused with
//! `child_linked_elsewhere`.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use domain::scan::{self, ParentState, ParentStatus, ScanRefusal};
use serde_json::json;
use sqlx::{FromRow, PgConnection};

use crate::bag::{self, BagRecord};
use crate::counter::{self, Delta};
use crate::error::{StorageError, WriteError, WriteResult};
use crate::event::{self, Actor, NewEvent};

/// A parent's row, locked for the rest of the transaction.
#[derive(Debug, sqlx::FromRow)]
struct LockedParent {
    id: i64,
    qr: String,
    kind: String,
    status: String,
    area: Option<String>,
    parent_type: Option<String>,
    child_count: i32,
    max_children: Option<i32>,
    bill_id: Option<i64>,
    bill_code: Option<String>,
    bill_status: Option<String>,
    bill_completed: bool,
}

impl LockedParent {
    fn state(&self) -> ParentState {
        ParentState {
            qr: self.qr.clone(),
            status: ParentStatus::parse(&self.status).unwrap_or(ParentStatus::InProgress),
            child_count: self.child_count,
            max_children: self.max_children.unwrap_or(0),
            on_completed_bill: self.bill_completed,
        }
    }
}

async fn lock_parent(conn: &mut PgConnection, qr: &str, actor: &Actor) -> WriteResult<LockedParent> {
    let parent: Option<LockedParent> = sqlx::query_as(
        "select id, qr, kind, status, area, parent_type, child_count, max_children, bill_id,
                null::text as bill_code, null::text as bill_status, false as bill_completed
         from bags
         where qr = $1
         for update",
    )
    .bind(qr)
    .fetch_optional(&mut *conn)
    .await?;
    admit_parent(conn, qr, parent, actor).await
}

/// The checks every change to a locked parent starts with: it exists, the actor may touch it,
/// it is a parent; and its bill, if any, locked too.
async fn admit_parent(
    conn: &mut PgConnection,
    qr: &str,
    parent: Option<LockedParent>,
    actor: &Actor,
) -> WriteResult<LockedParent> {
    let mut parent = parent.ok_or_else(|| WriteError::NotFound(format!("parent {qr}")))?;
    if actor.area_scope.as_deref().is_some_and(|scope| parent.area.as_deref() != Some(scope)) {
        return Err(ScanRefusal::OtherArea { qr: qr.to_owned() }.into());
    }
    if parent.kind != "parent" {
        return Err(ScanRefusal::ChildNotParent { qr: parent.qr }.into());
    }
    if let Some(bill_id) = parent.bill_id {
        // Locked (parent first, then bill: the order every transaction uses) so a bill being
        // completed at this moment is seen completed, and its figures cannot move after.
        let (code, status): (String, String) =
            sqlx::query_as("select code, status from bills where id = $1 for no key update")
                .bind(bill_id)
                .fetch_one(&mut *conn)
                .await?;
        parent.bill_completed = status == "completed";
        parent.bill_code = Some(code);
        parent.bill_status = Some(status);
    }
    Ok(parent)
}

/// Outcome of scanning a parent QR.
pub struct ParentScan {
    pub parent: BagRecord,
    pub children: Vec<BagRecord>,
    pub created: bool,
}

/// Creates the parent if unknown (stamped with `area`), or returns it with its children.
pub async fn scan_parent(
    conn: &mut PgConnection,
    qr: &str,
    parent_type: &str,
    area: Option<&str>,
    actor: &Actor,
) -> WriteResult<ParentScan> {
    if let Some(parent) = create_parent(conn, qr, parent_type, area, actor).await? {
        return Ok(ParentScan { parent, children: Vec::new(), created: true });
    }
    let existing = match bag::find_family(conn, qr, actor.area_scope.as_deref()).await? {
        bag::Scoped::Found(family) => *family,
        bag::Scoped::OtherArea => return Err(ScanRefusal::OtherArea { qr: qr.to_owned() }.into()),
        bag::Scoped::Missing => return Err(WriteError::NotFound(format!("parent {qr}"))),
    };
    if existing.bag.kind != "parent" {
        return Err(ScanRefusal::ChildNotParent { qr: existing.bag.qr }.into());
    }
    Ok(ParentScan { parent: existing.bag, children: existing.children, created: false })
}

/// Creates the parent, its `parent_created` event and its count in one statement (one round
/// trip instead of four on the write the seed mix makes most), or nothing when the QR is taken
/// or the type unknown: the history and the counters are written only with the row.
async fn create_parent(
    conn: &mut PgConnection,
    qr: &str,
    parent_type: &str,
    area: Option<&str>,
    actor: &Actor,
) -> WriteResult<Option<BagRecord>> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "with parent as (
                 insert into bags (qr, kind, status, area, parent_type, max_children, created_by)
                 select $17, 'parent', 'pending', $18, code, max_children, $1 from parent_types where code = $19 for key share
                 on conflict (qr) do nothing
                 returning {returned}
             ), {events}, {counters}
             select * from parent",
            events = event::insert_cte_if(1, "exists (select from parent)"),
            counters = counter::upsert_ctes_if(12, "exists (select from parent)"),
            returned = bag::RETURNED,
        )
    });
    let events = [NewEvent {
        kind: "parent_created",
        area: area.map(str::to_owned),
        bag_qr: Some(qr.to_owned()),
        parent_qr: Some(qr.to_owned()),
        details: Some(json!({ "parent_type": parent_type })),
        ..NewEvent::default()
    }];
    let counted = counter::Prepared::new(vec![Delta::new("parents", area, Some(parent_type), 1)]);
    let query = counted.bind(event::bind(sqlx::query(&SQL), actor, &events));
    let row = query.bind(qr).bind(area).bind(parent_type).fetch_optional(conn).await?;
    Ok(row.as_ref().map(BagRecord::from_row).transpose()?)
}

/// Outcome of scanning a child into a parent.
pub struct ChildScan {
    pub child: BagRecord,
    pub parent: BagRecord,
    pub already_linked: bool,
}

#[derive(Debug, sqlx::FromRow)]
struct LockedChild {
    id: i64,
    kind: String,
    area: Option<String>,
    parent_id: Option<i64>,
}

/// A row of [`lock_pair`]: the parent's columns and the child's, whichever it is.
#[derive(Debug, sqlx::FromRow)]
struct LockedRow {
    #[sqlx(flatten)]
    parent: LockedParent,
    parent_id: Option<i64>,
}

/// Locks the parent's row and then the child's, in one statement: the rows are locked in the
/// order they are sorted (parent first, the order every change to a parent takes), so it waits
/// and deadlocks exactly as two statements would, one round trip sooner.
async fn lock_pair(
    conn: &mut PgConnection,
    parent_qr: &str,
    child_qr: &str,
) -> WriteResult<(Option<LockedParent>, Option<LockedChild>)> {
    let rows: Vec<LockedRow> = sqlx::query_as(
        "select id, qr, kind, status, area, parent_type, child_count, max_children, bill_id, parent_id,
                null::text as bill_code, null::text as bill_status, false as bill_completed
         from bags
         where qr = any(array[$1, $2])
         order by qr = $1 desc
         for update",
    )
    .bind(parent_qr)
    .bind(child_qr)
    .fetch_all(&mut *conn)
    .await?;
    let (mut parent, mut child) = (None, None);
    for row in rows {
        if row.parent.qr == parent_qr {
            parent = Some(row.parent);
        } else {
            let LockedParent { id, kind, area, .. } = row.parent;
            child = Some(LockedChild { id, kind, area, parent_id: row.parent_id });
        }
    }
    Ok((parent, child))
}

/// Links `child_qr` into `parent_qr`, creating the child if unknown.
pub async fn scan_child(
    conn: &mut PgConnection,
    parent_qr: &str,
    child_qr: &str,
    actor: &Actor,
) -> WriteResult<ChildScan> {
    if parent_qr == child_qr {
        return Err(ScanRefusal::SelfLink { qr: child_qr.to_owned() }.into());
    }
    let (parent, child) = lock_pair(conn, parent_qr, child_qr).await?;
    let parent = admit_parent(conn, parent_qr, parent, actor).await?;
    if let Some(existing) = &child {
        if existing.kind != "child" {
            return Err(ScanRefusal::ParentNotChild { qr: child_qr.to_owned() }.into());
        }
        if actor.area_scope.as_deref().is_some_and(|scope| existing.area.as_deref() != Some(scope)) {
            return Err(ScanRefusal::OtherArea { qr: child_qr.to_owned() }.into());
        }
        match existing.parent_id {
            Some(id) if id == parent.id => {
                let child = bag::find_by_id(conn, existing.id).await?;
                let parent = bag::find_by_id(conn, parent.id).await?;
                return Ok(ChildScan { child, parent, already_linked: true });
            }
            Some(other) => {
                let other = bag::find_by_id(conn, other).await?;
                return Err(ScanRefusal::LinkedElsewhere { child: child_qr.to_owned(), parent: other.qr }.into());
            }
            None => {}
        }
    }
    scan::check_can_link(&parent.state())?;

    let count = parent.child_count + 1;
    let status = scan::status_after_link(count, parent.state().max_children);
    follow_on_bill(conn, &parent, 1).await?;

    let created = child.is_none();
    let mut events = Vec::with_capacity(3);
    let base = NewEvent {
        area: parent.area.clone(),
        bag_qr: Some(child_qr.to_owned()),
        parent_qr: Some(parent.qr.clone()),
        bill_code: parent.bill_code.clone(),
        ..NewEvent::default()
    };
    if created {
        events.push(NewEvent { kind: "child_created", ..base.clone() });
    }
    events.push(NewEvent { kind: "child_linked", details: Some(json!({ "child_count": count })), ..base.clone() });
    if status == ParentStatus::Completed {
        events.push(NewEvent { kind: "parent_completed", bag_qr: Some(parent.qr.clone()), ..base });
    }
    let area = parent.area.as_deref();
    let deltas = vec![
        Delta::new("children", area, None, i64::from(created)),
        Delta::new("unlinked_children", area, None, if created { 0 } else { -1 }),
        Delta::new("scans", area, None, 1),
    ];
    let link = match &child {
        Some(existing) => Link::Existing(existing.id),
        None => Link::Create { qr: child_qr, area: parent.area.as_deref() },
    };
    let (mut linked, parent) = record_link(conn, &parent, link, count, status, actor, &events, deltas).await?;
    linked.parent_qr = Some(parent.qr.clone());
    Ok(ChildScan { child: linked, parent, already_linked: false })
}

/// The child a scan links: one already stored (locked), or a new one.
enum Link<'a> {
    Existing(i64),
    Create { qr: &'a str, area: Option<&'a str> },
}

/// The link and all that follows it, in one statement (one round trip on the busiest path): the
/// child linked (or created linked), the parent's new count and status, the history, the
/// dashboard counters; answers the child and the parent as they now are.
///
/// A new child another scan created after our look-up meets the unique index on `qr`: the
/// insert waits for that scan to commit and fails, and the whole transaction is run again
/// (`StorageError::Retryable`), this time judging the stored child.
#[allow(clippy::too_many_arguments)]
async fn record_link(
    conn: &mut PgConnection,
    parent: &LockedParent,
    link: Link<'_>,
    count: i32,
    status: ParentStatus,
    actor: &Actor,
    events: &[NewEvent],
    deltas: Vec<Delta>,
) -> WriteResult<(BagRecord, BagRecord)> {
    static LINK: LazyLock<String> = LazyLock::new(|| {
        link_statement(
            "update bags set parent_id = $19, status = 'linked', linked_at = now(), linked_by = $1, updated_at = now()
             where id = $20",
        )
    });
    static CREATE: LazyLock<String> = LazyLock::new(|| {
        link_statement(
            "insert into bags (qr, kind, status, area, parent_id, linked_at, linked_by, created_by)
             values ($20, 'child', 'linked', $21, $19, now(), $1, $1)",
        )
    });
    let sql: &str = match link {
        Link::Existing(_) => &LINK,
        Link::Create { .. } => &CREATE,
    };
    let query = counter::Prepared::new(deltas).bind(event::bind(sqlx::query(sql), actor, events));
    let query = query.bind(count).bind(status.as_str()).bind(parent.id);
    let query = match link {
        Link::Existing(id) => query.bind(id),
        Link::Create { qr, area } => query.bind(qr).bind(area),
    };
    let rows = query.fetch_all(conn).await.map_err(|error| match &error {
        sqlx::Error::Database(db) if db.constraint() == Some("bags_qr_key") => StorageError::Retryable(error),
        _ => StorageError::from(error),
    })?;
    let [child, parent_row] = rows.as_slice() else {
        return Err(StorageError::Internal(sqlx::Error::RowNotFound).into());
    };
    let mut record = BagRecord::from_row(parent_row)?;
    record.bill_code = parent.bill_code.clone();
    record.bill_status = parent.bill_status.clone();
    Ok((BagRecord::from_row(child)?, record))
}

/// The dashboard's activity (`scan_activity`): the `child_linked` events among $4 (kinds),
/// per area ($5), counted for the actor ($1) in the current quarter hour.
const ACTIVITY_CTE: &str = "activity_counted as (
             insert into scan_activity (quarter, area, actor_id, scans)
             select date_bin('15 minutes', now(), timestamptz '2000-01-01 00:00:00+00'), e.area, $1, count(*)
             from unnest($4::text[], $5::text[]) as e(kind, area)
             where e.kind = 'child_linked'
             group by e.area
             on conflict (quarter, area, actor_id) do update set scans = scan_activity.scans + excluded.scans
         )";

/// [`record_link`]'s statement around `child`, the link's insert or update: $1..$11 the
/// events (also counted in [`ACTIVITY_CTE`]), $12..$16 the counters, $17..$19 the parent, $20..
/// the child.
fn link_statement(child: &str) -> String {
    format!(
        "with child as ({child} returning {returned}),
              {events}, {ACTIVITY_CTE}, {counters}, parent as (
             update bags set child_count = $17, status = $18, updated_at = now(),
                    completed_at = case when $18 = 'completed' then coalesce(completed_at, now()) else null end
             where id = $19
             returning {returned}
         )
         select false as is_parent, * from child
         union all
         select true as is_parent, * from parent
         order by is_parent",
        events = event::insert_cte(1),
        counters = counter::upsert_ctes(12),
        returned = bag::RETURNED,
    )
}

/// Keeps the parent's bill (if any) in step with its contents.
async fn follow_on_bill(conn: &mut PgConnection, parent: &LockedParent, children: i32) -> WriteResult<()> {
    match (parent.bill_id, parent.parent_type.as_deref()) {
        (Some(bill_id), Some(parent_type)) => {
            crate::bill_load::follow_child(conn, bill_id, parent_type, children).await
        }
        _ => Ok(()),
    }
}

async fn set_parent(conn: &mut PgConnection, id: i64, count: i32, status: ParentStatus) -> WriteResult<()> {
    sqlx::query(
        "update bags set child_count = $2, status = $3, updated_at = now(),
                completed_at = case when $3 = 'completed' then coalesce(completed_at, now()) else null end
         where id = $1",
    )
    .bind(id)
    .bind(count)
    .bind(status.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Outcome of taking a child out of a parent.
pub struct Unlink {
    pub child: BagRecord,
    pub parent: BagRecord,
}

/// Undo the most recent link of a parent, if it is younger than `window`.
pub async fn undo_last(
    conn: &mut PgConnection,
    parent_qr: &str,
    window: std::time::Duration,
    actor: &Actor,
) -> WriteResult<Unlink> {
    let parent = lock_parent(conn, parent_qr, actor).await?;
    let last: Option<(String, DateTime<Utc>)> = sqlx::query_as(
        "select qr, linked_at from bags where parent_id = $1 order by linked_at desc, id desc limit 1 for update",
    )
    .bind(parent.id)
    .fetch_optional(&mut *conn)
    .await?;
    let (child_qr, linked_at) = last.ok_or_else(|| ScanRefusal::NothingToUndo { qr: parent.qr.clone() })?;
    let ago = (Utc::now() - linked_at).to_std().unwrap_or_default();
    scan::check_undo_window(&parent.qr, ago, window)?;
    unlink_locked(conn, parent, &child_qr, "undo", actor).await
}

/// Take one named child out of a parent.
pub async fn unlink(conn: &mut PgConnection, parent_qr: &str, child_qr: &str, actor: &Actor) -> WriteResult<Unlink> {
    let parent = lock_parent(conn, parent_qr, actor).await?;
    unlink_locked(conn, parent, child_qr, "unlink", actor).await
}

async fn unlink_locked(
    conn: &mut PgConnection,
    parent: LockedParent,
    child_qr: &str,
    reason: &str,
    actor: &Actor,
) -> WriteResult<Unlink> {
    scan::check_can_unlink(&parent.state())?;
    let unlinked: Option<(i64,)> = sqlx::query_as(
        "update bags set parent_id = null, status = 'unlinked', linked_at = null, linked_by = null, updated_at = now()
         where qr = $1 and parent_id = $2
         returning id",
    )
    .bind(child_qr)
    .bind(parent.id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((child_id,)) = unlinked else {
        return Err(ScanRefusal::NotInParent { child: child_qr.to_owned(), parent: parent.qr.clone() }.into());
    };
    let count = parent.child_count - 1;
    let was_completed = parent.status == "completed";
    let status = scan::status_after_unlink(count);
    set_parent(conn, parent.id, count, status).await?;
    follow_on_bill(conn, &parent, -1).await?;

    let base = NewEvent {
        area: parent.area.clone(),
        bag_qr: Some(child_qr.to_owned()),
        parent_qr: Some(parent.qr.clone()),
        bill_code: parent.bill_code.clone(),
        ..NewEvent::default()
    };
    let mut events = vec![NewEvent {
        kind: "child_unlinked",
        details: Some(json!({ "reason": reason, "child_count": count })),
        ..base.clone()
    }];
    if was_completed {
        events.push(NewEvent { kind: "parent_reopened", bag_qr: Some(parent.qr.clone()), ..base });
    }
    event::record(conn, actor, &events).await?;
    counter::add(conn, vec![Delta::new("unlinked_children", parent.area.as_deref(), None, 1)]).await?;
    let child = bag::find_by_id(conn, child_id).await?;
    let parent = bag::find_by_id(conn, parent.id).await?;
    Ok(Unlink { child, parent })
}

/// Close a parent below its maximum (an explicit operator decision).
pub async fn complete(conn: &mut PgConnection, parent_qr: &str, actor: &Actor) -> WriteResult<BagRecord> {
    let parent = lock_parent(conn, parent_qr, actor).await?;
    let already = parent.status == "completed";
    let status = scan::check_can_complete(&parent.state())?;
    if !already {
        set_parent(conn, parent.id, parent.child_count, status).await?;
        let event = NewEvent {
            kind: "parent_completed",
            area: parent.area.clone(),
            bag_qr: Some(parent.qr.clone()),
            parent_qr: Some(parent.qr.clone()),
            bill_code: parent.bill_code.clone(),
            details: Some(json!({ "early": true, "child_count": parent.child_count })),
            ..NewEvent::default()
        };
        event::record(conn, actor, &[event]).await?;
    }
    Ok(bag::find_by_id(conn, parent.id).await?)
}
