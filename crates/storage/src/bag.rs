//! Reading bags: the one view every endpoint answers with, lookups, lists, deletion.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use crate::error::{StorageError, StorageResult};

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

/// A bag by QR, invisible outside `area_scope` when one is given.
pub async fn find(conn: &mut PgConnection, qr: &str, area_scope: Option<&str>) -> StorageResult<Option<BagRecord>> {
    let sql = format!("{VIEW} where b.qr = $1 and ($2::text is null or b.area = $2)");
    Ok(sqlx::query_as(&sql).bind(qr).bind(area_scope).fetch_optional(conn).await?)
}

pub async fn find_by_id(conn: &mut PgConnection, id: i64) -> StorageResult<BagRecord> {
    let sql = format!("{VIEW} where b.id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_one(conn).await?)
}

/// A child and its parent in one round trip (what every scan answers with).
pub async fn find_pair(
    conn: &mut PgConnection,
    child_id: i64,
    parent_id: i64,
) -> StorageResult<(BagRecord, BagRecord)> {
    let sql = format!("{VIEW} where b.id in ($1, $2)");
    let rows: Vec<BagRecord> = sqlx::query_as(&sql).bind(child_id).bind(parent_id).fetch_all(conn).await?;
    let mut child = None;
    let mut parent = None;
    for row in rows {
        if row.id == child_id { child = Some(row) } else { parent = Some(row) }
    }
    child.zip(parent).ok_or(crate::error::StorageError::NotFound)
}

/// A parent's children, most recently linked first.
pub async fn children(conn: &mut PgConnection, parent_id: i64) -> StorageResult<Vec<BagRecord>> {
    let sql = format!("{VIEW} where b.parent_id = $1 order by b.linked_at desc, b.id desc");
    Ok(sqlx::query_as(&sql).bind(parent_id).fetch_all(conn).await?)
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

/// Newest first, keyset on `id` (identity: new bags always sort before the cursor, so paging
/// while bags are being added never repeats or skips one).
pub async fn list(
    pool: &PgPool,
    filter: &BagFilter,
    area_scope: Option<&str>,
    before_id: Option<i64>,
    limit: i64,
) -> StorageResult<Vec<BagRecord>> {
    let sql = format!(
        "{VIEW}
         where ($1::text is null or b.kind = $1)
           and ($2::text is null or b.parent_type = $2)
           and ($3::text is null or b.area = $3)
           and ($4::text is null or b.area = $4)
           and ($5::text is null or b.status = $5)
           and ($6::bool is null or (case when b.kind = 'child' then b.parent_id is not null
                                          else b.child_count > 0 end) = $6)
           and ($7::bool is null or (b.kind = 'parent' and (b.bill_id is not null) = $7))
           and ($8::uuid is null or b.created_by = $8)
           and ($9::timestamptz is null or b.created_at >= $9)
           and ($10::timestamptz is null or b.created_at < $10)
           and ($11::text is null or b.qr like $11 || '%')
           and ($12::text is null or p.qr = $12)
           and ($13::text is null or bl.code = $13)
           and ($14::bigint is null or b.id < $14)
         order by b.id desc
         limit $15"
    );
    Ok(sqlx::query_as(&sql)
        .bind(filter.kind.as_deref())
        .bind(filter.parent_type.as_deref())
        .bind(area_scope)
        .bind(filter.area.as_deref())
        .bind(filter.status.as_deref())
        .bind(filter.linked)
        .bind(filter.billed)
        .bind(filter.created_by)
        .bind(filter.from)
        .bind(filter.to)
        .bind(filter.qr_prefix.as_deref().map(escape_like))
        .bind(filter.parent_qr.as_deref())
        .bind(filter.bill_code.as_deref())
        .bind(before_id)
        .bind(limit)
        // Not a cached statement: planned with this call's values, so every `$n is null or …` of
        // an absent filter folds away and the partial indexes apply. A cached generic plan walked
        // the primary key backwards past 370,000 children to find 50 parents (120 ms).
        .persistent(false)
        .fetch_all(pool)
        .await?)
}

/// A prefix matched literally: `%`, `_` and `\` lose their LIKE meaning.
fn escape_like(prefix: &str) -> String {
    prefix.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// Why a bag may not be deleted (SPEC §6).
#[derive(Debug, PartialEq, Eq)]
pub enum DeleteRefusal {
    ChildLinked { parent_qr: String },
    ParentHasChildren { count: i32 },
    ParentBilled { bill_code: String },
}

/// Deletes a bag that is neither linked nor billed, with its row locked so a concurrent
/// scan cannot link it between the check and the delete.
pub async fn delete(
    conn: &mut PgConnection,
    qr: &str,
    area_scope: Option<&str>,
) -> Result<Result<BagRecord, DeleteRefusal>, StorageError> {
    let locked: Option<(i64,)> =
        sqlx::query_as("select id from bags where qr = $1 and ($2::text is null or area = $2) for update")
            .bind(qr)
            .bind(area_scope)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((id,)) = locked else {
        return Err(StorageError::NotFound);
    };
    let bag = find_by_id(conn, id).await?;
    if let Some(parent_qr) = &bag.parent_qr {
        return Ok(Err(DeleteRefusal::ChildLinked { parent_qr: parent_qr.clone() }));
    }
    if bag.child_count > 0 {
        return Ok(Err(DeleteRefusal::ParentHasChildren { count: bag.child_count }));
    }
    if let Some(bill_code) = &bag.bill_code {
        return Ok(Err(DeleteRefusal::ParentBilled { bill_code: bill_code.clone() }));
    }
    sqlx::query("delete from bags where id = $1").bind(id).execute(conn).await?;
    Ok(Ok(bag))
}
