use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use storage::stats;

use crate::auth::extractor::ScopeRequirement;
use crate::auth::{Anyone, Authenticated, scope};
use crate::error::{ApiError, ApiResult, ErrorCode, Problem};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct EodQuery {
    /// The day (`YYYY-MM-DD`, a local day of the site's zone, see `GET /site`); default today there.
    #[param(example = "2026-11-28")]
    pub date: Option<NaiveDate>,
    /// `json` (default) or `csv`.
    #[param(example = "json")]
    pub format: Option<String>,
}

#[derive(Debug, Default, Clone, Serialize, utoipa::ToSchema)]
pub struct DayFigures {
    pub bills_created: i64,
    pub bills_completed: i64,
    pub parents_created: i64,
    pub parents_completed: i64,
    /// Child scans that linked a child into a parent.
    pub children_packed: i64,
}

impl DayFigures {
    fn add(&mut self, kind: &str, count: i64) {
        match kind {
            "bill_created" => self.bills_created += count,
            "bill_completed" => self.bills_completed += count,
            "parent_created" => self.parents_created += count,
            "parent_completed" => self.parents_completed += count,
            _ => self.children_packed += count,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OperatorDay {
    pub username: Option<String>,
    #[serde(flatten)]
    pub figures: DayFigures,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AreaDay {
    pub area: Option<String>,
    #[serde(flatten)]
    pub figures: DayFigures,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EndOfDay {
    pub date: NaiveDate,
    /// The day's window `[from, to)`: local midnights, with the site's offset.
    pub from: DateTime<FixedOffset>,
    pub to: DateTime<FixedOffset>,
    #[serde(flatten)]
    pub totals: DayFigures,
    pub operators: Vec<OperatorDay>,
    pub areas: Vec<AreaDay>,
}

/// End-of-day summary: bills created and completed, parents and children packed, per operator
/// and per area. Dispatchers see their own area. `format=csv` answers one line per operator.
///
/// Any signed-in user. The day runs from local midnight to local midnight in the site's zone (`from`
/// and `to` in the answer). The CSV ends with a `TOTAL` line and downloads as `eod-<date>.csv`; another
/// `format` answers 422 `validation_failed`.
#[utoipa::path(get, path = "/api/v1/reports/eod", tag = "dashboard", params(EodQuery), security(("bearer" = []), ("api_key" = ["read"])),
    responses(
    (status = 200, body = EndOfDay),
    (status = 400, description = "Bad date", body = Problem),
    (status = 422, description = "Unknown format", body = Problem)))]
pub async fn eod(
    state: web::Data<AppState>,
    caller: Authenticated<Anyone, scope::Read>,
    query: web::Query<EodQuery>,
) -> ApiResult<HttpResponse> {
    let report = end_of_day(&state, &caller, query.date).await?;
    match query.format.as_deref() {
        None | Some("json") => Ok(HttpResponse::Ok().json(report)),
        Some("csv") => csv(&report),
        Some(other) => {
            Err(ApiError::new(ErrorCode::ValidationFailed, format!("format \"{other}\" is not json or csv")))
        }
    }
}

/// The report of one local day (today when `date` is none), in the caller's area scope.
pub async fn end_of_day<S: ScopeRequirement>(
    state: &AppState,
    caller: &Authenticated<Anyone, S>,
    date: Option<NaiveDate>,
) -> ApiResult<EndOfDay> {
    let zone = state.site.zone;
    let date = date.unwrap_or_else(|| zone.today());
    let Some((from, to)) = zone.day(date) else {
        return Err(ApiError::new(ErrorCode::ValidationFailed, "date out of range"));
    };
    let scope = caller.area_scope();
    let rows: Vec<_> = stats::day(&state.reads, from.to_utc(), to.to_utc())
        .await?
        .into_iter()
        .filter(|row| scope.is_none() || row.area.as_deref() == scope)
        .collect();
    let mut totals = DayFigures::default();
    let mut operators: BTreeMap<Option<String>, DayFigures> = BTreeMap::new();
    let mut areas: BTreeMap<Option<String>, DayFigures> = BTreeMap::new();
    for row in &rows {
        totals.add(&row.kind, row.count);
        operators.entry(row.username.clone()).or_default().add(&row.kind, row.count);
        if row.kind != "bill_created" && row.kind != "bill_completed" {
            areas.entry(row.area.clone()).or_default().add(&row.kind, row.count);
        }
    }
    Ok(EndOfDay {
        date,
        from,
        to,
        totals,
        operators: operators.into_iter().map(|(username, figures)| OperatorDay { username, figures }).collect(),
        areas: areas.into_iter().map(|(area, figures)| AreaDay { area, figures }).collect(),
    })
}

fn csv(report: &EndOfDay) -> ApiResult<HttpResponse> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "date",
        "operator",
        "bills_created",
        "bills_completed",
        "parents_created",
        "parents_completed",
        "children_packed",
    ];
    crate::csv_safe::write_row(&mut writer, &header)?;
    let lines = report
        .operators
        .iter()
        .map(|o| (o.username.clone().unwrap_or_default(), &o.figures))
        .chain(std::iter::once(("TOTAL".to_owned(), &report.totals)));
    for (name, f) in lines {
        let numbers = [f.bills_created, f.bills_completed, f.parents_created, f.parents_completed, f.children_packed];
        let mut record = vec![report.date.to_string(), name];
        record.extend(numbers.iter().map(ToString::to_string));
        crate::csv_safe::write_row(&mut writer, &record)?;
    }
    let body = writer.into_inner().map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"eod-{}.csv\"", report.date)))
        .body(body))
}
