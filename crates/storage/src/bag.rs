//! Reading bags: the one view every endpoint answers with, lookups, lists, deletion.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use domain::bag::DeleteRefusal;

use crate::error::{StorageResult, WriteError, WriteResult};
use crate::list_sql::ListSql;

/// A bag with what the API shows about it: its parent's QR (children) or its bill (parents).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BagRecord {
    pub id: i64,
    pub qr: String,
    pub kind: String,
    pub status: String,
    pub area: Option<String>,
    pub parent_type: Option<String>,
    pub child_count: i32,
    pub max_children: Option<i32>,
    pub parent_qr: Option<String>,
    pub linked_at: Option<DateTime<Utc>>,
    pub bill_code: Option<String>,
    pub bill_status: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<uuid::Uuid>,
}

/// The view's select list and joins; callers add `where` and `order by`.
pub const VIEW: &str = "select b.id, b.qr, b.kind, b.status, b.area, b.parent_type, b.child_count, b.max_children,
        p.qr as parent_qr, b.linked_at, bl.code as bill_code, bl.status as bill_status, b.created_at, b.created_by
    from bags b
    left join bags p on p.id = b.parent_id
    left join bills bl on bl.id = b.bill_id";

/// The view's columns as `returning` can give them (no joins): the caller fills in the parent's
/// QR and the bill, which it knows.
pub(crate) const RETURNED: &str = "id, qr, kind, status, area, parent_type, child_count, max_children,
        null::text as parent_qr, linked_at, null::text as bill_code, null::text as bill_status, created_at, created_by";

/// Where a bag is, as a dispatcher confined to `area_scope` may learn it.
pub enum Scoped<T> {
    Found(T),
    /// It exists, in another dispatch area: the caller learns only that.
    OtherArea,
    Missing,
}

/// A bag with the bags its detail and trace show: a child's parent, a parent's children.
#[derive(Debug)]
pub struct Family {
    pub bag: BagRecord,
    pub parent: Option<BagRecord>,
    /// Most recently linked first.
    pub children: Vec<BagRecord>,
}

impl Family {
    pub fn is_child(&self) -> bool {
        self.bag.kind == "child"
    }

    /// The parent of the bag's chain: a child's parent, or the bag itself when it is a parent.
    pub fn chain_parent(&self) -> Option<&BagRecord> {
        if self.is_child() { self.parent.as_ref() } else { Some(&self.bag) }
    }
}

#[derive(sqlx::FromRow)]
struct Member {
    /// 0 the bag, 1 its parent, 2 one of its children.
    member: i16,
    #[sqlx(flatten)]
    bag: BagRecord,
}

/// A bag and its family in one statement (it was three round trips: the bag, then its parent or
/// its children), telling a bag of another area apart from a missing one.
pub async fn find_family(
    conn: &mut PgConnection,
    qr: &str,
    area_scope: Option<&str>,
) -> StorageResult<Scoped<Box<Family>>> {
    // A parent has no parent (`bags_parent_fields`) and a child no children
    // (`bags_parent_is_parent`); children are never on a bill (`bags_child_fields`), so theirs is
    // not joined.
    const SQL: &str = "with me as (
            select b.id, b.qr, b.kind, b.status, b.area, b.parent_type, b.child_count, b.max_children,
                p.qr as parent_qr, b.linked_at, bl.code as bill_code, bl.status as bill_status, b.created_at,
                b.created_by, b.parent_id
            from bags b
            left join bags p on p.id = b.parent_id
            left join bills bl on bl.id = b.bill_id
            where b.qr = $1)
        select 0::int2 as member, id, qr, kind, status, area, parent_type, child_count, max_children, parent_qr,
            linked_at, bill_code, bill_status, created_at, created_by
        from me
        union all
        select 1::int2, p.id, p.qr, p.kind, p.status, p.area, p.parent_type, p.child_count, p.max_children,
            null::text, p.linked_at, bl.code, bl.status, p.created_at, p.created_by
        from me
        join bags p on p.id = me.parent_id
        left join bills bl on bl.id = p.bill_id
        union all
        select 2::int2, c.id, c.qr, c.kind, c.status, c.area, c.parent_type, c.child_count, c.max_children,
            me.qr, c.linked_at, null::text, null::text, c.created_at, c.created_by
        from me
        join bags c on c.parent_id = me.id
        where me.kind = 'parent'
        order by member, linked_at desc, id desc";
    let rows: Vec<Member> = sqlx::query_as(SQL).bind(qr).fetch_all(conn).await?;
    let mut rows = rows.into_iter();
    let Some(Member { member: 0, bag }) = rows.next() else { return Ok(Scoped::Missing) };
    if area_scope.is_some_and(|scope| bag.area.as_deref() != Some(scope)) {
        return Ok(Scoped::OtherArea);
    }
    let mut family = Family { bag, parent: None, children: Vec::new() };
    for Member { member, bag } in rows {
        match member {
            1 => family.parent = Some(bag),
            _ => family.children.push(bag),
        }
    }
    Ok(Scoped::Found(Box::new(family)))
}

pub async fn find_by_id(conn: &mut PgConnection, id: i64) -> StorageResult<BagRecord> {
    let sql = format!("{VIEW} where b.id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_one(conn).await?)
}

#[derive(Debug, Clone, Default)]
pub struct BagFilter {
    pub kind: Option<String>,
    pub parent_type: Option<String>,
    pub area: Option<String>,
    pub status: Option<String>,
    /// Children: in a parent or not. Parents: holding at least one child or not.
    pub linked: Option<bool>,
    /// Parents on a bill or not.
    pub billed: Option<bool>,
    pub created_by: Option<uuid::Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// A QR prefix (normalised).
    pub qr_prefix: Option<String>,
    pub parent_qr: Option<String>,
    pub bill_code: Option<String>,
}

impl BagFilter {
    /// The QR prefix when it is the only filter besides the kind.
    fn search_only(&self) -> Option<&str> {
        // Spelled out, so a new filter has to be placed here too.
        let Self {
            kind: _,
            parent_type,
            area,
            status,
            linked,
            billed,
            created_by,
            from,
            to,
            qr_prefix,
            parent_qr,
            bill_code,
        } = self;
        let others = parent_type.is_some()
            || area.is_some()
            || status.is_some()
            || linked.is_some()
            || billed.is_some()
            || created_by.is_some()
            || from.is_some()
            || to.is_some()
            || parent_qr.is_some()
            || bill_code.is_some();
        if others { None } else { qr_prefix.as_deref() }
    }
}

/// Newest first, keyset on `id` (identity: new bags always sort before the cursor, so paging
/// while bags are being added never repeats or skips one).
pub async fn list(
    pool: &PgPool,
    filter: &BagFilter,
    area_scope: Option<&str>,
    before_id: Option<i64>,
    limit: i64,
) -> StorageResult<Vec<BagRecord>> {
    if let Some(prefix) = filter.search_only()
        && area_scope.is_none()
    {
        return search(pool, prefix, filter.kind.as_deref(), before_id, limit).await;
    }
    let mut sql = ListSql::new(format!("{VIEW} where true"));
    let kind = sql.closed("b.kind", filter.kind.as_deref(), &["parent", "child"]);
    sql.closed("b.status", filter.status.as_deref(), &["pending", "in_progress", "completed", "unlinked", "linked"]);
    // Written out per kind so the planner sees what the partial indexes cover (loose children:
    // `kind = 'child' and parent_id is null`).
    match (filter.linked, kind) {
        (Some(true), Some("child")) => sql.text(" and b.parent_id is not null"),
        (Some(false), Some("child")) => sql.text(" and b.parent_id is null"),
        (Some(true), Some("parent")) => sql.text(" and b.child_count > 0"),
        (Some(false), Some("parent")) => sql.text(" and b.child_count = 0"),
        (Some(linked), _) => {
            sql.text(" and (case when b.kind = 'child' then b.parent_id is not null else b.child_count > 0 end) = ");
            sql.text(if linked { "true" } else { "false" });
        }
        (None, _) => {}
    }
    match filter.billed {
        Some(true) => sql.text(" and b.kind = 'parent' and b.bill_id is not null"),
        Some(false) => sql.text(" and b.kind = 'parent' and b.bill_id is null"),
        None => {}
    }
    sql.equal("b.parent_type", filter.parent_type.as_deref());
    sql.equal("b.area", area_scope);
    sql.equal("b.area", filter.area.as_deref());
    sql.equal("b.created_by", filter.created_by);
    sql.compare("b.created_at >= ", filter.from);
    sql.compare("b.created_at < ", filter.to);
    if filter.from.is_some() || filter.to.is_some() {
        sql.plan_per_call();
    }
    if let Some(prefix) = &filter.qr_prefix {
        sql.plan_per_call();
        sql.text(" and b.qr like ");
        sql.bind(format!("{}%", escape_like(prefix)));
    }
    sql.equal("p.qr", filter.parent_qr.as_deref());
    sql.equal("bl.code", filter.bill_code.as_deref());
    sql.compare("b.id < ", before_id);
    sql.text(" order by b.id desc limit ");
    sql.bind(limit);
    Ok(sql.build_query_as().fetch_all(pool).await?)
}

/// A QR prefix search (and at most a kind), newest first. A short prefix matches many bags
/// (`SB01` 10,000 parents at 15 M), and all of them had to be read from the table to sort them by
/// `id` for a page of 50. Here the page's ids come from `bags_qr_key` alone (it carries `kind` and
/// `id`, migration 23: an index-only scan), and only the page's rows are read.
async fn search(
    pool: &PgPool,
    prefix: &str,
    kind: Option<&str>,
    before_id: Option<i64>,
    limit: i64,
) -> StorageResult<Vec<BagRecord>> {
    let mut sql = ListSql::new(format!("{VIEW} where b.id in (select q.id from bags q where q.qr like "));
    sql.plan_per_call();
    sql.bind(format!("{}%", escape_like(prefix)));
    sql.closed("q.kind", kind, &["parent", "child"]);
    sql.compare("q.id < ", before_id);
    sql.text(" order by q.id desc limit ");
    sql.bind(limit);
    sql.text(") order by b.id desc");
    Ok(sql.build_query_as().fetch_all(pool).await?)
}

/// A prefix matched literally: `%`, `_` and `\` lose their LIKE meaning.
fn escape_like(prefix: &str) -> String {
    prefix.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// Deletes a bag that is neither linked nor billed, with its row locked so a concurrent
/// scan cannot link it between the check and the delete.
pub async fn delete(conn: &mut PgConnection, qr: &str, area_scope: Option<&str>) -> WriteResult<BagRecord> {
    let locked: Option<(i64,)> =
        sqlx::query_as("select id from bags where qr = $1 and ($2::text is null or area = $2) for update")
            .bind(qr)
            .bind(area_scope)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((id,)) = locked else {
        return Err(WriteError::NotFound(format!("bag {qr}")));
    };
    let bag = find_by_id(conn, id).await?;
    if let Some(parent_qr) = &bag.parent_qr {
        return Err(DeleteRefusal::ChildInParent { qr: qr.to_owned(), parent_qr: parent_qr.clone() }.into());
    }
    if bag.child_count > 0 {
        return Err(DeleteRefusal::ParentNotEmpty { qr: qr.to_owned(), count: bag.child_count }.into());
    }
    if let Some(bill_code) = &bag.bill_code {
        return Err(DeleteRefusal::ParentOnBill { qr: qr.to_owned(), bill_code: bill_code.clone() }.into());
    }
    sqlx::query("delete from bags where id = $1").bind(id).execute(conn).await?;
    Ok(bag)
}
