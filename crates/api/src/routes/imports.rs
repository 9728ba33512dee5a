//! Imports of bags (child → parent batches) and bills from CSV or XLSX (API.md). Every row is
//! checked with the same domain rules as scanning; a batch with any bad row is rejected whole,
//! each bad row named with its reason; the other batches are applied.

use std::collections::{HashMap, HashSet};

use actix_multipart::Multipart;
use actix_web::{HttpRequest, web};
use domain::ValidationError;
use domain::identifier::{BillId, ChildQr, ParentQr};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use storage::bill::{self, NewBill};
use storage::{audit, import};

use super::scans::actor;
use crate::auth::{AdminOnly, Authenticated};
use crate::error::{ApiResult, ErrorCode, HttpStatus, Problem};
use crate::state::AppState;
use crate::{client, import_file, transaction};
use domain::Refusal as _;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RejectedRow {
    /// The spreadsheet row (the header is row 1).
    pub row: usize,
    /// The QR or bill id the row is about.
    pub qr_or_id: String,
    /// Why: `invalid_qr`, `child_linked_elsewhere`, `duplicate`, … (`batch_rejected` for a
    /// skipped row).
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"rows": 61, "accepted": 58, "batches_accepted": 2, "rejected": [{"row": 7,
    "qr_or_id": "SB-1", "code": "invalid_qr", "message": "\"SB-1\" is not a valid parent QR"}],
    "skipped": [{"row": 9, "qr_or_id": "KID0042", "code": "batch_rejected",
    "message": "not applied: row 8 of the same parent SB00017 was rejected"}]}))]
pub struct ImportReport {
    /// Data rows read (empty rows aside): `accepted + rejected + skipped`.
    pub rows: usize,
    /// Rows applied.
    pub accepted: usize,
    /// Batches applied (bags: parents; bills: bills).
    pub batches_accepted: usize,
    /// Rows refused, each with its reason.
    pub rejected: Vec<RejectedRow>,
    /// Good rows not applied because another row of their batch was rejected (code
    /// `batch_rejected`; the message names that row).
    #[serde(default)]
    pub skipped: Vec<RejectedRow>,
}

impl ImportReport {
    fn new(rows: usize) -> Self {
        Self { rows, accepted: 0, batches_accepted: 0, rejected: Vec::new(), skipped: Vec::new() }
    }
}

/// The good rows of a batch that another row sank.
fn skip_batch(report: &mut ImportReport, batch: &Batch, failed_row: usize) {
    for (row, child) in batch.rows.iter().filter(|(row, _)| *row != failed_row) {
        let message =
            format!("not applied: row {failed_row} of the same parent {} was rejected", batch.parent.as_str());
        report.skipped.push(rejected(*row, child.as_str(), ErrorCode::BatchRejected, message));
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// The dispatch area of every parent the import creates (parents already known keep theirs),
    /// so that area's dispatchers see them.
    #[param(max_length = 40, example = "lucknow")]
    pub area: Option<String>,
}

fn rejected(row: usize, qr: &str, code: ErrorCode, message: impl Into<String>) -> RejectedRow {
    RejectedRow { row, qr_or_id: qr.to_owned(), code, message: message.into() }
}

struct Batch {
    parent: ParentQr,
    /// The area a parent the import creates gets (`?area=`).
    area: Option<String>,
    rows: Vec<(usize, ChildQr)>,
}

/// Import bags: columns `parent_qr,child_qr`, one row per child; a parent's rows are one batch.
///
/// Admins only. Every row is checked with the scanning rules; a batch with any bad row is rejected
/// whole (its good rows are listed in `skipped`), and the other batches are applied. Children already in
/// their parent are accepted as they are, so importing the same file again is safe. The report and an
/// audit entry account for every row.
#[utoipa::path(post, path = "/api/v1/imports/bags", tag = "imports", security(("bearer" = [])), params(ImportQuery),
    request_body(content_type = "multipart/form-data", description = "one field `file`: CSV or XLSX, at most 16 MB"),
    responses(
    (status = 200, description = "What was applied and each rejected row with its reason", body = ImportReport),
    (status = 400, description = "No `file` field", body = Problem),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 413, description = "Over 16 MB, or a workbook that decompresses to more than the limit (256 MB by default)", body = Problem),
    (status = 422, description = "Not a CSV or XLSX file, the header lacks a column, or the sheet is larger than the limits (1,000,000 data rows, 256 columns)", body = Problem)))]
pub async fn bags(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    query: web::Query<ImportQuery>,
    payload: Multipart,
) -> ApiResult<web::Json<ImportReport>> {
    let area = match query.into_inner().area {
        Some(raw) => {
            let area = domain::AreaCode::parse("area", &raw)?;
            if !storage::area::exists(&state.pool, area.as_str()).await? {
                return Err(ValidationError::field("area", format!("{} is not a dispatch area", area.as_str())).into());
            }
            Some(area.as_str().to_owned())
        }
        None => None,
    };
    let bytes = import_file::read_file(payload).await?;
    let rows = import_file::rows_off_thread(bytes, &["parent_qr", "child_qr"], state.import_limits).await?;
    let patterns = state.patterns.get(&state.pool).await?;
    let mut report = ImportReport::new(rows.len());
    let mut batches: Vec<Batch> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    // Parents with a rejected row, and that row.
    let mut bad_batches: HashMap<String, usize> = HashMap::new();
    let mut seen_children: HashSet<String> = HashSet::new();
    for (row, cells) in rows {
        let parent = match ParentQr::parse(&cells[0], &patterns) {
            Ok(parent) => parent,
            Err(error) => {
                report.rejected.push(rejected(row, &cells[0], error.code(), error.to_string()));
                continue;
            }
        };
        let key = parent.as_str().to_owned();
        let child = ChildQr::parse(&cells[1], &patterns);
        let child = match child {
            Ok(child) if !seen_children.insert(child.as_str().to_owned()) => Err(rejected(
                row,
                child.as_str(),
                ErrorCode::Duplicate,
                format!("{} appears twice in the file", child.as_str()),
            )),
            Ok(child) => Ok(child),
            Err(error) => Err(rejected(row, &cells[1], error.code(), error.to_string())),
        };
        match child {
            Ok(child) => {
                let at = *index.entry(key).or_insert_with(|| {
                    batches.push(Batch { parent, area: area.clone(), rows: Vec::new() });
                    batches.len() - 1
                });
                batches[at].rows.push((row, child));
            }
            Err(reason) => {
                bad_batches.entry(key).or_insert(reason.row);
                report.rejected.push(reason);
            }
        }
    }
    let actor = actor(&req, &admin, None);
    let (sunk, accepted): (Vec<Batch>, Vec<Batch>) =
        batches.into_iter().partition(|b| bad_batches.contains_key(b.parent.as_str()));
    for batch in &sunk {
        skip_batch(&mut report, batch, bad_batches[batch.parent.as_str()]);
    }
    let mut applied = futures::stream::iter(accepted.chunks(CHUNK))
        .map(|chunk| apply_chunk(&state, chunk, &actor))
        .buffered(CHUNKS_AT_ONCE);
    let mut chunks = accepted.chunks(CHUNK);
    let mut failure = None;
    while let Some(answers) = applied.next().await {
        let chunk = chunks.next().unwrap_or_default();
        let answers = match answers {
            Ok(answers) => answers,
            Err(error) => {
                failure = Some(error);
                break;
            }
        };
        for (batch, answer) in chunk.iter().zip(answers) {
            match answer {
                Ok(_) => {
                    report.accepted += batch.rows.len();
                    report.batches_accepted += 1;
                }
                Err(refusal) => {
                    let row =
                        batch.rows.iter().find(|(_, c)| c.as_str() == refusal.qr).map_or(batch.rows[0].0, |(r, _)| *r);
                    report.rejected.push(rejected(row, &refusal.qr, refusal.code, refusal.message));
                    skip_batch(&mut report, batch, row);
                }
            }
        }
    }
    // Stop at the first failure: no further chunk starts, and the one in flight is dropped (its
    // transaction rolls back). Importing the file again is safe: links already made are
    // accepted as they are.
    drop(applied);
    report.rejected.sort_by_key(|r| r.row);
    report.skipped.sort_by_key(|r| r.row);
    audit_import(&state, &req, &admin, "bags_imported", &report, failure.is_some()).await?;
    match failure {
        Some(error) => Err(error),
        None => Ok(web::Json(report)),
    }
}

/// Import bills: columns `bill_id,capacity,description,destination,vehicle_number`, one per row.
///
/// Admins only. Each row is checked like `POST /bills` and created on its own: a bad row, a bill id that
/// already exists or one repeated in the file is rejected with its reason, and the other rows are
/// applied. The report and an audit entry account for every row.
#[utoipa::path(post, path = "/api/v1/imports/bills", tag = "imports", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "one field `file`: CSV or XLSX, at most 16 MB"),
    responses(
    (status = 200, description = "What was applied and each rejected row with its reason", body = ImportReport),
    (status = 400, description = "No `file` field", body = Problem),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 413, description = "Over 16 MB, or a workbook that decompresses to more than the limit (256 MB by default)", body = Problem),
    (status = 422, description = "Not a CSV or XLSX file, the header lacks a column, or the sheet is larger than the limits (1,000,000 data rows, 256 columns)", body = Problem)))]
pub async fn bills(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    payload: Multipart,
) -> ApiResult<web::Json<ImportReport>> {
    let bytes = import_file::read_file(payload).await?;
    const COLUMNS: &[&str] = &["bill_id", "capacity", "description", "destination", "vehicle_number"];
    let rows = import_file::rows_off_thread(bytes, COLUMNS, state.import_limits).await?;
    let mut report = ImportReport::new(rows.len());
    let mut seen = HashSet::new();
    let actor = actor(&req, &admin, None);
    for (row, cells) in rows {
        let parsed = parse_bill(&cells);
        let (code, capacity) = match parsed {
            Ok(ok) => ok,
            Err(error) => {
                report.rejected.push(rejected(row, &cells[0], ErrorCode::ValidationFailed, error.to_string()));
                continue;
            }
        };
        if !seen.insert(code.as_str().to_owned()) {
            report.rejected.push(rejected(
                row,
                code.as_str(),
                ErrorCode::Duplicate,
                "this bill id appears twice in the file",
            ));
            continue;
        }
        let created = transaction::write(&state.pool, async |tx: &mut PgConnection| {
            let new = NewBill {
                code: code.as_str(),
                capacity,
                description: cells[2].trim(),
                destination: cells[3].trim(),
                vehicle_number: cells[4].trim(),
                weighbridge_weight_kg: None,
            };
            Ok(bill::create(&mut *tx, new, &actor).await?)
        })
        .await;
        match created {
            Ok(_) => {
                report.accepted += 1;
                report.batches_accepted += 1;
            }
            Err(error) if error.code == ErrorCode::Duplicate => {
                report.rejected.push(rejected(
                    row,
                    code.as_str(),
                    ErrorCode::Duplicate,
                    "a bill with this id already exists",
                ));
            }
            Err(other) => return Err(other),
        }
    }
    audit_import(&state, &req, &admin, "bills_imported", &report, false).await?;
    Ok(web::Json(report))
}

/// Batches applied per transaction: large enough that a 60,000-row file is a few dozen
/// statements, small enough that scanning never waits long on an import's locks.
const CHUNK: usize = 200;
/// Transactions in flight. The work is PostgreSQL's, one backend per transaction, so two keep
/// both cores of a small server busy. Chunks never share a parent or a child (each parent is one
/// batch, each child appears once), and the rows they do share (bills, counters) are locked in
/// id order, so they cannot deadlock each other.
const CHUNKS_AT_ONCE: usize = 2;

/// Applies a chunk; if a scan raced the import for one of its bags, judges each batch on its own.
async fn apply_chunk(
    state: &AppState,
    chunk: &[Batch],
    actor: &storage::event::Actor,
) -> ApiResult<Vec<Result<usize, import::BatchRefusal>>> {
    match apply(state, chunk, actor).await {
        Err(error) if chunk.len() > 1 && !error.code.status().is_server_error() || error.is_retryable() => {
            let mut answers = Vec::with_capacity(chunk.len());
            for batch in chunk {
                answers.extend(apply(state, std::slice::from_ref(batch), actor).await?);
            }
            Ok(answers)
        }
        other => other,
    }
}

async fn apply(
    state: &AppState,
    chunk: &[Batch],
    actor: &storage::event::Actor,
) -> ApiResult<Vec<Result<usize, import::BatchRefusal>>> {
    let batches: Vec<import::BagBatch> = chunk
        .iter()
        .map(|b| import::BagBatch {
            parent_qr: b.parent.as_str().to_owned(),
            parent_type: b.parent.type_code().to_owned(),
            area: b.area.clone(),
            children: b.rows.iter().map(|(_, c)| c.as_str().to_owned()).collect(),
        })
        .collect();
    transaction::write(&state.pool, async |tx: &mut PgConnection| {
        Ok(import::bag_batches(&mut *tx, &batches, actor).await?)
    })
    .await
}

fn parse_bill(cells: &[String]) -> Result<(BillId, i32), ValidationError> {
    let code = BillId::parse(&cells[0]).map_err(|e| ValidationError::field("bill_id", e.to_string()))?;
    let capacity: i32 = cells[1]
        .trim()
        .parse()
        .map_err(|_| ValidationError::field("capacity", format!("\"{}\" is not a whole number", cells[1])))?;
    domain::bill::check_capacity_value(capacity).map_err(|e| ValidationError::field("capacity", e.to_string()))?;
    for (field, value, max) in
        [("description", &cells[2], 500), ("destination", &cells[3], 200), ("vehicle_number", &cells[4], 40)]
    {
        domain::text::check(field, value.trim(), max)?;
    }
    Ok((code, capacity))
}

async fn audit_import(
    state: &AppState,
    req: &HttpRequest,
    admin: &Authenticated<AdminOnly>,
    action: &str,
    report: &ImportReport,
    stopped: bool,
) -> ApiResult<()> {
    let mut entry = client::audit_entry(req, Some((admin.id(), &admin.claims.username)), action);
    let mut after = serde_json::json!({
        "rows": report.rows, "accepted": report.accepted, "batches_accepted": report.batches_accepted,
        "rejected": report.rejected.len(), "skipped": report.skipped.len()
    });
    if stopped {
        // Only what committed before the failure is counted.
        after["stopped_by_error"] = serde_json::Value::Bool(true);
    }
    entry.after = Some(after);
    audit::record(&mut *state.pool.acquire().await?, entry).await?;
    Ok(())
}
