use std::sync::LazyLock;

use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::{PgConnection, Postgres};

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
pub async fn add(conn: &mut PgConnection, deltas: Vec<Delta>) -> StorageResult<()> {
    static SQL: LazyLock<String> = LazyLock::new(|| format!("with {} select 1", upsert_ctes(1)));
    let deltas = Prepared::new(deltas);
    if deltas.is_empty() {
        return Ok(());
    }
    deltas.bind(sqlx::query(&SQL)).execute(conn).await?;
    Ok(())
}

/// The counters' statement as `with` items (PostgreSQL runs data-modifying `with` items only
/// at the top of a statement), over parameters `$n`..`$n+4` bound by [`Prepared::bind`]; a
/// change can apply its deltas in the statement that makes it. Scans also count towards their
/// minute (the dashboard's "today" and "last hour").
pub(crate) fn upsert_ctes(n: usize) -> String {
    upsert_ctes_if(n, "true")
}

/// [`upsert_ctes`], counting only if `condition` holds.
pub(crate) fn upsert_ctes_if(n: usize, condition: &str) -> String {
    let (metric, area, parent_type, stripe, value) = (n, n + 1, n + 2, n + 3, n + 4);
    format!(
        "counter_deltas as (
             select * from unnest(${metric}::text[], ${area}::text[], ${parent_type}::text[], ${value}::bigint[])
                 as d(metric, area, parent_type, value)
             where {condition}
         ), counter_totals as (
             insert into stat_counters (metric, area, parent_type, stripe, value)
             select metric, area, parent_type, ${stripe}, sum(value) from counter_deltas
             group by metric, area, parent_type
             order by metric, area, parent_type
             on conflict (metric, area, parent_type, stripe) do update set value = stat_counters.value + excluded.value
         ), counter_minutes as (
             insert into scan_minutes (minute, area, stripe, scans)
             select date_trunc('minute', now()), area, ${stripe}, sum(value) from counter_deltas
             where metric = 'scans'
             group by area
             order by area
             on conflict (minute, area, stripe) do update set scans = scan_minutes.scans + excluded.scans
         )"
    )
}

/// Deltas ready to bind: zeros dropped, in key order, one stripe picked.
pub(crate) struct Prepared {
    deltas: Vec<Delta>,
    stripe: i16,
}

impl Prepared {
    pub(crate) fn new(mut deltas: Vec<Delta>) -> Self {
        deltas.retain(|d| d.value != 0);
        deltas.sort();
        Self { deltas, stripe: rand::random_range(0..STRIPES) }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.deltas.is_empty()
    }

    /// Binds the five parameters [`upsert_ctes`] reads, in its order.
    pub(crate) fn bind<'q>(&self, query: Query<'q, Postgres, PgArguments>) -> Query<'q, Postgres, PgArguments> {
        query
            .bind(self.deltas.iter().map(|d| d.metric).collect::<Vec<_>>())
            .bind(self.deltas.iter().map(|d| d.area.clone()).collect::<Vec<_>>())
            .bind(self.deltas.iter().map(|d| d.parent_type.clone()).collect::<Vec<_>>())
            .bind(self.stripe)
            .bind(self.deltas.iter().map(|d| d.value).collect::<Vec<_>>())
    }
}
