//! Imports (SPEC §8): a batch (one parent and its children, or one bill) is applied in one
//! transaction under the same locks as scanning, or not at all.

use serde_json::json;
use sqlx::PgConnection;

use crate::counter::{self, Delta};
use crate::event::{self, Actor, NewEvent};
use crate::scan::ScanResult;

/// Why a batch was refused by what the database holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRefusal {
    /// The child (or parent) QR the refusal is about.
    pub qr: String,
    pub code: &'static str,
    pub message: String,
}

/// Links `children` into `parent_qr` (created if unknown, of `parent_type`), or changes nothing.
pub async fn bag_batch(
    conn: &mut PgConnection,
    parent_qr: &str,
    parent_type: &str,
    children: &[String],
    actor: &Actor,
) -> ScanResult<Result<usize, BatchRefusal>> {
    let refuse =
        |qr: &str, code: &'static str, message: String| Ok(Err(BatchRefusal { qr: qr.to_owned(), code, message }));
    let created_parent = sqlx::query(
        "insert into bags (qr, kind, status, parent_type, max_children, created_by)
         select $1, 'parent', 'pending', code, max_children, $3 from parent_types where code = $2
         on conflict (qr) do nothing",
    )
    .bind(parent_qr)
    .bind(parent_type)
    .bind(actor.user_id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    let (parent_id, kind, status, area, count, max, on_completed_bill): (
        i64,
        String,
        String,
        Option<String>,
        i32,
        Option<i32>,
        bool,
    ) = sqlx::query_as(
        "select b.id, b.kind, b.status, b.area, b.child_count, b.max_children,
                    coalesce((select status = 'completed' from bills where id = b.bill_id), false)
             from bags b where b.qr = $1 for update of b",
    )
    .bind(parent_qr)
    .fetch_one(&mut *conn)
    .await?;
    if kind != "parent" {
        return refuse(parent_qr, "wrong_kind", format!("{parent_qr} is a child bag, not a parent"));
    }
    if on_completed_bill {
        return refuse(parent_qr, "bill_completed", format!("{parent_qr} is on a completed bill"));
    }
    let max = max.unwrap_or(0);
    let existing: Vec<(String, String, Option<i64>)> =
        sqlx::query_as("select qr, kind, parent_id from bags where qr = any($1) order by qr for update")
            .bind(children)
            .fetch_all(&mut *conn)
            .await?;
    for (qr, kind, linked_to) in &existing {
        if kind != "child" {
            return refuse(qr, "wrong_kind", format!("{qr} is a parent bag, not a child"));
        }
        if linked_to.is_some_and(|id| id != parent_id) {
            return refuse(qr, "child_linked_elsewhere", format!("{qr} is already in another parent"));
        }
    }
    let already: Vec<&String> =
        existing.iter().filter(|(_, _, p)| *p == Some(parent_id)).map(|(qr, _, _)| qr).collect();
    let new_links: Vec<&String> = children.iter().filter(|qr| !already.contains(qr)).collect();
    let after = count + new_links.len() as i32;
    if after > max {
        return refuse(
            parent_qr,
            "parent_full",
            format!("{parent_qr} would hold {after} children; its maximum is {max}"),
        );
    }
    if status == "completed" && !new_links.is_empty() {
        return refuse(parent_qr, "parent_completed", format!("{parent_qr} is completed"));
    }
    let created = sqlx::query(
        "insert into bags (qr, kind, status, area, parent_id, linked_at, linked_by, created_by)
         select qr, 'child', 'linked', $2, $3, now(), $4, $4 from unnest($1::text[]) qr
         on conflict (qr) do nothing",
    )
    .bind(&new_links)
    .bind(area.as_deref())
    .bind(parent_id)
    .bind(actor.user_id)
    .execute(&mut *conn)
    .await?
    .rows_affected() as i64;
    sqlx::query(
        "update bags set parent_id = $2, status = 'linked', linked_at = now(), linked_by = $3, updated_at = now()
         where qr = any($1) and parent_id is null",
    )
    .bind(&new_links)
    .bind(parent_id)
    .bind(actor.user_id)
    .execute(&mut *conn)
    .await?;
    let status = domain::scan::ParentStatus::for_count(after, max);
    sqlx::query(
        "update bags set child_count = $2, status = $3, updated_at = now(),
                completed_at = case when $3 = 'completed' then coalesce(completed_at, now()) end
         where id = $1",
    )
    .bind(parent_id)
    .bind(after)
    .bind(status.as_str())
    .execute(&mut *conn)
    .await?;
    let mut events: Vec<NewEvent> = Vec::new();
    if created_parent {
        events.push(NewEvent {
            kind: "parent_created",
            bag_qr: Some(parent_qr.to_owned()),
            parent_qr: Some(parent_qr.to_owned()),
            details: Some(json!({ "parent_type": parent_type, "source": "import" })),
            ..NewEvent::default()
        });
    }
    events.extend(new_links.iter().map(|qr| NewEvent {
        kind: "child_linked",
        area: area.clone(),
        bag_qr: Some((*qr).clone()),
        parent_qr: Some(parent_qr.to_owned()),
        details: Some(json!({ "source": "import" })),
        ..NewEvent::default()
    }));
    events.push(NewEvent {
        kind: "bags_imported",
        area: area.clone(),
        bag_qr: Some(parent_qr.to_owned()),
        parent_qr: Some(parent_qr.to_owned()),
        details: Some(json!({ "children": new_links.len(), "created": created })),
        ..NewEvent::default()
    });
    event::record(conn, actor, &events).await?;
    let linked_existing = new_links.len() as i64 - created;
    counter::add(
        conn,
        vec![
            Delta::new("parents", None, Some(parent_type), i64::from(created_parent)),
            Delta::new("children", area.as_deref(), None, created),
            Delta::new("unlinked_children", area.as_deref(), None, -linked_existing),
            Delta::new("scans", area.as_deref(), None, new_links.len() as i64),
        ],
    )
    .await?;
    Ok(Ok(new_links.len()))
}
