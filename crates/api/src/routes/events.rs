use actix_web::web;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use storage::event::{self, EventFilter};
use uuid::Uuid;

use super::events_dto::{Event, EventPage};
use crate::auth::{Anyone, Authenticated, scope};
use crate::error::{ApiError, ApiResult, Problem};
use crate::pagination;
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct EventQuery {
    /// Events of this bag (as the bag, or as the parent of the bag).
    #[param(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub bag: Option<String>,
    /// Events inside this parent.
    #[param(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub parent: Option<String>,
    /// Events of this bill.
    #[param(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub bill: Option<String>,
    /// Events by this user (id).
    pub user: Option<Uuid>,
    #[param(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$", example = "child_linked")]
    pub kind: Option<String>,
    #[param(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub area: Option<String>,
    /// From this instant (inclusive), RFC 3339.
    pub from: Option<DateTime<Utc>>,
    /// Until this instant (exclusive), RFC 3339.
    pub to: Option<DateTime<Utc>>,
    #[param(minimum = 1, maximum = 500, example = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page: where the next page starts.
    #[param(min_length = 1, max_length = 18, pattern = r"^[1-9][0-9]{0,17}$")]
    pub cursor: Option<String>,
}

/// Scan and change history, newest first. Dispatchers see their own area's events only.
///
/// Any signed-in user; a dispatcher's own area replaces whatever `area` asks. Filters combine: `bag`,
/// `parent`, `bill`, `user`, `kind` (an unknown kind answers 400 naming the known ones), `area` and the
/// instants `from` (inclusive) and `to` (exclusive). Pages hold `limit` events (1–500, default 50); pass
/// the answer's `next_cursor` as `cursor` for the next page, until it is `null`.
#[utoipa::path(get, path = "/api/v1/events", tag = "history", params(EventQuery), security(("bearer" = []), ("api_key" = ["read"])),
    responses(
    (status = 200, body = EventPage),
    (status = 400, description = "Bad query string or cursor", body = Problem),
    (status = 422, description = "Limit out of range", body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    caller: Authenticated<Anyone, scope::Read>,
    query: web::Query<EventQuery>,
) -> ApiResult<web::Json<EventPage>> {
    let query = query.into_inner();
    let limit = pagination::limit(query.limit)?;
    if let Some(kind) = query.kind.as_deref().filter(|k| !event::KINDS.contains(k)) {
        return Err(ApiError::malformed(format!(
            "\"{kind}\" is not an event kind; kinds: {}",
            event::KINDS.join(", ")
        )));
    }
    let before = query.cursor.as_deref().map(pagination::decode_id).transpose()?;
    let filter = event_filter(query, caller.area_scope());
    let mut rows = event::list(&state.reads, &filter, before, limit + 1).await?;
    let next_cursor = pagination::next_id_cursor(&mut rows, limit, |e| e.id);
    Ok(web::Json(EventPage { items: rows.into_iter().map(Event::from).collect(), next_cursor }))
}

/// The list's filters as storage takes them (shared with the export). A dispatcher's own area
/// replaces whatever area was asked for.
pub fn event_filter(query: EventQuery, area_scope: Option<&str>) -> EventFilter {
    let normalised = |v: Option<String>| v.map(|v| domain::identifier::normalise(&v)).filter(|v| !v.is_empty());
    EventFilter {
        bag_qr: normalised(query.bag),
        parent_qr: normalised(query.parent),
        bill_code: normalised(query.bill),
        actor_id: query.user,
        kind: query.kind,
        area: area_scope.map(str::to_owned).or(query.area),
        from: query.from,
        to: query.to,
    }
}
