//! EPCIS 2.0 capture: a partner's packing line sends AggregationEvents (`crate::epcis::capture`
//! reads them) and each is applied through the scanning transactions (`storage::scan`), once per
//! `eventID` (`storage::epcis_capture`).

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use storage::epcis_capture::{self, Capture, Claim, NewCapture};
use storage::event::Actor;
use storage::scan;

use super::scans::actor;
use crate::auth::{Anyone, Authenticated, scope};
use crate::epcis::capture::{self as reading, Aggregation, CaptureDocument, Packing};
use crate::error::{ApiError, ApiResult, ErrorCode, HttpStatus, Problem};
use crate::state::AppState;
use crate::transaction;

/// What became of one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaptureOutcome {
    /// Applied now.
    Captured,
    /// Captured before (the same `eventID` naming the same change): nothing changed.
    AlreadyCaptured,
    /// Not applied: `code` and `message` say why, as a scan would.
    Refused,
}

/// One event's outcome.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"index": 1, "event_id": "urn:uuid:6f0c1b1e-2f5d-4c8e-9a51-1d3e5f7a9b21", "outcome": "refused",
    "code": "child_linked_elsewhere", "message": "0044 is already in SB00018", "details": {"parent_qr": "SB00018"}}))]
pub struct EventOutcome {
    /// The event's place in `eventList`, from 0.
    pub index: usize,
    /// Its `eventID` as sent (absent when it had none).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub event_id: Option<String>,
    pub outcome: CaptureOutcome,
    /// `captured`, `already_captured`: when it was captured (the first time).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub captured_at: Option<DateTime<Utc>>,
    /// `refused`: the code the same scan or unlink would answer (`child_linked_elsewhere`, `parent_full`,
    /// `parent_completed`, `not_found`, `other_area`, `invalid_qr`, `wrong_kind`, …); `validation_failed` for what
    /// is not a packing event of ours; `idempotency_conflict` for an `eventID` captured for another change.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub code: Option<ErrorCode>,
    /// `refused`: why, for a person.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub message: Option<String>,
    /// `refused`: the refusal's details, as in a problem answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub details: Option<Value>,
}

/// The outcome of every event of the document, in its order.
#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"captured": 1, "already_captured": 0, "refused": 1, "events": [
    {"index": 0, "event_id": "urn:uuid:6f0c1b1e-2f5d-4c8e-9a51-1d3e5f7a9b20", "outcome": "captured",
     "captured_at": "2026-11-28T09:14:04.120Z"},
    {"index": 1, "event_id": "urn:uuid:6f0c1b1e-2f5d-4c8e-9a51-1d3e5f7a9b21", "outcome": "refused",
     "code": "child_linked_elsewhere", "message": "0044 is already in SB00018", "details": {"parent_qr": "SB00018"}}]}))]
pub struct CaptureReport {
    pub captured: usize,
    pub already_captured: usize,
    pub refused: usize,
    pub events: Vec<EventOutcome>,
}

impl CaptureReport {
    fn push(&mut self, outcome: EventOutcome) {
        match outcome.outcome {
            CaptureOutcome::Captured => self.captured += 1,
            CaptureOutcome::AlreadyCaptured => self.already_captured += 1,
            CaptureOutcome::Refused => self.refused += 1,
        }
        self.events.push(outcome);
    }
}

/// Capture EPCIS 2.0 AggregationEvents: a partner's packing line packs and unpacks our bags.
///
/// Any signed-in user, as scans; API keys need the `scan` scope (capture changes packing as scans do; `epcis`
/// alone only reads). A dispatcher or an area-bound key packs only its own area's parents (`other_area`). The body
/// is an `EPCISDocument` (`application/ld+json` or `application/json`, at most 1 MiB) of at most 1,000 events,
/// applied in order, each on its own and all or nothing: an `AggregationEvent` with an `eventID`, `action` `ADD`
/// (each child scanned into the parent, as `POST /api/v1/scans/child`: the parent must exist, an unknown child is
/// created in its area, one already in it stays) or `DELETE` (each child taken out, as
/// `DELETE /api/v1/parents/{qr}/children/{child_qr}`), a `parentID` and one or more `childEPCs`. Bags are named
/// `<base>/bag/<qr>` (`TRACETRACK_EPCIS_BASE_URI`) or, where the site numbers their type, by GS1 Digital Link
/// (parent at indicator 1, children at 0 of the parent's type); other members (`eventTime`, `bizStep`, …) are read
/// past, and the change is recorded when it is applied. Idempotent by `eventID`, each caller's own (another
/// caller's ids are neither seen nor told): an event captured before answers
/// `already_captured` and changes nothing, also when the same document arrives twice at once; the same `eventID`
/// naming another change is refused `idempotency_conflict`; a refused event changed nothing and is judged afresh
/// when sent again. Answers 200 with each event's outcome whenever the document could be read; a document that is
/// not JSON (400), not of this shape or over its limits (422), too large (413) or not JSON-typed (415) is refused
/// whole, nothing applied. A 5xx part-way leaves the events before it captured: send the document again.
#[utoipa::path(post, path = "/api/v1/epcis/capture", tag = "history",
    request_body(content(
        (CaptureDocument = "application/json"),
        (CaptureDocument = "application/ld+json"))),
    security(("bearer" = []), ("api_key" = ["scan"])),
    responses(
    (status = 200, description = "Each event's outcome", body = CaptureReport),
    (status = 400, description = "The body is not JSON", body = Problem),
    (status = 401, description = "Not signed in", body = Problem),
    (status = 403, description = "Not allowed (an API key without the `scan` scope)", body = Problem),
    (status = 413, description = "The body is over 1 MiB", body = Problem),
    (status = 415, description = "Not `application/json` or `application/ld+json`", body = Problem),
    (status = 422, description = "Not an `EPCISDocument` of this shape: `type` not `EPCISDocument`, no \
        `epcisBody.eventList`, a member of the wrong type, a value over its length, more than 1,000 events or more \
        than 1,000 children in one", body = Problem)))]
pub async fn capture(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<Anyone, scope::Scan>,
    body: crate::extract::Json<CaptureDocument>,
) -> ApiResult<HttpResponse> {
    let document = body.into_inner();
    document.check()?;
    let patterns = state.patterns.get(&state.pool).await?;
    let actor = actor(&req, &caller, None);
    let mut report = CaptureReport::default();
    for (index, event) in document.epcis_body.event_list.iter().enumerate() {
        let refused = |error: ApiError| EventOutcome {
            index,
            event_id: event.event_id.clone(),
            outcome: CaptureOutcome::Refused,
            captured_at: None,
            code: Some(error.code),
            message: Some(error.message),
            details: error.details,
        };
        let aggregation = match reading::read(event, &state.epcis, &patterns) {
            Ok(aggregation) => aggregation,
            Err(refusal) => {
                report.push(refused(refusal));
                continue;
            }
        };
        let outcome = match apply(&state, &actor, caller.id(), &aggregation).await {
            Ok(Applied::Now(captured_at)) => captured(index, &aggregation, CaptureOutcome::Captured, captured_at),
            Ok(Applied::Before(earlier)) if same_change(&earlier, &aggregation) => {
                captured(index, &aggregation, CaptureOutcome::AlreadyCaptured, earlier.captured_at)
            }
            Ok(Applied::Before(earlier)) => refused(ApiError::new(
                ErrorCode::IdempotencyConflict,
                // Not which parent: it may be another area's.
                format!(
                    "eventID {} was captured at {} for another change ({} of {} children); give a new event its \
                     own eventID",
                    aggregation.event_id,
                    earlier.captured_at.to_rfc3339(),
                    earlier.action,
                    earlier.child_qrs.len(),
                ),
            )),
            // The database or the server failed: the events before stay captured; a retry of the
            // document answers them `already_captured`.
            Err(error) if error.code.status().is_server_error() => return Err(error),
            Err(refusal) => refused(refusal),
        };
        report.push(outcome);
    }
    Ok(HttpResponse::Ok().json(report))
}

enum Applied {
    Now(DateTime<Utc>),
    Before(Capture),
}

/// Claims the event's id and applies it, in one transaction: a refusal of any child rolls back
/// the claim and every child before it.
async fn apply(state: &AppState, actor: &Actor, caller: uuid::Uuid, aggregation: &Aggregation) -> ApiResult<Applied> {
    let parent = aggregation.parent.as_str();
    let children: Vec<String> = aggregation.children.iter().map(|child| child.as_str().to_owned()).collect();
    let capture = NewCapture {
        event_id: &aggregation.event_id,
        action: aggregation.packing.as_str(),
        parent_qr: parent,
        child_qrs: &children,
        captured_by: caller,
        request_id: actor.request_id.as_deref(),
    };
    transaction::write(&state.pool, async |conn| {
        let captured_at = match epcis_capture::claim(&mut *conn, &capture).await? {
            Claim::Captured(earlier) => return Ok(Applied::Before(earlier)),
            Claim::Fresh { captured_at } => captured_at,
        };
        for child in &children {
            match aggregation.packing {
                Packing::Pack => drop(scan::scan_child(&mut *conn, parent, child, actor).await?),
                Packing::Unpack => drop(scan::unlink(&mut *conn, parent, child, actor).await?),
            }
        }
        Ok(Applied::Now(captured_at))
    })
    .await
}

/// Whether an earlier capture of the same `eventID` was this change (children in any order).
fn same_change(earlier: &Capture, aggregation: &Aggregation) -> bool {
    let mut before: Vec<&str> = earlier.child_qrs.iter().map(String::as_str).collect();
    let mut now: Vec<&str> = aggregation.children.iter().map(|child| child.as_str()).collect();
    before.sort_unstable();
    now.sort_unstable();
    earlier.action == aggregation.packing.as_str() && earlier.parent_qr == aggregation.parent.as_str() && before == now
}

fn captured(index: usize, aggregation: &Aggregation, outcome: CaptureOutcome, at: DateTime<Utc>) -> EventOutcome {
    EventOutcome {
        index,
        event_id: Some(aggregation.event_id.clone()),
        outcome,
        captured_at: Some(at),
        code: None,
        message: None,
        details: None,
    }
}
