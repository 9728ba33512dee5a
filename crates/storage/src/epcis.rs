//! The history as the EPCIS read-out takes it (`api::epcis` writes the events): events of the
//! given kinds, oldest first, each with what its EPCIS event names beyond its own row — whether a
//! link filled its parent, the children a parent held when it was completed, the parents on a
//! bill when it was completed, the parents a return ticket took back.
//!
//! Where each kind keeps the bags it is about: `child_linked`/`child_unlinked` the child in
//! `bag_qr` and the parent in `parent_qr`; `bill_parent_*` and `return_parent_added` the parent in
//! `parent_qr`; `parent_completed`, `bill_completed` and `return_finalized` their `members`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::PgPool;

use crate::error::StorageResult;
use crate::event::KINDS;
use crate::list_sql::ListSql;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EpcisRow {
    pub id: i64,
    pub kind: String,
    pub occurred_at: DateTime<Utc>,
    pub area: Option<String>,
    pub bag_qr: Option<String>,
    pub parent_qr: Option<String>,
    pub bill_code: Option<String>,
    pub return_code: Option<String>,
    pub details: Value,
    /// `child_linked`: the link filled its parent (the same change completed it).
    pub closed_parent: Option<bool>,
    /// `parent_completed`: the children it held; `bill_completed`: the parents on the bill;
    /// `return_finalized`: the parents returned. Replayed from the history up to the event.
    pub members: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct EpcisFilter {
    /// Kinds to read (kinds of the history only); none reads nothing.
    pub kinds: Vec<&'static str>,
    /// A dispatcher's own area.
    pub area_scope: Option<String>,
    /// Events at one of these areas.
    pub areas: Option<Vec<String>>,
    /// Link, unlink and completion events of one of these parents.
    pub parents: Option<Vec<String>>,
    /// Events about one of these bags as a child, or as a parent loaded, returned, shipped.
    pub epcs: Option<Vec<String>>,
    /// As `epcs`, and also link, unlink and completion events of these bags as the parent.
    pub any_epcs: Option<Vec<String>>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

const SELECT: &str = "\
select e.id, e.kind, e.occurred_at, e.area, e.bag_qr, e.parent_qr, e.bill_code, e.return_code, e.details,
       case when e.kind = 'child_linked' then exists (
           select 1 from events c
           where c.parent_qr = e.parent_qr and c.kind = 'parent_completed' and c.id > e.id
             and c.occurred_at = e.occurred_at)
       end as closed_parent,
       case e.kind
           when 'parent_completed' then array(
               select last.bag_qr from (
                   select distinct on (c.bag_qr) c.bag_qr, c.kind from events c
                   where c.parent_qr = e.parent_qr and c.kind in ('child_linked', 'child_unlinked') and c.id < e.id
                   order by c.bag_qr, c.id desc
               ) last where last.kind = 'child_linked' order by last.bag_qr)
           when 'bill_completed' then array(
               select last.parent_qr from (
                   select distinct on (c.parent_qr) c.parent_qr, c.kind from events c
                   where c.bill_code = e.bill_code and c.kind in ('bill_parent_added', 'bill_parent_removed')
                     and c.id < e.id
                   order by c.parent_qr, c.id desc
               ) last where last.kind = 'bill_parent_added' order by last.parent_qr)
           when 'return_finalized' then array(
               select b.qr from return_tickets t
               join return_ticket_parents rp on rp.ticket_id = t.id
               join bags b on b.id = rp.parent_id
               where t.code = e.return_code order by b.qr)
       end as members
from events e
where true";

/// Ids of the events whose EPCs hold one of `$1`, each branch on an index: the child of a link
/// or unlink; the parent of a bill or return event; a completion of a parent the bag was in
/// (linked before, not unlinked in between); a completion of a bill the parent was on (added
/// before, not removed in between); a finalized return that took the parent back.
const EVENTS_OF_EPCS: &str = "\
select id from events where bag_qr = any($1) and kind in ('child_linked', 'child_unlinked')
union
select id from events
where parent_qr = any($1) and kind in ('bill_parent_added', 'bill_parent_removed', 'return_parent_added')
union
select c.id from events l
join events c on c.parent_qr = l.parent_qr and c.kind = 'parent_completed' and c.id > l.id
where l.bag_qr = any($1) and l.kind = 'child_linked'
  and not exists (select 1 from events u where u.parent_qr = l.parent_qr and u.bag_qr = l.bag_qr
                  and u.kind = 'child_unlinked' and u.id > l.id and u.id < c.id)
union
select c.id from events l
join events c on c.bill_code = l.bill_code and c.kind = 'bill_completed' and c.id > l.id
where l.parent_qr = any($1) and l.kind = 'bill_parent_added'
  and not exists (select 1 from events r where r.bill_code = l.bill_code and r.parent_qr = l.parent_qr
                  and r.kind = 'bill_parent_removed' and r.id > l.id and r.id < c.id)
union
select c.id from bags b
join return_ticket_parents rp on rp.parent_id = b.id
join return_tickets t on t.id = rp.ticket_id
join events c on c.kind = 'return_finalized' and c.return_code = t.code
where b.qr = any($1)";

/// Oldest first, keyset on `id`: events after `after_id`, at most `limit`.
pub async fn list(
    pool: &PgPool,
    filter: &EpcisFilter,
    after_id: Option<i64>,
    limit: i64,
) -> StorageResult<Vec<EpcisRow>> {
    let mut sql = ListSql::new(SELECT);
    // Kinds are program constants, written as literals so the plan fits them.
    let kinds: Vec<&str> = filter.kinds.iter().copied().filter(|kind| KINDS.contains(kind)).collect();
    if kinds.is_empty() {
        sql.text(" and false");
    } else {
        sql.text(&format!(" and e.kind in ('{}')", kinds.join("', '")));
    }
    sql.equal("e.area", filter.area_scope.as_deref());
    if let Some(areas) = &filter.areas {
        sql.text(" and e.area = any(");
        sql.bind(areas.clone());
        sql.text(")");
    }
    if let Some(parents) = &filter.parents {
        sql.text(" and e.parent_qr = any(");
        sql.bind(parents.clone());
        sql.text(") and e.kind in ('child_linked', 'child_unlinked', 'parent_completed')");
    }
    if let Some(epcs) = &filter.epcs {
        of_epcs(&mut sql, epcs, false);
    }
    if let Some(epcs) = &filter.any_epcs {
        of_epcs(&mut sql, epcs, true);
    }
    if filter.from.is_some() || filter.to.is_some() {
        sql.plan_per_call();
    }
    sql.compare("e.occurred_at >= ", filter.from);
    sql.compare("e.occurred_at < ", filter.to);
    sql.compare("e.id > ", after_id);
    sql.text(" order by e.id limit ");
    sql.bind(limit);
    Ok(sql.build_query_as().fetch_all(pool).await?)
}

/// ` and e.id in (…)` for `EVENTS_OF_EPCS`, its `$1` bound once per use; `as_parent` adds the
/// aggregations whose parent is one of `epcs`.
fn of_epcs(sql: &mut ListSql<'_>, epcs: &[String], as_parent: bool) {
    sql.text(" and e.id in (");
    let mut branches = EVENTS_OF_EPCS.split("$1").peekable();
    while let Some(branch) = branches.next() {
        sql.text(branch);
        if branches.peek().is_some() {
            sql.bind(epcs.to_vec());
        }
    }
    if as_parent {
        sql.text(" union select id from events where parent_qr = any(");
        sql.bind(epcs.to_vec());
        sql.text(") and kind in ('child_linked', 'child_unlinked', 'parent_completed')");
    }
    sql.text(")");
}

/// Parent QR → its parent type.
pub type ParentTypes = HashMap<String, String>;

/// The type of each of `parents` that is a parent bag still (a deleted one is left out): what
/// names a page's bags by GS1 Digital Link. One look-up on `bags_qr_key` per page.
pub async fn parent_types(pool: &PgPool, parents: &[String]) -> StorageResult<ParentTypes> {
    if parents.is_empty() {
        return Ok(ParentTypes::new());
    }
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("select qr, parent_type from bags where qr = any($1) and kind = 'parent'")
            .bind(parents)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().filter_map(|(qr, parent_type)| Some((qr, parent_type?))).collect())
}
