use sqlx::PgConnection;

use crate::error::StorageResult;

/// Dashboard counters live in a few stripes per key; each change picks one at random, so
/// scans in the same area rarely queue on the same row, and a read sums the stripes.
pub const STRIPES: i16 = 16;

/// A change to one dashboard figure: `metric` for `area` (or `""`) and `parent_type` (or `""`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Delta {
    pub metric: &'static str,
    pub area: String,
    pub parent_type: String,
    pub value: i64,
}

impl Delta {
    pub fn new(metric: &'static str, area: Option<&str>, parent_type: Option<&str>, value: i64) -> Self {
        Self {
            metric,
            area: area.unwrap_or_default().to_owned(),
            parent_type: parent_type.unwrap_or_default().to_owned(),
            value,
        }
    }
}

/// Applies the deltas of one change in the same transaction as the change, in one statement.
/// Rows are touched in key order so two transactions never wait on each other in a cycle.
pub async fn add(conn: &mut PgConnection, mut deltas: Vec<Delta>) -> StorageResult<()> {
    deltas.retain(|d| d.value != 0);
    if deltas.is_empty() {
        return Ok(());
    }
    deltas.sort();
    let stripe: i16 = rand::random_range(0..STRIPES);
    // Scans also count towards their minute (the dashboard's "today" and "last hour"), in the
    // same statement: no extra round trip on the scan path.
    sqlx::query(
        "with d as (
             select * from unnest($1::text[], $2::text[], $3::text[], $5::bigint[]) as d(metric, area, parent_type, value)
         ), totals as (
             insert into stat_counters (metric, area, parent_type, stripe, value)
             select metric, area, parent_type, $4, sum(value) from d
             group by metric, area, parent_type
             order by metric, area, parent_type
             on conflict (metric, area, parent_type, stripe) do update set value = stat_counters.value + excluded.value
         )
         insert into scan_minutes (minute, area, stripe, scans)
         select date_trunc('minute', now()), area, $4, sum(value) from d
         where metric = 'scans'
         group by area
         order by area
         on conflict (minute, area, stripe) do update set scans = scan_minutes.scans + excluded.scans",
    )
    .bind(deltas.iter().map(|d| d.metric).collect::<Vec<_>>())
    .bind(deltas.iter().map(|d| d.area.as_str()).collect::<Vec<_>>())
    .bind(deltas.iter().map(|d| d.parent_type.as_str()).collect::<Vec<_>>())
    .bind(stripe)
    .bind(deltas.iter().map(|d| d.value).collect::<Vec<_>>())
    .execute(conn)
    .await?;
    Ok(())
}
