//! Exports of bags, bills and events as CSV and XLSX, both streamed: the first batch leaves at
//! once and memory stays flat at any size (a sheet holds at most 1,000,000 rows, so large XLSX
//! exports span several sheets). Each answers an admin's bearer token or a download link
//! (`download_links.rs`), which lets the browser save the file to disk itself.

use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use futures::StreamExt;
use storage::audit;

use super::audit::AuditQuery;
use super::bags::{BagQuery, bag_filter};
use super::bills::{BillQuery, bill_filter};
use super::events::{EventQuery, event_filter};
use super::export_rows::AuditRows;
use super::export_rows::Dataset;
use crate::auth::download_link::{Exporter, Query};
use crate::client;
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use crate::xlsx_stream::XlsxStream;

/// Export bags (admin) as `csv` or `xlsx`, with the bag list's filters.
///
/// Admins only. The file holds every row matching the filters (`limit` and `cursor` are ignored) and
/// streams as it is read, so any size starts at once with flat memory; a large XLSX spans several
/// sheets. CSV cells a spreadsheet would run as a formula are prefixed with `'`, the file is named for
/// what it holds and the site's local day (`Content-Disposition`), and every export is written to the
/// audit trail. Another format answers 404. Instead of the bearer token, a browser may present a
/// `download_token` from `POST /api/v1/exports/links` (once, within its lifetime, for exactly this
/// path and query); a spent, expired, altered or misplaced one answers 401 `download_link_invalid`.
#[utoipa::path(get, path = "/api/v1/exports/bags.{format}", tag = "exports",
    params(("format" = String, Path, description = "`csv` or `xlsx`", example = "csv"), BagQuery),
    security(("bearer" = []), ("api_key" = ["export"]), ("download_link" = [])),
    responses(
    (status = 200, description = "The file; one line per bag after the header", content_type = "text/csv"),
    (status = 400, description = "Bad filter", body = Problem),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 404, description = "Unknown format", body = Problem)))]
pub async fn bags(
    state: web::Data<AppState>,
    req: HttpRequest,
    exporter: Exporter,
    format: web::Path<String>,
    query: Query<BagQuery>,
) -> ApiResult<HttpResponse> {
    let dataset = Dataset::Bags { filter: bag_filter(query.into_inner()), area_scope: None };
    export(state, req, exporter, &format, dataset).await
}

/// Export bills (admin) as `csv` or `xlsx`, with the bill list's filters.
///
/// Admins only. The file holds every row matching the filters (`limit` and `cursor` are ignored) and
/// streams as it is read, so any size starts at once with flat memory; a large XLSX spans several
/// sheets. CSV cells a spreadsheet would run as a formula are prefixed with `'`, the file is named for
/// what it holds and the site's local day (`Content-Disposition`), and every export is written to the
/// audit trail. Another format answers 404. Instead of the bearer token, a browser may present a
/// `download_token` from `POST /api/v1/exports/links` (once, within its lifetime, for exactly this
/// path and query); a spent, expired, altered or misplaced one answers 401 `download_link_invalid`.
#[utoipa::path(get, path = "/api/v1/exports/bills.{format}", tag = "exports",
    params(("format" = String, Path, description = "`csv` or `xlsx`", example = "csv"), BillQuery),
    security(("bearer" = []), ("api_key" = ["export"]), ("download_link" = [])),
    responses(
    (status = 200, description = "The file; one line per bill after the header", content_type = "text/csv"),
    (status = 400, description = "Bad filter", body = Problem),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 404, description = "Unknown format", body = Problem)))]
pub async fn bills(
    state: web::Data<AppState>,
    req: HttpRequest,
    exporter: Exporter,
    format: web::Path<String>,
    query: Query<BillQuery>,
) -> ApiResult<HttpResponse> {
    let dataset = Dataset::Bills(bill_filter(query.into_inner()));
    export(state, req, exporter, &format, dataset).await
}

/// Export events (admin) as `csv` or `xlsx`, with the event list's filters.
///
/// Admins only. The file holds every row matching the filters (`limit` and `cursor` are ignored) and
/// streams as it is read, so any size starts at once with flat memory; a large XLSX spans several
/// sheets. CSV cells a spreadsheet would run as a formula are prefixed with `'`, the file is named for
/// what it holds and the site's local day (`Content-Disposition`), and every export is written to the
/// audit trail. Another format answers 404. Instead of the bearer token, a browser may present a
/// `download_token` from `POST /api/v1/exports/links` (once, within its lifetime, for exactly this
/// path and query); a spent, expired, altered or misplaced one answers 401 `download_link_invalid`.
#[utoipa::path(get, path = "/api/v1/exports/events.{format}", tag = "exports",
    params(("format" = String, Path, description = "`csv` or `xlsx`", example = "csv"), EventQuery),
    security(("bearer" = []), ("api_key" = ["export"]), ("download_link" = [])),
    responses(
    (status = 200, description = "The file; one line per event after the header", content_type = "text/csv"),
    (status = 400, description = "Bad filter", body = Problem),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 404, description = "Unknown format", body = Problem)))]
pub async fn events(
    state: web::Data<AppState>,
    req: HttpRequest,
    exporter: Exporter,
    format: web::Path<String>,
    query: Query<EventQuery>,
) -> ApiResult<HttpResponse> {
    let dataset = Dataset::Events(event_filter(query.into_inner(), None));
    export(state, req, exporter, &format, dataset).await
}

/// Export the audit trail (admin) as `csv` or `xlsx`, with the audit list's filters.
///
/// Admins only. Every entry matching `action`, `actor`, `from` and `to` (as `GET /api/v1/audit`;
/// `limit` and `cursor` are ignored), newest first: id, time, actor, action, target, request id,
/// client network, and the record before and after as JSON text. Streams as it is read, so any
/// size starts at once with flat memory; CSV cells a spreadsheet would run as a formula are prefixed
/// with `'`; named `audit-<site's local day>.<format>`. The export itself is written to the audit
/// trail first. Another format answers 404. Instead of the bearer token, a browser may present a
/// `download_token` from `POST /api/v1/exports/links` (once, within its lifetime, for exactly this
/// path and query); a spent, expired, altered or misplaced one answers 401 `download_link_invalid`.
#[utoipa::path(get, path = "/api/v1/exports/audit.{format}", tag = "exports",
    params(("format" = String, Path, description = "`csv` or `xlsx`", example = "csv"), AuditQuery),
    security(("bearer" = []), ("download_link" = [])),
    responses(
    (status = 200, description = "The file; one line per audit entry after the header", content_type = "text/csv"),
    (status = 400, description = "Bad filter", body = Problem),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 404, description = "Unknown format", body = Problem)))]
pub async fn audit_trail(
    state: web::Data<AppState>,
    req: HttpRequest,
    exporter: Exporter,
    format: web::Path<String>,
    query: Query<AuditQuery>,
) -> ApiResult<HttpResponse> {
    if exporter.by_key {
        return Err(crate::error::ApiError::forbidden("API keys cannot export the audit trail; only an admin can"));
    }
    let query = query.into_inner();
    let rows = AuditRows { action: query.action, actor_id: query.actor, from: query.from, to: query.to };
    export(state, req, exporter, &format, Dataset::Audit(rows)).await
}

async fn export(
    state: web::Data<AppState>,
    req: HttpRequest,
    exporter: Exporter,
    format: &str,
    dataset: Dataset,
) -> ApiResult<HttpResponse> {
    let mut entry = client::audit_entry(&req, Some((exporter.id, &exporter.username)), "export");
    entry.target_kind = Some(dataset.name().to_owned());
    entry.target_id = Some(format.to_owned());
    audit::record(&mut *state.pool.acquire().await?, entry).await?;
    match format {
        "csv" => Ok(csv(state, dataset)),
        "xlsx" => xlsx(state, dataset),
        other => Err(ApiError::not_found(format!("export format \"{other}\" (use csv or xlsx)"))),
    }
}

fn csv_bytes(rows: &[Vec<String>]) -> Result<Bytes, ApiError> {
    let mut writer = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 64));
    for row in rows {
        crate::csv_safe::write_row(&mut writer, row)?;
    }
    writer.into_inner().map(Bytes::from).map_err(ApiError::internal)
}

fn csv(state: web::Data<AppState>, dataset: Dataset) -> HttpResponse {
    let header: Vec<String> = dataset.header().iter().map(|h| (*h).to_owned()).collect();
    // Named for the site's local day, like everything else that has a date.
    let filename = format!("{}-{}.csv", dataset.name(), state.site.zone.today());
    let first = futures::stream::once(async move { csv_bytes(&[header]) });
    let rest = futures::stream::try_unfold(Some(None), move |cursor: Option<Option<i64>>| {
        let (state, dataset) = (state.clone(), dataset.clone());
        async move {
            let Some(before) = cursor else { return Ok(None) };
            let (rows, next) = dataset.batch(&state, before).await?;
            Ok(Some((csv_bytes(&rows)?, next.map(Some))))
        }
    });
    attachment("text/csv; charset=utf-8", &filename, first.chain(rest))
}

/// The workbook is deflated batch by batch off the async threads and each batch's bytes leave
/// at once, like the CSV: the first byte does not wait for the last row.
fn xlsx(state: web::Data<AppState>, dataset: Dataset) -> ApiResult<HttpResponse> {
    let writer = XlsxStream::new(dataset.name(), dataset.header(), dataset.numeric()).map_err(ApiError::internal)?;
    let first = Bytes::from(writer.take());
    let filename = format!("{}-{}.xlsx", dataset.name(), state.site.zone.today());
    let rest = futures::stream::try_unfold(Some((writer, None)), move |progress: Option<(XlsxStream, Option<i64>)>| {
        let (state, dataset) = (state.clone(), dataset.clone());
        async move {
            let Some((mut writer, before)) = progress else { return Ok(None) };
            let (rows, next) = dataset.batch(&state, before).await?;
            let (writer, bytes) = tokio::task::spawn_blocking(move || -> std::io::Result<_> {
                writer.write_rows(&rows)?;
                match next {
                    Some(_) => {
                        let bytes = Bytes::from(writer.take());
                        Ok((Some(writer), bytes))
                    }
                    None => Ok((None, Bytes::from(writer.finish()?))),
                }
            })
            .await
            .map_err(ApiError::internal)?
            .map_err(ApiError::internal)?;
            Ok(Some((bytes, writer.map(|w| (w, next)))))
        }
    });
    let body = futures::stream::once(async move { Ok(first) }).chain(rest);
    Ok(attachment("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &filename, body))
}

fn attachment(
    content_type: &str,
    filename: &str,
    chunks: impl futures::Stream<Item = Result<Bytes, ApiError>> + 'static,
) -> HttpResponse {
    // An empty chunk would read as the end of a chunked body; the deflater sometimes has
    // nothing to hand over yet.
    let body = chunks.filter(|chunk| std::future::ready(chunk.as_ref().map_or(true, |b| !b.is_empty()))).map(
        |chunk: Result<Bytes, ApiError>| {
            chunk.map_err(|error| {
                // The status line is gone already; cut the file short and say so in the log.
                tracing::error!(%error, cause = ?error.cause(), "export stopped part-way");
                actix_web::error::ErrorInternalServerError("export failed")
            })
        },
    );
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{filename}\"")))
        .streaming(body)
}
