use actix_web::web;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use storage::bag::{self, BagRecord};
use storage::event::{self, EventFilter};

use super::bags::lookup_qr;
use super::bags_dto::Bag;
use super::events_dto::Event;
use crate::auth::{Anyone, Authenticated, scope};
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TraceQuery {
    /// Also answer what the parent (or the child's parent) held at this instant (RFC 3339).
    #[param(example = "2026-11-28T09:30:00Z")]
    pub at: Option<DateTime<Utc>>,
}

/// One link of the chain child → parent → bill, with who made it and when.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TraceStep {
    /// `child`, `parent` or `bill`.
    pub kind: &'static str,
    /// The QR, or the bill id.
    pub id: String,
    pub status: String,
    /// When the step was made: the child's link, the parent's creation, the parent's loading.
    pub at: Option<DateTime<Utc>>,
    /// Who made it.
    pub by: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ContentsAt {
    pub at: DateTime<Utc>,
    pub parent_qr: String,
    /// The children the parent held at that instant.
    pub children: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Trace {
    pub bag: Bag,
    /// From the scanned bag outwards: child → parent → bill.
    pub chain: Vec<TraceStep>,
    /// A parent's children now.
    pub children: Vec<Bag>,
    /// Every event of the bag (and, for a parent, of its children), oldest first; at most 500.
    pub timeline: Vec<Event>,
    pub contents_at: Option<ContentsAt>,
}

/// Trace a QR: the chain child → parent → bill with who and when, and the bag's timeline.
///
/// Any signed-in user; a dispatcher asking about another area's bag gets 403 `other_area` and nothing
/// else. A child traces to its parent and that parent's bill, a parent to its bill and its children now;
/// the timeline holds the bag's events, oldest first (at most 500). With `at`, `contents_at` lists what
/// the parent held at that instant, rebuilt from the history.
#[utoipa::path(get, path = "/api/v1/trace/{qr}", tag = "bags",
    params(("qr" = String, Path, description = "A child or parent QR, any case", example = "CH00000123"), TraceQuery),
    security(("bearer" = []), ("api_key" = ["read"])), responses(
    (status = 200, body = Trace),
    (status = 400, description = "Bad `at`", body = Problem),
    (status = 403, description = "`other_area`: the bag belongs to another dispatch area (a dispatcher learns nothing else)", body = Problem),
    (status = 404, description = "No such bag", body = Problem),
    (status = 422, description = "`invalid_qr`", body = Problem)))]
pub async fn trace(
    state: web::Data<AppState>,
    caller: Authenticated<Anyone, scope::Read>,
    qr: web::Path<String>,
    query: web::Query<TraceQuery>,
) -> ApiResult<web::Json<Trace>> {
    let qr = lookup_qr(&qr)?;
    // The timeline does not depend on the bag's row: it is read at once, on a second connection.
    let filter = EventFilter { bag_qr: Some(qr.clone()), ..EventFilter::default() };
    let (found, mut timeline) = futures::try_join!(
        async {
            let mut conn = state.reads.acquire().await?;
            let family = match bag::find_family(&mut conn, &qr, caller.area_scope()).await? {
                bag::Scoped::Found(family) => *family,
                bag::Scoped::OtherArea => return Ok(bag::Scoped::OtherArea),
                bag::Scoped::Missing => return Ok(bag::Scoped::Missing),
            };
            let made = made_by(&mut conn, &family).await?;
            Ok::<_, ApiError>(bag::Scoped::Found((family, made)))
        },
        async { Ok::<_, ApiError>(event::list(&state.reads, &filter, None, 500).await?) },
    )?;
    let (family, made) = match found {
        bag::Scoped::Found(found) => found,
        bag::Scoped::OtherArea => return Err(domain::scan::ScanRefusal::OtherArea { qr }.into()),
        bag::Scoped::Missing => return Err(ApiError::not_found(format!("bag {qr}"))),
    };
    let is_child = family.is_child();
    let parent = family.chain_parent().cloned();
    let bag::Family { bag: record, children, .. } = family;
    let mut made = made.into_iter();

    let mut chain = Vec::with_capacity(3);
    if is_child {
        let linked = made.next().flatten().filter(|_| record.parent_qr.is_some());
        chain.push(step("child", &record, linked));
    }
    if let Some(parent) = &parent {
        chain.push(step("parent", parent, made.next().flatten()));
        if let Some(bill_code) = &parent.bill_code {
            let loaded = made.next().flatten();
            chain.push(TraceStep {
                kind: "bill",
                id: bill_code.clone(),
                status: parent.bill_status.clone().unwrap_or_default(),
                at: loaded.as_ref().map(|e| e.occurred_at),
                by: loaded.and_then(|e| e.actor_username),
            });
        }
    }

    timeline.reverse();
    let contents_at = match (query.at, &parent) {
        (Some(at), Some(parent)) => Some(ContentsAt {
            at,
            parent_qr: parent.qr.clone(),
            children: event::contents_at(&state.reads, &parent.qr, at).await?,
        }),
        _ => None,
    };
    Ok(web::Json(Trace {
        bag: record.into(),
        chain,
        children: children.into_iter().map(Bag::from).collect(),
        timeline: timeline.into_iter().map(Event::from).collect(),
        contents_at,
    }))
}

/// The events that made each link of the chain, in the chain's order: the child's link, the
/// parent's creation, the parent's loading onto its bill (those that apply), in one statement.
async fn made_by(
    conn: &mut sqlx::PgConnection,
    family: &bag::Family,
) -> Result<Vec<Option<storage::event::EventRecord>>, storage::StorageError> {
    let record = &family.bag;
    let is_child = family.is_child();
    let parent = family.chain_parent();
    let mut wanted = Vec::with_capacity(3);
    if is_child {
        wanted.push(("child_linked", record.qr.as_str()));
    }
    if let Some(parent) = parent {
        wanted.push(("parent_created", parent.qr.as_str()));
        if parent.bill_code.is_some() {
            wanted.push(("bill_parent_added", parent.qr.as_str()));
        }
    }
    event::latest_each(conn, &wanted).await
}

fn step(kind: &'static str, bag: &BagRecord, made: Option<storage::event::EventRecord>) -> TraceStep {
    TraceStep {
        kind,
        id: bag.qr.clone(),
        status: bag.status.clone(),
        at: made.as_ref().map(|e| e.occurred_at),
        by: made.and_then(|e| e.actor_username),
    }
}
