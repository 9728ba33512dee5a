//! Imports of bags and bills from CSV or XLSX (API.md, SPEC §8): the layout is recognised from
//! the header row (or named with `mapping=`), every row is checked with the same domain rules as
//! scanning, a batch with any bad row is rejected whole, each bad row named with its reason, and
//! the other batches are applied. `dry_run=true` answers what would happen and changes nothing.
//! With `Accept: text/event-stream` the answer streams the progress, then the report.

use std::collections::{BTreeMap, HashSet};

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use futures::StreamExt;
use futures::channel::mpsc;
use storage::audit;

use super::imports_dto::{ImportQuery, ImportReport, SheetReading};
use super::scans::actor;
use crate::auth::{AdminOnly, Authenticated};
use crate::error::{ApiError, ApiResult, Problem};
use crate::import_apply::{self, Run};
use crate::import_file::{self, Sheet};
use crate::import_layout::{self, Field, SheetPlan, Target};
use crate::import_rows::{self, BagRules};
use crate::state::AppState;
use crate::{client, request_id};

/// Import bags: the factory's packing workbook, `parent_qr,child_qr` rows, or parents alone.
///
/// Admins only. The layout is recognised from the header row of each sheet (found in its first 20
/// rows, below any title): `Sr. No.` and `QR Code` (the factory workbook: child rows, each parent's
/// row — serial `Parent Code`, or a parent's code — closing the batch of the children above it),
/// `parent_qr` and `child_qr`, or `parent_qr` alone (parents without children); an `area` column
/// sets each new parent's area, else `area=`. `mapping=` names the columns instead. Every row is
/// checked with the scanning rules; a batch with any bad row is rejected whole (its good rows are
/// listed in `skipped`); orphan children, a parent without children and a code repeated in the file
/// (citing its first row) are refused. Children already in their parent are accepted as they are,
/// so importing the same file again is safe. `dry_run=true` changes nothing and answers what would
/// happen. With `Accept: text/event-stream` the answer is a stream of `progress` events
/// (`{"rows_done", "rows_total"}`) ending in one `report` event (the report) or one `problem` event.
/// The report and an audit entry account for every row.
#[utoipa::path(post, path = "/api/v1/imports/bags", tag = "imports", security(("bearer" = [])), params(ImportQuery),
    request_body(content_type = "multipart/form-data", description = "one field `file`: CSV or XLSX, at most 16 MB"),
    responses(
    (status = 200, description = "What was applied (or would be, with `dry_run`) and each rejected row with its reason",
        content(
            (ImportReport = "application/json"),
            (String = "text/event-stream", example = "event: progress\ndata: {\"rows_done\":200,\"rows_total\":61}\n\nevent: report\ndata: {…}\n\n"),
        )),
    (status = 400, description = "No `file` field", body = Problem),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 413, description = "Over 16 MB, or a workbook that decompresses to more than the limit (256 MB by default)", body = Problem),
    (status = 422, description = "Not a CSV or XLSX file, no header row of a layout (name the columns with `mapping`), a bad `mapping`, `sheet` or `area`, or a sheet larger than the limits (1,000,000 data rows, 256 columns)", body = Problem)))]
pub async fn bags(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    query: web::Query<ImportQuery>,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let area = match &query.area {
        Some(raw) => {
            let area = domain::AreaCode::parse("area", raw)?;
            if !storage::area::exists(&state.pool, area.as_str()).await? {
                let message = format!("{} is not a dispatch area", area.as_str());
                return Err(domain::ValidationError::field("area", message).into());
            }
            Some(area.as_str().to_owned())
        }
        None => None,
    };
    let file = read(&state, &query, payload, Target::Bags).await?;
    let request = req.clone();
    answer(&request, async move |progress: &Reporter| {
        let patterns = state.patterns.get(&state.pool).await?;
        // Only areas that take new parents: a row naming a retired one is refused on its own.
        let areas: HashSet<String> = storage::area::list(&state.pool)
            .await?
            .into_iter()
            .filter(|a| a.retired_at.is_none())
            .map(|a| a.code)
            .collect();
        let rules = BagRules { patterns: &patterns, area: area.as_deref(), areas: &areas };
        let mut report = file.report(query.dry_run.unwrap_or(false));
        let read = import_rows::bag_rows(&file.sheets, &rules);
        // The rows are read: their text goes before the batches are applied.
        drop(file);
        report.rows = read.rows;
        report.reject(read.rejected);
        report.skip(read.skipped);
        let actor = actor(&req, &admin, None);
        let run = Run { state: &state, actor: &actor, dry_run: report.dry_run };
        let failure = import_apply::bags(run, read.batches, &mut report, &**progress).await;
        finish(&state, &req, &admin, "bags_imported", report, failure).await
    })
    .await
}

/// Import bills (`bill_id`, `capacity` and their texts), or parents to load on bills (`bill_id`,
/// `parent_qr`).
///
/// Admins only. The layout is recognised from the header row as for bags (`mapping=`, `sheet=`,
/// `dry_run=`, `Accept: text/event-stream` alike). A bills file creates each bill like `POST /bills`,
/// on its own: a bad row, a bill id that already exists or one repeated in the file is rejected
/// with its reason, the other rows are applied. A bill-parents file loads each parent like `POST
/// /bills/{bill_id}/parents` (the parent must exist; a parent repeated in the file is refused). The
/// report and an audit entry account for every row.
#[utoipa::path(post, path = "/api/v1/imports/bills", tag = "imports", security(("bearer" = [])), params(ImportQuery),
    request_body(content_type = "multipart/form-data", description = "one field `file`: CSV or XLSX, at most 16 MB"),
    responses(
    (status = 200, description = "What was applied (or would be, with `dry_run`) and each rejected row with its reason",
        content(
            (ImportReport = "application/json"),
            (String = "text/event-stream", example = "event: progress\ndata: {\"rows_done\":100,\"rows_total\":250}\n\nevent: report\ndata: {…}\n\n"),
        )),
    (status = 400, description = "No `file` field", body = Problem),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 413, description = "Over 16 MB, or a workbook that decompresses to more than the limit (256 MB by default)", body = Problem),
    (status = 422, description = "Not a CSV or XLSX file, no header row of a layout (name the columns with `mapping`), a bad `mapping`, `sheet` or `area`, or a sheet larger than the limits (1,000,000 data rows, 256 columns)", body = Problem)))]
pub async fn bills(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    query: web::Query<ImportQuery>,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    if query.area.is_some() {
        return Err(domain::ValidationError::field("area", "bills have no area; only a bag import takes one").into());
    }
    let file = read(&state, &query, payload, Target::Bills).await?;
    let request = req.clone();
    answer(&request, async move |progress: &Reporter| {
        let patterns = state.patterns.get(&state.pool).await?;
        let mut report = file.report(query.dry_run.unwrap_or(false));
        let read = import_rows::bill_rows(&file.sheets, &patterns);
        drop(file);
        report.rows = read.rows;
        report.reject(read.rejected);
        let actor = actor(&req, &admin, None);
        let run = Run { state: &state, actor: &actor, dry_run: report.dry_run };
        let (action, failure) = if read.loads.is_empty() {
            ("bills_imported", import_apply::bills(run, read.bills, &mut report, &**progress).await)
        } else {
            ("bill_parents_imported", import_apply::bill_parents(run, read.loads, &mut report, &**progress).await)
        };
        finish(&state, &req, &admin, action, report, failure).await
    })
    .await
}

/// The file's sheets with how each is read.
struct File {
    sheets: Vec<(Sheet, SheetPlan)>,
    skipped: Vec<String>,
}

impl File {
    fn report(&self, dry_run: bool) -> ImportReport {
        let readings = self
            .sheets
            .iter()
            .map(|(sheet, plan)| SheetReading {
                name: sheet.name.clone(),
                header_row: plan.header_row,
                mapping: plan.names.clone(),
            })
            .collect();
        let layout = self.sheets.first().map_or(import_layout::Layout::Pairs, |(_, plan)| plan.layout);
        ImportReport::new(dry_run, layout, readings, self.skipped.clone())
    }
}

/// Reads the upload and finds each sheet's header and layout; every sheet read must be of one
/// layout.
async fn read(state: &AppState, query: &ImportQuery, payload: Multipart, target: Target) -> ApiResult<File> {
    let mapping: BTreeMap<Field, String> = match &query.mapping {
        Some(raw) => import_layout::parse_mapping(raw)?,
        None => BTreeMap::new(),
    };
    let bytes = import_file::read_file(payload).await?;
    let sheets = import_file::sheets_off_thread(bytes, state.import_limits).await?;
    if let Some(wanted) = &query.sheet
        && !sheets.iter().any(|s| &s.name == wanted)
    {
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        let message = format!("the file has no sheet \"{wanted}\"; its sheets: {}", names.join(", "));
        return Err(domain::ValidationError::field("sheet", message).into());
    }
    let mut file = File { sheets: Vec::new(), skipped: Vec::new() };
    for sheet in sheets {
        if query.sheet.as_ref().is_some_and(|wanted| wanted != &sheet.name) {
            continue;
        }
        match import_layout::plan_sheet(target, &sheet, &mapping) {
            Some(plan) => file.sheets.push((sheet, plan)),
            None => file.skipped.push(sheet.name),
        }
    }
    let Some(layout) = file.sheets.first().map(|(_, plan)| plan.layout) else {
        return Err(import_layout::no_layout(target).into());
    };
    if let Some((sheet, plan)) = file.sheets.iter().find(|(_, plan)| plan.layout != layout) {
        let message = format!(
            "sheet {} is laid out as {:?} and sheet {} as {:?}; import them one at a time with sheet=",
            file.sheets[0].0.name, layout, sheet.name, plan.layout
        );
        return Err(domain::ValidationError::field("sheet", message).into());
    }
    Ok(file)
}

/// The report in file order, its audit entry, and the answer: the report, or the failure that
/// stopped the import (what committed before it is in the audit entry).
async fn finish(
    state: &AppState,
    req: &HttpRequest,
    admin: &Authenticated<AdminOnly>,
    action: &str,
    mut report: ImportReport,
    failure: Option<ApiError>,
) -> ApiResult<ImportReport> {
    report.finish();
    if !report.dry_run {
        let mut entry = client::audit_entry(req, Some((admin.id(), &admin.claims.username)), action);
        let mut after = serde_json::json!({
            "layout": report.layout, "sheets": report.sheets.len(), "rows": report.rows,
            "accepted": report.accepted, "batches_accepted": report.batches_accepted,
            "rejected": report.rejected_count, "skipped": report.skipped_count
        });
        if failure.is_some() {
            // Only what committed before the failure is counted.
            after["stopped_by_error"] = serde_json::Value::Bool(true);
        }
        entry.after = Some(after);
        audit::record(&mut *state.pool.acquire().await?, entry).await?;
    }
    match failure {
        Some(error) => Err(error),
        None => Ok(report),
    }
}

/// What the import tells as it goes: rows done, of all.
type Reporter = Box<dyn Fn(usize, usize) + Send + Sync>;

/// Runs `work` and answers its report as JSON, or, when the client accepts
/// `text/event-stream`, streams `progress` events while it runs and then the report (or the
/// problem). A client that goes away does not stop an import: it runs to its end and its audit
/// entry says what it did.
async fn answer<W>(req: &HttpRequest, work: W) -> ApiResult<HttpResponse>
where
    W: AsyncFnOnce(&Reporter) -> ApiResult<ImportReport> + 'static,
{
    let wants_events = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/event-stream"));
    if !wants_events {
        let quiet: Reporter = Box::new(|_, _| {});
        return Ok(HttpResponse::Ok().json(work(&quiet).await?));
    }
    let (sender, events) = mpsc::unbounded::<Bytes>();
    let request = request_id::current();
    let span = tracing::Span::current();
    actix_web::rt::spawn(tracing::Instrument::instrument(
        request_id::scope(request, async move {
            let progress_sender = sender.clone();
            let progress: Reporter = Box::new(move |done, total| {
                let counts = serde_json::json!({ "rows_done": done, "rows_total": total });
                let _ = progress_sender.unbounded_send(event("progress", &counts));
            });
            let last = match work(&progress).await {
                Ok(report) => event("report", &report),
                Err(error) => {
                    if error.code.status().is_server_error() {
                        tracing::error!(error = ?error.cause(), "import stopped");
                    }
                    event("problem", &error.problem())
                }
            };
            let _ = sender.unbounded_send(last);
        }),
        span,
    ));
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .streaming(events.map(Ok::<_, actix_web::Error>)))
}

fn event(name: &str, data: &impl serde::Serialize) -> Bytes {
    let data = serde_json::to_string(data).unwrap_or_else(|_| "{}".to_owned());
    Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
}

use crate::error::HttpStatus as _;
