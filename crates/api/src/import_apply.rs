//! Applying what an import file's rows came to (or, in a dry run, rehearsing it: the same
//! statements, locks and refusals in transactions that are rolled back), with progress.

use futures::StreamExt;
use sqlx::PgConnection;
use storage::bill::{self, NewBill};
use storage::event::Actor;
use storage::{bill_load, import};

use crate::error::{ApiError, ApiResult, HttpStatus};
use crate::import_rows::{Batch, BillParentRow, BillRow};
use crate::routes::imports_dto::ImportReport;
use crate::state::AppState;
use crate::transaction;

/// Batches applied per transaction: large enough that a 60,000-row file is a few dozen
/// statements, small enough that scanning never waits long on an import's locks.
const CHUNK: usize = 200;
/// Transactions in flight. The work is PostgreSQL's, one backend per transaction, so two keep
/// both cores of a small server busy. Chunks never share a parent or a child (each parent is one
/// batch, each child appears once), and the rows they do share (bills, counters) are locked in
/// id order, so they cannot deadlock each other.
const CHUNKS_AT_ONCE: usize = 2;
/// Bill rows between two progress reports.
const BILL_ROWS_PER_REPORT: usize = 100;

/// Where an import tells how far it is: rows done, of `ImportReport::rows`.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Send + Sync);

/// How an import's changes run.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    pub state: &'a AppState,
    pub actor: &'a Actor,
    pub dry_run: bool,
}

/// Applies the batches chunk by chunk into `report`. A failure (not a refusal) stops it: no
/// further chunk starts, the one in flight rolls back, and the report counts what committed
/// before; the error comes back beside it. Importing the same file again is safe: links
/// already made are accepted as they are.
pub async fn bags(
    run: Run<'_>,
    batches: Vec<Batch>,
    report: &mut ImportReport,
    progress: Progress<'_>,
) -> Option<ApiError> {
    let mut done = report.rows - batches.iter().map(|b| b.rows).sum::<usize>();
    progress(done, report.rows);
    let mut applied =
        futures::stream::iter(batches.chunks(CHUNK)).map(|chunk| apply_chunk(run, chunk)).buffered(CHUNKS_AT_ONCE);
    let mut chunks = batches.chunks(CHUNK);
    while let Some(answers) = applied.next().await {
        let chunk = chunks.next().unwrap_or_default();
        let answers = match answers {
            Ok(answers) => answers,
            Err(error) => return Some(error),
        };
        for (batch, answer) in chunk.iter().zip(answers) {
            match answer {
                Ok(_) => {
                    report.accepted += batch.rows;
                    report.batches_accepted += 1;
                }
                Err(refusal) => {
                    let at = batch.at(&refusal.qr).clone();
                    report.reject([at.reject(&refusal.qr, refusal.code, refusal.message)]);
                    report.skip(batch.skipped(&at));
                }
            }
            done += batch.rows;
        }
        progress(done, report.rows);
    }
    None
}

/// Applies a chunk; if a scan raced the import for one of its bags, judges each batch on its own.
async fn apply_chunk(run: Run<'_>, chunk: &[Batch]) -> ApiResult<Vec<Result<usize, import::BatchRefusal>>> {
    match apply(run, chunk).await {
        Err(error) if chunk.len() > 1 && !error.code.status().is_server_error() || error.is_retryable() => {
            let mut answers = Vec::with_capacity(chunk.len());
            for batch in chunk {
                match apply(run, std::slice::from_ref(batch)).await {
                    Ok(answer) => answers.extend(answer),
                    // Refused by the database on its own (a retired area or type, say): that
                    // batch is rejected, the import goes on.
                    Err(error) if !error.code.status().is_server_error() => answers.push(Err(import::BatchRefusal {
                        qr: batch.parent.as_str().to_owned(),
                        code: error.code,
                        message: error.message.clone(),
                    })),
                    Err(error) => return Err(error),
                }
            }
            Ok(answers)
        }
        other => other,
    }
}

async fn apply(run: Run<'_>, chunk: &[Batch]) -> ApiResult<Vec<Result<usize, import::BatchRefusal>>> {
    let batches: Vec<import::BagBatch> = chunk
        .iter()
        .map(|b| import::BagBatch {
            parent_qr: b.parent.as_str().to_owned(),
            parent_type: b.parent.type_code().to_owned(),
            area: b.area.clone(),
            children: b.children.iter().map(|(_, c)| c.as_str().to_owned()).collect(),
        })
        .collect();
    transaction::run(&run.state.pool, !run.dry_run, async |tx: &mut PgConnection| {
        Ok(import::bag_batches(&mut *tx, &batches, run.actor).await?)
    })
    .await
}

/// Creates each bill on its own: a bad row, or an id that exists already, is refused alone.
pub async fn bills(
    run: Run<'_>,
    rows: Vec<BillRow>,
    report: &mut ImportReport,
    progress: Progress<'_>,
) -> Option<ApiError> {
    one_by_one(
        run,
        rows,
        report,
        progress,
        |row| (&row.at, row.code.as_str()),
        async |tx, row| {
            let new = NewBill {
                code: row.code.as_str(),
                capacity: row.capacity,
                description: &row.description,
                destination: &row.destination,
                vehicle_number: &row.vehicle_number,
                weighbridge_weight_kg: None,
            };
            Ok(bill::create(tx, new, run.actor).await?)
        },
    )
    .await
}

/// Loads each parent on its bill on its own, as `POST /bills/{bill_id}/parents` would (the parent
/// must exist; every rule of loading holds).
pub async fn bill_parents(
    run: Run<'_>,
    rows: Vec<BillParentRow>,
    report: &mut ImportReport,
    progress: Progress<'_>,
) -> Option<ApiError> {
    one_by_one(
        run,
        rows,
        report,
        progress,
        |row| (&row.at, row.parent.as_str()),
        async |tx, row| Ok(bill_load::add_parent(tx, row.bill.as_str(), row.parent.as_str(), None, run.actor).await?),
    )
    .await
}

/// Runs `change` for each row in a transaction of its own, counting each outcome (`key`: where the
/// row is and what it is about); a failure that is not a row's fault stops it and comes back.
async fn one_by_one<R, T>(
    run: Run<'_>,
    rows: Vec<R>,
    report: &mut ImportReport,
    progress: Progress<'_>,
    key: impl Fn(&R) -> (&crate::import_rows::At, &str),
    change: impl AsyncFn(&mut PgConnection, &R) -> ApiResult<T>,
) -> Option<ApiError> {
    let mut done = report.rows - rows.len();
    for (n, row) in rows.iter().enumerate() {
        let outcome =
            transaction::run(&run.state.pool, !run.dry_run, async |tx: &mut PgConnection| change(tx, row).await).await;
        let (at, qr) = key(row);
        if let Some(error) = count(report, at, qr, outcome) {
            return Some(error);
        }
        done += 1;
        if n % BILL_ROWS_PER_REPORT == 0 {
            progress(done, report.rows);
        }
    }
    progress(done, report.rows);
    None
}

/// One row's outcome into the report; a failure that is not the row's fault comes back.
fn count<T>(
    report: &mut ImportReport,
    at: &crate::import_rows::At,
    qr: &str,
    outcome: ApiResult<T>,
) -> Option<ApiError> {
    match outcome {
        Ok(_) => {
            report.accepted += 1;
            report.batches_accepted += 1;
            None
        }
        Err(error) if !error.code.status().is_server_error() => {
            let message = if error.code == crate::error::ErrorCode::NotFound {
                format!("{qr}: {}", error.message)
            } else {
                error.message.clone()
            };
            report.reject([at.reject(qr, error.code, message)]);
            None
        }
        Err(error) => Some(error),
    }
}
