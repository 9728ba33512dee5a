//! Imports (SPEC §8). Batches (one parent and its children) are applied many at a time with
//! set-based statements, under the same locks as scanning (parents, then their bills, then the
//! children, each in id order): a batch is applied whole or refused whole, with its reason.

use domain::Code;
use std::collections::{HashMap, HashSet};

use domain::scan::ParentStatus;
use serde_json::json;
use sqlx::PgConnection;

use crate::counter::{self, Delta};
use crate::error::WriteResult;
use crate::event::{self, Actor, NewEvent};

/// One parent and the children to put in it, as read from the file.
pub struct BagBatch {
    pub parent_qr: String,
    pub parent_type: String,
    /// The dispatch area of the parent if the import creates it (an existing parent keeps its own).
    pub area: Option<String>,
    pub children: Vec<String>,
}

/// Why a batch was refused by what the database holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRefusal {
    /// The child (or parent) QR the refusal is about.
    pub qr: String,
    pub code: Code,
    pub message: String,
}

#[derive(sqlx::FromRow)]
struct Parent {
    id: i64,
    qr: String,
    kind: String,
    status: String,
    area: Option<String>,
    parent_type: Option<String>,
    child_count: i32,
    max_children: Option<i32>,
    bill_id: Option<i64>,
}

/// Applies `batches` in the caller's transaction; one answer per batch, in order.
pub async fn bag_batches(
    conn: &mut PgConnection,
    batches: &[BagBatch],
    actor: &Actor,
) -> WriteResult<Vec<Result<usize, BatchRefusal>>> {
    let parent_qrs: Vec<&str> = batches.iter().map(|b| b.parent_qr.as_str()).collect();
    let types: Vec<&str> = batches.iter().map(|b| b.parent_type.as_str()).collect();
    let areas: Vec<Option<&str>> = batches.iter().map(|b| b.area.as_deref()).collect();
    let created: Vec<(String,)> = sqlx::query_as(
        "insert into bags (qr, kind, status, parent_type, max_children, created_by, area)
         select p.qr, 'parent', 'pending', t.code, t.max_children, $3, p.area
         from unnest($1::text[], $2::text[], $4::text[]) as p(qr, type, area) join parent_types t on t.code = p.type
         order by p.qr
         -- As a scan does: a type whose maximum is being lowered (its row locked for update) is
         -- read after that change, so no parent is made with the old maximum.
         for key share of t
         on conflict (qr) do nothing
         returning qr",
    )
    .bind(&parent_qrs)
    .bind(&types)
    .bind(actor.user_id)
    .bind(&areas)
    .fetch_all(&mut *conn)
    .await?;
    let created: HashSet<String> = created.into_iter().map(|(qr,)| qr).collect();
    let parents: Vec<Parent> = sqlx::query_as(
        "select id, qr, kind, status, area, parent_type, child_count, max_children, bill_id
         from bags where qr = any($1) order by id for update",
    )
    .bind(&parent_qrs)
    .fetch_all(&mut *conn)
    .await?;
    let bill_ids: Vec<i64> = parents.iter().filter_map(|p| p.bill_id).collect();
    let completed_bills: HashSet<i64> = sqlx::query_as::<_, (i64, bool)>(
        "select id, status = 'completed' from bills where id = any($1) order by id for no key update",
    )
    .bind(&bill_ids)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .filter_map(|(id, completed)| completed.then_some(id))
    .collect();
    let all_children: Vec<&str> = batches.iter().flat_map(|b| b.children.iter().map(String::as_str)).collect();
    let existing: HashMap<String, (String, Option<i64>)> = sqlx::query_as::<_, (String, String, Option<i64>)>(
        "select qr, kind, parent_id from bags where qr = any($1) order by id for update",
    )
    .bind(&all_children)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(qr, kind, parent)| (qr, (kind, parent)))
    .collect();
    let by_qr: HashMap<&str, &Parent> = parents.iter().map(|p| (p.qr.as_str(), p)).collect();

    let mut answers = Vec::with_capacity(batches.len());
    let mut plan = Plan::default();
    for batch in batches {
        let Some(parent) = by_qr.get(batch.parent_qr.as_str()) else {
            answers.push(Err(refusal(&batch.parent_qr, Code::ValidationFailed, "unknown parent type".into())));
            continue;
        };
        match judge(batch, parent, &existing, &completed_bills) {
            Ok(new_links) => {
                answers.push(Ok(new_links.len()));
                plan.add(parent, new_links, &existing, created.contains(&parent.qr));
            }
            Err(refused) => answers.push(Err(refused)),
        }
    }
    plan.apply(conn, actor).await?;
    Ok(answers)
}

fn refusal(qr: &str, code: Code, message: String) -> BatchRefusal {
    BatchRefusal { qr: qr.to_owned(), code, message }
}

/// The children this batch newly links, or why it is refused.
fn judge<'a>(
    batch: &'a BagBatch,
    parent: &Parent,
    existing: &HashMap<String, (String, Option<i64>)>,
    completed_bills: &HashSet<i64>,
) -> Result<Vec<&'a String>, BatchRefusal> {
    let qr = &parent.qr;
    if parent.kind != "parent" {
        return Err(refusal(qr, Code::WrongKind, format!("{qr} is a child bag, not a parent")));
    }
    if parent.bill_id.is_some_and(|id| completed_bills.contains(&id)) {
        return Err(refusal(qr, Code::BillCompleted, format!("{qr} is on a completed bill")));
    }
    let mut new_links = Vec::new();
    for child in &batch.children {
        match existing.get(child) {
            Some((kind, _)) if kind != "child" => {
                return Err(refusal(child, Code::WrongKind, format!("{child} is a parent bag, not a child")));
            }
            Some((_, Some(other))) if *other != parent.id => {
                return Err(refusal(
                    child,
                    Code::ChildLinkedElsewhere,
                    format!("{child} is already in another parent"),
                ));
            }
            Some((_, Some(_))) => {}
            _ => new_links.push(child),
        }
    }
    let (max, after) = (parent.max_children.unwrap_or(0), parent.child_count + new_links.len() as i32);
    if after > max {
        return Err(refusal(qr, Code::ParentFull, format!("{qr} would hold {after} children; its maximum is {max}")));
    }
    if parent.status == "completed" && !new_links.is_empty() {
        return Err(refusal(qr, Code::ParentCompleted, format!("{qr} is completed")));
    }
    Ok(new_links)
}

/// Everything the accepted batches change, gathered so each change is one statement.
#[derive(Default)]
struct Plan {
    new_children: (Vec<String>, Vec<i64>, Vec<Option<String>>),
    relinked: (Vec<String>, Vec<i64>),
    parents: (Vec<i64>, Vec<i32>, Vec<&'static str>),
    bills: (Vec<i64>, Vec<i32>, Vec<String>),
    events: Vec<NewEvent>,
    deltas: Vec<Delta>,
}

impl Plan {
    fn add(
        &mut self,
        parent: &Parent,
        links: Vec<&String>,
        existing: &HashMap<String, (String, Option<i64>)>,
        created: bool,
    ) {
        let area = parent.area.clone();
        let mut fresh = 0;
        for child in &links {
            if existing.contains_key(*child) {
                self.relinked.0.push((*child).clone());
                self.relinked.1.push(parent.id);
            } else {
                fresh += 1;
                self.new_children.0.push((*child).clone());
                self.new_children.1.push(parent.id);
                self.new_children.2.push(area.clone());
            }
            self.events.push(NewEvent {
                kind: "child_linked",
                area: area.clone(),
                bag_qr: Some((*child).clone()),
                parent_qr: Some(parent.qr.clone()),
                details: Some(json!({ "source": "import" })),
                ..NewEvent::default()
            });
        }
        let count = parent.child_count + links.len() as i32;
        self.parents.0.push(parent.id);
        self.parents.1.push(count);
        self.parents.2.push(ParentStatus::for_count(count, parent.max_children.unwrap_or(0)).as_str());
        if let (Some(bill), Some(parent_type)) = (parent.bill_id, &parent.parent_type) {
            self.bills.0.push(bill);
            self.bills.1.push(links.len() as i32);
            self.bills.2.push(parent_type.clone());
        }
        if created {
            self.events.push(NewEvent {
                kind: "parent_created",
                bag_qr: Some(parent.qr.clone()),
                parent_qr: Some(parent.qr.clone()),
                details: Some(json!({ "source": "import" })),
                ..NewEvent::default()
            });
            self.deltas.push(Delta::new("parents", area.as_deref(), parent.parent_type.as_deref(), 1));
        }
        self.events.push(NewEvent {
            kind: "bags_imported",
            area: area.clone(),
            bag_qr: Some(parent.qr.clone()),
            parent_qr: Some(parent.qr.clone()),
            details: Some(json!({ "children": links.len() })),
            ..NewEvent::default()
        });
        let relinked = links.len() as i64 - fresh;
        self.deltas.push(Delta::new("children", area.as_deref(), None, fresh));
        self.deltas.push(Delta::new("unlinked_children", area.as_deref(), None, -relinked));
        self.deltas.push(Delta::new("scans", area.as_deref(), None, links.len() as i64));
    }

    async fn apply(self, conn: &mut PgConnection, actor: &Actor) -> WriteResult<()> {
        sqlx::query(
            "insert into bags (qr, kind, status, area, parent_id, linked_at, linked_by, created_by)
             select qr, 'child', 'linked', area, parent_id, now(), $4, $4
             from unnest($1::text[], $2::bigint[], $3::text[]) as c(qr, parent_id, area)",
        )
        .bind(&self.new_children.0)
        .bind(&self.new_children.1)
        .bind(&self.new_children.2)
        .bind(actor.user_id)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "update bags set parent_id = c.parent_id, status = 'linked', linked_at = now(), linked_by = $3,
                    updated_at = now()
             from unnest($1::text[], $2::bigint[]) as c(qr, parent_id)
             where bags.qr = c.qr and bags.parent_id is null",
        )
        .bind(&self.relinked.0)
        .bind(&self.relinked.1)
        .bind(actor.user_id)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "update bags set child_count = u.count, status = u.status, updated_at = now(),
                    completed_at = case when u.status = 'completed' then coalesce(completed_at, now()) end
             from unnest($1::bigint[], $2::int[], $3::text[]) as u(id, count, status)
             where bags.id = u.id",
        )
        .bind(&self.parents.0)
        .bind(&self.parents.1)
        .bind(&self.parents.2)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "update bills set child_count = bills.child_count + d.children, actual_weight_kg = bills.actual_weight_kg + d.kg,
                    updated_at = now()
             from (select u.bill, sum(u.n)::int as children, sum(u.n * t.child_weight_kg) as kg
                   from unnest($1::bigint[], $2::int[], $3::text[]) as u(bill, n, parent_type)
                   join parent_types t on t.code = u.parent_type
                   group by u.bill) d
             where bills.id = d.bill",
        )
        .bind(&self.bills.0)
        .bind(&self.bills.1)
        .bind(&self.bills.2)
        .execute(&mut *conn)
        .await?;
        event::record(conn, actor, &self.events).await?;
        counter::add(conn, self.deltas).await?;
        Ok(())
    }
}
