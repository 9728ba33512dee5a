use std::collections::BTreeMap;

use actix_web::HttpResponse;
use actix_web::http::header::ContentType;
use actix_web::web::{self, Bytes};
use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};
use domain::SiteZone;
use serde::{Deserialize, Serialize};
use storage::stats;
use uuid::Uuid;

use crate::auth::{Anyone, Authenticated, scope};
use crate::cached_answer;
use crate::error::{ApiError, ApiResult, ErrorCode, Problem};
use crate::state::AppState;

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BillsByStatus {
    pub new: i64,
    pub processing: i64,
    pub completed: i64,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AreaStats {
    /// `null` for bags created without an area.
    pub area: Option<String>,
    pub parents: i64,
    pub children: i64,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"bags_total": 1550000, "parents_total": 50000, "children_total": 1500000,
    "unlinked_children": 1200, "bills": {"new": 40, "processing": 12, "completed": 4100}, "scans_today": 8400,
    "scans_last_hour": 950, "areas": [{"area": "lucknow", "parents": 5000, "children": 150000}],
    "generated_at": "2026-11-28T09:00:00Z"}))]
pub struct Stats {
    pub bags_total: i64,
    pub parents_total: i64,
    pub children_total: i64,
    pub unlinked_children: i64,
    pub bills: BillsByStatus,
    /// Child scans since midnight UTC.
    pub scans_today: i64,
    /// Child scans in the last 60 minutes.
    pub scans_last_hour: i64,
    pub areas: Vec<AreaStats>,
    /// When these figures were computed (they may be served from cache for a few seconds).
    pub generated_at: DateTime<Utc>,
}

/// Dashboard totals: from maintained counters, constant-time at any size, cached for 5 s
/// (in Redis when configured; computed from PostgreSQL when Redis is down). Dispatchers see
/// their own area's figures.
///
/// Any signed-in user. `scans_today` counts child scans since the site's local midnight and
/// `scans_last_hour` those of the last 60 minutes; `generated_at` says when the figures were computed.
#[utoipa::path(get, path = "/api/v1/stats", tag = "dashboard", security(("bearer" = []), ("api_key" = ["read"])), responses(
    (status = 200, body = Stats)))]
pub async fn stats(state: web::Data<AppState>, caller: Authenticated<Anyone, scope::Read>) -> ApiResult<HttpResponse> {
    let area = caller.area_scope();
    let key = format!("stats:v1:{}", area.unwrap_or("*"));
    cached(&state, key, || {
        let (state, area) = (state.clone(), area.map(str::to_owned));
        async move { compute(&state, area.as_deref()).await }
    })
    .await
}

/// The answer under `key`, from a cache or `compute`d ([`cached_answer`]), sent as stored.
async fn cached<T, F>(state: &AppState, key: String, compute: impl FnOnce() -> F) -> ApiResult<HttpResponse>
where
    T: Serialize + 'static,
    F: std::future::Future<Output = ApiResult<T>> + 'static,
{
    Ok(json_body(cached_answer::answer(&state.hot, &state.cache, key, compute).await?))
}

fn json_body(body: Bytes) -> HttpResponse {
    HttpResponse::Ok().content_type(ContentType::json()).body(body)
}

async fn compute(state: &AppState, area: Option<&str>) -> ApiResult<Stats> {
    let now = Utc::now();
    let zone = state.site.zone;
    let midnight = zone.start_of(zone.day_of(now)).map(|at| at.to_utc()).unwrap_or(now);
    let (counters, today, last_hour) = tokio::try_join!(
        stats::counters(&state.reads, area),
        stats::scans_since(&state.reads, midnight, area),
        stats::scans_since(&state.reads, now - TimeDelta::hours(1), area),
    )?;
    let total = |metric: &str| counters.iter().filter(|c| c.metric == metric).map(|c| c.value).sum::<i64>();
    let mut areas: BTreeMap<String, AreaStats> = BTreeMap::new();
    for counter in counters.iter().filter(|c| c.metric == "parents" || c.metric == "children") {
        let entry = areas.entry(counter.area.clone()).or_insert_with(|| AreaStats {
            area: Some(counter.area.clone()).filter(|a| !a.is_empty()),
            parents: 0,
            children: 0,
        });
        if counter.metric == "parents" {
            entry.parents += counter.value;
        } else {
            entry.children += counter.value;
        }
    }
    let (parents, children) = (total("parents"), total("children"));
    Ok(Stats {
        bags_total: parents + children,
        parents_total: parents,
        children_total: children,
        unlinked_children: total("unlinked_children"),
        bills: BillsByStatus {
            new: total("bills_new"),
            processing: total("bills_processing"),
            completed: total("bills_completed"),
        },
        scans_today: today,
        scans_last_hour: last_hour,
        areas: areas.into_values().filter(|a| a.parents != 0 || a.children != 0).collect(),
        generated_at: now,
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ActivityQuery {
    /// One day (`YYYY-MM-DD`, a local day of the site's zone, see `GET /site`): scans per hour.
    /// Default: today.
    #[param(example = "2026-11-28")]
    pub date: Option<NaiveDate>,
    /// First day of a range (inclusive): scans per day. Needs `to`.
    pub from: Option<NaiveDate>,
    /// Last day of a range (inclusive), at most 366 days after `from`.
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ActivityPoint {
    /// The bucket's start, with the site's offset.
    pub at: DateTime<FixedOffset>,
    pub scans: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AreaActivity {
    pub area: Option<String>,
    pub scans: i64,
    pub series: Vec<ActivityPoint>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OperatorActivity {
    pub user_id: Option<Uuid>,
    pub username: Option<String>,
    pub scans: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Activity {
    /// `hour` for one day, `day` for a range.
    pub bucket: &'static str,
    /// The window `[from, to)`: local midnights of the site's zone, with its offset.
    pub from: DateTime<FixedOffset>,
    pub to: DateTime<FixedOffset>,
    /// Every bucket of the window, zero-filled.
    pub series: Vec<ActivityPoint>,
    pub areas: Vec<AreaActivity>,
    /// Busiest first.
    pub operators: Vec<OperatorActivity>,
}

/// Child scans per hour of a day, or per day of a range, in total, per area and per operator;
/// cached like the totals (at most 5 s old).
///
/// Any signed-in user; a dispatcher's figures count only their own area. Send `date` for one local day
/// in hours (default today), or `from` and `to` (at most 366 days apart) for days; both at once, or half
/// a range, answer 422. Every bucket of the window is listed, zero-filled, and operators come busiest
/// first.
#[utoipa::path(get, path = "/api/v1/stats/activity", tag = "dashboard", params(ActivityQuery),
    security(("bearer" = []), ("api_key" = ["read"])), responses(
    (status = 200, body = Activity),
    (status = 400, description = "Bad date", body = Problem),
    (status = 422, description = "`from` without `to`, reversed or over 366 days", body = Problem)))]
pub async fn activity(
    state: web::Data<AppState>,
    caller: Authenticated<Anyone, scope::Read>,
    query: web::Query<ActivityQuery>,
) -> ApiResult<HttpResponse> {
    let (bucket, starts) = window(&query, state.site.zone)?;
    let area = caller.area_scope();
    let (Some(from), Some(to)) = (starts.first().copied(), starts.last().copied()) else {
        return Err(ApiError::new(ErrorCode::ValidationFailed, "dates out of range"));
    };
    let key = format!("activity:v2:{bucket}:{}:{}:{}", from.timestamp(), to.timestamp(), area.unwrap_or("*"));
    cached(&state, key, || {
        let (state, area) = (state.clone(), area.map(str::to_owned));
        async move { activity_of(&state, bucket, starts, area.as_deref()).await }
    })
    .await
}

/// `starts`: every bucket's start, then the window's end.
async fn activity_of(
    state: &AppState,
    bucket: &'static str,
    starts: Vec<DateTime<FixedOffset>>,
    area: Option<&str>,
) -> ApiResult<Activity> {
    let (from, to) = (starts[0], starts[starts.len() - 1]);
    let buckets = &starts[..starts.len() - 1];
    let rows = stats::activity(&state.reads, bucket, state.site.zone.name(), from.to_utc(), to.to_utc(), area).await?;
    let zero_filled = |matching: &dyn Fn(&stats::ActivityRow) -> bool| {
        buckets
            .iter()
            .map(|&at| {
                let scans = rows.iter().filter(|r| r.bucket == at && matching(r)).map(|r| r.scans).sum();
                ActivityPoint { at, scans }
            })
            .collect::<Vec<_>>()
    };
    let mut area_names: Vec<Option<String>> = rows.iter().map(|r| r.area.clone()).collect();
    area_names.sort();
    area_names.dedup();
    let areas = area_names
        .into_iter()
        .map(|area| {
            let series = zero_filled(&|r| r.area == area);
            AreaActivity { scans: series.iter().map(|p| p.scans).sum(), area, series }
        })
        .collect();
    let mut operators: BTreeMap<Option<Uuid>, OperatorActivity> = BTreeMap::new();
    for row in &rows {
        let entry = operators.entry(row.actor_id).or_insert_with(|| OperatorActivity {
            user_id: row.actor_id,
            username: row.username.clone(),
            scans: 0,
        });
        entry.scans += row.scans;
    }
    let mut operators: Vec<_> = operators.into_values().collect();
    operators.sort_by(|a, b| b.scans.cmp(&a.scans).then_with(|| a.username.cmp(&b.username)));
    Ok(Activity { bucket, from, to, series: zero_filled(&|_| true), areas, operators })
}

/// The bucket size and every bucket's start (local hours of one day, or local days of a
/// range), followed by the window's end.
fn window(query: &ActivityQuery, zone: SiteZone) -> ApiResult<(&'static str, Vec<DateTime<FixedOffset>>)> {
    let invalid = |message: &str| ApiError::new(ErrorCode::ValidationFailed, message.to_owned());
    let out_of_range = || invalid("dates out of range");
    match (query.date, query.from, query.to) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(invalid("give either date, or from and to")),
        (None, Some(from), Some(to)) => {
            if to < from || (to - from).num_days() > 366 {
                return Err(invalid("to must be on or after from, at most 366 days later"));
            }
            // The window's own bounds decide whether the range can be written at all.
            zone.window(from, to).ok_or_else(out_of_range)?;
            let days = from.iter_days().take_while(|day| *day <= to).chain(to.succ_opt());
            let starts: Option<Vec<_>> = days.map(|day| zone.start_of(day)).collect();
            Ok(("day", starts.ok_or_else(out_of_range)?))
        }
        (None, Some(_), None) | (None, None, Some(_)) => Err(invalid("a range needs both from and to")),
        (date, None, None) => {
            let day = date.unwrap_or_else(|| zone.today());
            let (from, to) = zone.day(day).ok_or_else(out_of_range)?;
            // Hours are counted from local midnight; a day with a clock change has 23 or 25.
            let mut starts: Vec<_> = (0..)
                .map(|hour| zone.local((from + TimeDelta::hours(hour)).to_utc()))
                .take_while(|at| *at < to)
                .collect();
            starts.push(to);
            Ok(("hour", starts))
        }
    }
}
