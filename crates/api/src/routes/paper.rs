//! What prints: QR labels for parents (a run of new codes, or a bill's parents) as PDF or
//! Zebra ZPL, the bill of dispatch, and the end-of-day report as PDF. Rendering runs on the
//! blocking pool: a thousand labels are CPU work, not something to hold an async thread for.

use actix_web::{HttpResponse, web};
use domain::identifier::ParentQr;
use domain::{ValidationError, labels};
use paper::documents::{self, DayReport, DispatchLine, DispatchNote};
use paper::labels::{Label, Layout};
use serde::Deserialize;
use storage::{bill, parent_type};

use super::bills::bill_id;
use super::reports::{self, DayFigures, EndOfDay};
use crate::auth::{Anyone, Authenticated, BillerOrAdmin, scope};
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ParentLabelsQuery {
    /// The first parent QR of the run (`SB00001`); its trailing digits count up.
    #[param(min_length = 1, max_length = 255, example = "SB00001")]
    pub from: String,
    /// How many labels, 1–1000.
    #[param(minimum = 1, maximum = 1000, example = 21)]
    pub count: usize,
    /// `a4` (default: a sheet of 3 × 7 stickers, 70 × 42.4 mm) or `roll-50x25` (one 50 × 25 mm
    /// label per page). `zpl` is always 50 × 25 mm at 203 dpi, whatever (valid) layout is named.
    #[param(example = "a4")]
    pub layout: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BillLabelsQuery {
    /// `a4` (default) or `roll-50x25`; see the parent labels.
    #[param(example = "a4")]
    pub layout: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DayReportQuery {
    /// The day (`YYYY-MM-DD`, a local day of the site's zone); default today there.
    #[param(example = "2026-11-28")]
    pub date: Option<chrono::NaiveDate>,
}

fn layout(name: Option<&str>) -> ApiResult<Layout> {
    Layout::parse(name.unwrap_or("a4"))
        .ok_or_else(|| ValidationError::field("layout", "must be a4 or roll-50x25").into())
}

/// Renders off the async threads; a rendering failure is ours (500), its cause logged.
async fn render<F>(work: F) -> ApiResult<Vec<u8>>
where
    F: FnOnce() -> Result<Vec<u8>, paper::PaperError> + Send + 'static,
{
    web::block(work).await.map_err(ApiError::internal)?.map_err(ApiError::internal)
}

fn file(media_type: &str, name: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(media_type)
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}\"")))
        .insert_header(("Cache-Control", "no-store"))
        .body(body)
}

const ZPL: &str = "text/plain; charset=utf-8";

async fn labels_file(
    labels: Vec<Label>,
    format: &str,
    layout_name: Option<&str>,
    stem: &str,
) -> ApiResult<HttpResponse> {
    // Checked for `zpl` too, which has one size of its own: a layout nobody offers is a mistake.
    let layout = layout(layout_name)?;
    match format {
        "pdf" => {
            let body = render(move || paper::labels::pdf(&labels, layout)).await?;
            Ok(file("application/pdf", &format!("{stem}.pdf"), body))
        }
        "zpl" => Ok(file(ZPL, &format!("{stem}.zpl"), paper::labels::zpl(&labels).into_bytes())),
        other => Err(ApiError::not_found(format!("label format {other:?} (pdf or zpl)"))),
    }
}

/// QR labels for a run of new parent codes, printed before packing: `count` codes from `from`
/// on, each with its code in large text and its parent type beneath.
///
/// Admins and billers. `from` must be a parent QR ending in digits, and every code of the run must stay
/// in its type's pattern and digit width (422 otherwise); nothing is stored, so printing the same run
/// twice is harmless. `pdf` lays the labels out as `layout` says, `zpl` is for Zebra printers; another
/// format answers 404.
#[utoipa::path(get, path = "/api/v1/labels/parents.{format}", tag = "printing",
    params(("format" = String, Path, description = "`pdf` or `zpl`", example = "pdf"), ParentLabelsQuery),
    security(("bearer" = []), ("api_key" = ["export"])),
    responses(
    (status = 200, description = "The labels: `application/pdf`, or ZPL II as `text/plain`"),
    (status = 400, description = "A missing or malformed parameter", body = Problem),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 404, description = "Unknown format", body = Problem),
    (status = 422, description = "`from` is not a parent QR, the run leaves its type or its digits, or a bad layout", body = Problem)))]
pub async fn parent_labels(
    state: web::Data<AppState>,
    _caller: Authenticated<BillerOrAdmin, scope::Export>,
    format: web::Path<String>,
    query: web::Query<ParentLabelsQuery>,
) -> ApiResult<HttpResponse> {
    let patterns = state.patterns.get(&state.pool).await?;
    let first = ParentQr::parse(&query.from, &patterns).map_err(|e| ValidationError::field("from", e.to_string()))?;
    let series = labels::parent_series(&first, query.count, &patterns)?;
    let types = parent_type::list(&state.pool).await?;
    let caption = types
        .iter()
        .find(|t| t.code == first.type_code())
        .map_or_else(|| first.type_code().to_owned(), |t| t.name.clone());
    let last = series.last().map_or(first.as_str(), ParentQr::as_str).to_owned();
    let labels =
        series.into_iter().map(|qr| Label { code: qr.as_str().to_owned(), caption: caption.clone() }).collect();
    labels_file(labels, &format, query.layout.as_deref(), &format!("labels-{}-{last}", first.as_str())).await
}

/// QR labels for every parent on a bill (a reprint for a truck), captioned with type and bill.
///
/// Admins and billers. One label per parent loaded on the bill now, as PDF (`layout` `a4` or
/// `roll-50x25`) or Zebra ZPL II; an unknown bill or format answers 404.
#[utoipa::path(get, path = "/api/v1/bills/{bill_id}/labels.{format}", tag = "printing",
    params(("bill_id" = String, Path, description = "The bill id, any case", example = "BILL-2026-0042"),
        ("format" = String, Path, description = "`pdf` or `zpl`", example = "pdf"), BillLabelsQuery),
    security(("bearer" = []), ("api_key" = ["export"])), responses(
    (status = 200, description = "The labels: `application/pdf`, or ZPL II as `text/plain`"),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 404, description = "No such bill, or an unknown format", body = Problem),
    (status = 422, description = "A bad bill id or layout", body = Problem)))]
pub async fn bill_labels(
    state: web::Data<AppState>,
    _caller: Authenticated<BillerOrAdmin, scope::Export>,
    path: web::Path<(String, String)>,
    query: web::Query<BillLabelsQuery>,
) -> ApiResult<HttpResponse> {
    let (code, format) = path.into_inner();
    let (record, lines) = bill_with_lines(&state, &code).await?;
    let labels = lines
        .into_iter()
        .map(|line| Label { caption: format!("{} · {}", line.parent_type, record.code), code: line.qr })
        .collect();
    labels_file(labels, &format, query.layout.as_deref(), &format!("labels-{}", file_stem(&record.code))).await
}

/// A bill and its parents as printed, read from the primary (a bill just completed prints as it is).
async fn bill_with_lines(state: &AppState, raw: &str) -> ApiResult<(bill::BillRecord, Vec<bill::DispatchLineRecord>)> {
    let code = bill_id(raw)?;
    let mut conn = state.pool.acquire().await?;
    let record = bill::find(&mut conn, code.as_str()).await?;
    let lines = bill::dispatch_lines(&mut conn, record.id).await?;
    Ok((record, lines))
}

/// A bill id made safe for a file name (`BILL-2026/001` → `BILL-2026-001`).
fn file_stem(code: &str) -> String {
    code.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

/// The bill of dispatch that travels with the truck: company, the bill id as QR, destination,
/// vehicle, dates in the site's zone, every parent with type, bags inside and weight, totals
/// and lines to sign. Headings in English and Hindi.
///
/// Admins and billers. Printed from the bill as it is at that moment, in any status (a bill still loading
/// prints its parents so far); the company name is the site's (`GET /site`).
#[utoipa::path(get, path = "/api/v1/bills/{bill_id}/dispatch.pdf", tag = "printing",
    params(("bill_id" = String, Path, description = "The bill id, any case", example = "BILL-2026-0042")),
    security(("bearer" = []), ("api_key" = ["export"])), responses(
    (status = 200, description = "The bill of dispatch, `application/pdf`"),
    (status = 403, description = "Dispatchers may not", body = Problem),
    (status = 404, description = "No such bill", body = Problem),
    (status = 422, description = "A bad bill id", body = Problem)))]
pub async fn dispatch_note(
    state: web::Data<AppState>,
    _caller: Authenticated<BillerOrAdmin, scope::Export>,
    code: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let (record, lines) = bill_with_lines(&state, &code).await?;
    let zone = state.site.zone;
    let note = DispatchNote {
        company: state.site.name.clone(),
        bill_id: record.code.clone(),
        status: record.status.clone(),
        destination: record.destination.clone(),
        vehicle_number: record.vehicle_number.clone(),
        description: record.description.clone(),
        created_at: zone.stamp(record.created_at),
        completed_at: record.completed_at.map(|at| zone.stamp(at)),
        printed_at: zone.stamp(chrono::Utc::now()),
        capacity: i64::from(record.capacity),
        expected_weight_kg: record.expected_weight_kg,
        weighbridge_weight_kg: record.weighbridge_weight_kg,
        lines: lines
            .into_iter()
            .map(|l| DispatchLine {
                qr: l.qr,
                parent_type: l.parent_type,
                children: l.child_count,
                weight_kg: l.weight_kg,
            })
            .collect(),
    };
    let body = render(move || documents::dispatch_pdf(&note)).await?;
    Ok(file("application/pdf", &format!("dispatch-{}.pdf", file_stem(&record.code)), body))
}

/// The end-of-day report as a printable PDF (the same figures as `GET /reports/eod`).
///
/// Any signed-in user; a dispatcher's report counts only their own area. `date` is a local day of the
/// site's zone (default today); totals, then one line per operator and per area.
#[utoipa::path(get, path = "/api/v1/reports/eod.pdf", tag = "printing", params(DayReportQuery),
    security(("bearer" = []), ("api_key" = ["export"])), responses(
    (status = 200, description = "The report, `application/pdf`"),
    (status = 400, description = "Bad date", body = Problem),
    (status = 422, description = "Date out of range", body = Problem)))]
pub async fn day_report(
    state: web::Data<AppState>,
    caller: Authenticated<Anyone, scope::Export>,
    query: web::Query<DayReportQuery>,
) -> ApiResult<HttpResponse> {
    let report = reports::end_of_day(&state, &caller, query.date).await?;
    let zone = state.site.zone;
    let printable = printable_day(&report, &state.site.name, zone);
    let body = render(move || documents::day_report_pdf(&printable)).await?;
    Ok(file("application/pdf", &format!("eod-{}.pdf", report.date), body))
}

fn printable_day(report: &EndOfDay, company: &str, zone: domain::SiteZone) -> DayReport {
    let line = |name: String, f: &DayFigures| documents::DayFigures {
        name,
        bills_created: f.bills_created,
        bills_completed: f.bills_completed,
        parents_created: f.parents_created,
        parents_completed: f.parents_completed,
        children_packed: f.children_packed,
    };
    DayReport {
        company: company.to_owned(),
        date: report.date.to_string(),
        window: format!("{} – {} ({})", zone.stamp(report.from.to_utc()), zone.stamp(report.to.to_utc()), zone.name()),
        printed_at: zone.stamp(chrono::Utc::now()),
        totals: line("Total".to_owned(), &report.totals),
        operators: report
            .operators
            .iter()
            .map(|o| line(o.username.clone().unwrap_or_else(|| "—".to_owned()), &o.figures))
            .collect(),
        areas: report
            .areas
            .iter()
            .map(|a| line(a.area.clone().unwrap_or_else(|| "—".to_owned()), &a.figures))
            .collect(),
    }
}
