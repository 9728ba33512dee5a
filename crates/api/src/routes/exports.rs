//! Exports of bags, bills and events as CSV (streamed: the first batch leaves at once, memory
//! stays flat at any size) and XLSX (rows go to a constant-memory workbook on disk, which is
//! then streamed; a sheet holds at most 1,000,000 rows, so large exports span several sheets).

use actix_web::body::SizedStream;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use futures::StreamExt;
use rust_xlsxwriter::Workbook;
use storage::audit;

use super::bags::{BagQuery, bag_filter};
use super::bills::{BillQuery, bill_filter};
use super::events::{EventQuery, event_filter};
use super::export_rows::Dataset;
use crate::auth::{AdminOnly, Authenticated};
use crate::client;
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;

const SHEET_ROWS: u32 = 1_000_000;

/// Export bags (admin) as `csv` or `xlsx`, with the bag list's filters.
#[utoipa::path(get, path = "/api/v1/exports/bags.{format}", tag = "exports",
    params(("format" = String, Path, description = "`csv` or `xlsx`"), BagQuery), security(("bearer" = [])),
    responses(
    (status = 200, description = "The file; one line per bag after the header", content_type = "text/csv"),
    (status = 400, description = "Bad filter", body = Problem),
    (status = 401, description = "No or bad access token", body = Problem),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 404, description = "Unknown format", body = Problem)))]
pub async fn bags(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    format: web::Path<String>,
    query: web::Query<BagQuery>,
) -> ApiResult<HttpResponse> {
    let dataset = Dataset::Bags { filter: bag_filter(query.into_inner()), area_scope: None };
    export(state, req, admin, &format, dataset).await
}

/// Export bills (admin) as `csv` or `xlsx`, with the bill list's filters.
#[utoipa::path(get, path = "/api/v1/exports/bills.{format}", tag = "exports",
    params(("format" = String, Path, description = "`csv` or `xlsx`"), BillQuery), security(("bearer" = [])),
    responses(
    (status = 200, description = "The file; one line per bill after the header", content_type = "text/csv"),
    (status = 400, description = "Bad filter", body = Problem),
    (status = 401, description = "No or bad access token", body = Problem),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 404, description = "Unknown format", body = Problem)))]
pub async fn bills(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    format: web::Path<String>,
    query: web::Query<BillQuery>,
) -> ApiResult<HttpResponse> {
    export(state, req, admin, &format, Dataset::Bills(bill_filter(query.into_inner()))).await
}

/// Export events (admin) as `csv` or `xlsx`, with the event list's filters.
#[utoipa::path(get, path = "/api/v1/exports/events.{format}", tag = "exports",
    params(("format" = String, Path, description = "`csv` or `xlsx`"), EventQuery), security(("bearer" = [])),
    responses(
    (status = 200, description = "The file; one line per event after the header", content_type = "text/csv"),
    (status = 400, description = "Bad filter", body = Problem),
    (status = 401, description = "No or bad access token", body = Problem),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 404, description = "Unknown format", body = Problem)))]
pub async fn events(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    format: web::Path<String>,
    query: web::Query<EventQuery>,
) -> ApiResult<HttpResponse> {
    export(state, req, admin, &format, Dataset::Events(event_filter(query.into_inner(), None))).await
}

async fn export(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    format: &str,
    dataset: Dataset,
) -> ApiResult<HttpResponse> {
    let mut entry = client::audit_entry(&req, Some((admin.id(), &admin.claims.username)), "export");
    entry.target_kind = Some(dataset.name().to_owned());
    entry.target_id = Some(format.to_owned());
    audit::record(&mut *state.pool.acquire().await?, entry).await?;
    match format {
        "csv" => Ok(csv(state, dataset)),
        "xlsx" => xlsx(&state, dataset).await,
        other => Err(ApiError::not_found(format!("export format \"{other}\" (use csv or xlsx)"))),
    }
}

fn csv_bytes(rows: &[Vec<String>]) -> Result<Bytes, ApiError> {
    let mut writer = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 64));
    for row in rows {
        writer.write_record(row).map_err(ApiError::internal)?;
    }
    writer.into_inner().map(Bytes::from).map_err(ApiError::internal)
}

fn csv(state: web::Data<AppState>, dataset: Dataset) -> HttpResponse {
    let header: Vec<String> = dataset.header().iter().map(|h| (*h).to_owned()).collect();
    let filename = format!("{}.csv", dataset.name());
    let first = futures::stream::once(async move { csv_bytes(&[header]) });
    let rest = futures::stream::try_unfold(Some(None), move |cursor: Option<Option<i64>>| {
        let (state, dataset) = (state.clone(), dataset.clone());
        async move {
            let Some(before) = cursor else { return Ok(None) };
            let (rows, next) = dataset.batch(&state, before).await?;
            Ok(Some((csv_bytes(&rows)?, next.map(Some))))
        }
    });
    let body = first.chain(rest).map(|chunk: Result<Bytes, ApiError>| {
        chunk.map_err(|error| {
            // The status line is gone already; cut the file short and say so in the log.
            tracing::error!(%error, "export stopped part-way");
            actix_web::error::ErrorInternalServerError("export failed")
        })
    });
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{filename}\"")))
        .streaming(body)
}

async fn xlsx(state: &AppState, dataset: Dataset) -> ApiResult<HttpResponse> {
    let path = std::env::temp_dir().join(format!("tracetrack-export-{}.xlsx", uuid::Uuid::new_v4()));
    let mut workbook = Workbook::new();
    let header = dataset.header();
    let (mut sheet_number, mut row) = (1, 0u32);
    let mut sheet = new_sheet(&mut workbook, dataset.name(), sheet_number, header)?;
    let mut cursor = None;
    loop {
        let (rows, next) = dataset.batch(state, cursor).await?;
        for cells in rows {
            if row == SHEET_ROWS {
                sheet_number += 1;
                sheet = new_sheet(&mut workbook, dataset.name(), sheet_number, header)?;
                row = 0;
            }
            row += 1;
            for (column, cell) in cells.iter().enumerate() {
                sheet.write_string(row, column as u16, cell).map_err(ApiError::internal)?;
            }
        }
        match next {
            Some(last) => cursor = Some(last),
            None => break,
        }
    }
    let saved = path.clone();
    tokio::task::spawn_blocking(move || workbook.save(&saved))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let file = std::fs::File::open(&path).map_err(ApiError::internal)?;
    // The open handle keeps the data; the name goes now, so nothing is left behind.
    let _ = std::fs::remove_file(&path);
    let length = file.metadata().map_err(ApiError::internal)?.len();
    let stream = tokio_util_stream(file);
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{}.xlsx\"", dataset.name())))
        .body(SizedStream::new(length, stream)))
}

fn new_sheet<'a>(
    workbook: &'a mut Workbook,
    name: &str,
    number: u32,
    header: &[&str],
) -> ApiResult<&'a mut rust_xlsxwriter::Worksheet> {
    let sheet = workbook.add_worksheet_with_constant_memory().map_err(ApiError::internal)?;
    let title = if number == 1 { name.to_owned() } else { format!("{name} ({number})") };
    sheet.set_name(title).map_err(ApiError::internal)?;
    for (column, title) in header.iter().enumerate() {
        sheet.write_string(0, column as u16, *title).map_err(ApiError::internal)?;
    }
    Ok(sheet)
}

/// Reads a file in 64 KiB chunks off the async threads.
fn tokio_util_stream(file: std::fs::File) -> impl futures::Stream<Item = Result<Bytes, actix_web::Error>> + 'static {
    let file = tokio::fs::File::from_std(file);
    futures::stream::try_unfold(file, |mut file| async move {
        use tokio::io::AsyncReadExt;
        let mut buffer = vec![0u8; 64 * 1024];
        let read = file.read(&mut buffer).await.map_err(actix_web::error::ErrorInternalServerError)?;
        if read == 0 {
            return Ok(None);
        }
        buffer.truncate(read);
        Ok(Some((Bytes::from(buffer), file)))
    })
}
