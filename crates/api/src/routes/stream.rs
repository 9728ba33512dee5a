//! `GET /api/v1/stream`: floor activity and changes as they happen (Server-Sent Events).

use std::sync::Arc;
use std::time::Duration;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use futures::StreamExt;
use serde::Deserialize;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

use crate::auth::{Anyone, Authenticated, scope};
use crate::error::{ApiResult, Problem};
use crate::live::{Activity, Change, Frame, change_frame};
use crate::state::AppState;

/// Changes sent back to a resuming client at most; further back, it is told to reload.
const CATCH_UP: i64 = 1_000;
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// History events a resuming client's catch-up looks through at most (of every kind, scans
/// included: a few minutes of a busy floor).
const LOOK_BACK: i64 = 200_000;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StreamQuery {
    /// Resume after this change (the `id` of the last `change` message seen), for clients that
    /// cannot send the `Last-Event-ID` header; the header wins when both are sent.
    #[param(minimum = 0)]
    pub last_event_id: Option<i64>,
}

/// The live stream of floor activity and changes.
///
/// Server-Sent Events (`text/event-stream`), for people (bearer token) and for API keys with the
/// `read` scope; a dispatcher or an area-bound key hears only their area. Every instance streams
/// every instance's events: each reads the shared history once a second. Messages:
///
/// - `activity` (no id), on connect and every 5 s: `{at, scans_last_minute, areas: [{area,
///   scans_last_minute}]}`.
/// - `change`, with `id:` the history event's id: every history event but the scans themselves
///   (parent completed, bill loaded/completed/reopened, return finalised, …) as `{id, kind, at, area, bag_qr, parent_qr,
///   bill_id, return_code, actor, details}` (the fields of `Event`).
/// - `reset`: the client missed more than this stream can replay (over 1,000 changes behind,
///   further back than the last 200,000 history events, an id no event has, or it fell behind
///   while connected): reload what it shows, then carry on.
/// - `: keep-alive` comments every 15 s.
///
/// Resume with `Last-Event-ID` (or `last_event_id=`): the changes after it are sent first.
#[utoipa::path(get, path = "/api/v1/stream", tag = "integrations", params(StreamQuery,
        ("Last-Event-ID" = Option<String>, Header, description = "The id of the last `change` message seen: resume after it",
         pattern = r"^[0-9]{1,18}$")),
    security(("bearer" = []), ("api_key" = ["read"])),
    responses(
    (status = 200, description = "The stream; it stays open", content(
        (String = "text/event-stream",
         example = "retry: 2000\n\nevent: activity\ndata: {\"at\":\"2026-11-30T10:15:00Z\",\"scans_last_minute\":412,\"areas\":[{\"area\":\"north\",\"scans_last_minute\":412}]}\n\nid: 81234\nevent: change\ndata: {\"id\":81234,\"kind\":\"parent_completed\",…}\n\n"))),
    (status = 403, description = "An API key without the `read` scope", body = Problem),
    (status = 422, description = "`Last-Event-ID` is not an event id", body = Problem)))]
pub async fn stream(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Authenticated<Anyone, scope::Read>,
    query: web::Query<StreamQuery>,
) -> ApiResult<HttpResponse> {
    let resume = resume_point(&req, query.last_event_id)?;
    let area = caller.area_scope().map(str::to_owned);
    // Listen before catching up, so nothing falls between the two.
    let mut live = state.live.subscribe();
    let mut first = vec![Bytes::from_static(b"retry: 2000\n\n"), activity(&state.live.activity(), area.as_deref())];
    let mut last_sent = resume.unwrap_or(0);
    if let Some(after) = resume {
        let missed = storage::live::changes_after(&state.pool, after, area.as_deref(), CATCH_UP, LOOK_BACK).await?;
        // Too far back to replay, ahead of every event, or more than a catch-up sends: the
        // client reloads instead, and hears every change from now on.
        if missed.as_ref().is_none_or(|missed| missed.len() as i64 >= CATCH_UP) {
            first.push(Bytes::from_static(b"event: reset\ndata: {}\n\n"));
        }
        if missed.is_none() {
            last_sent = 0;
        }
        let missed = missed.unwrap_or_default();
        for event in missed {
            last_sent = event.id;
            let id = event.id;
            first.push(change_frame(id, &Change::from(event)));
        }
    }
    let mut closing = state.live.closing();
    let mut keep_alive = tokio::time::interval(KEEP_ALIVE);
    keep_alive.reset();
    let messages = async_stream(move |sink| async move {
        for bytes in first {
            if !sink(bytes) {
                return;
            }
        }
        loop {
            let received = tokio::select! {
                received = live.recv() => received,
                _ = closing.wait_for(|closing| *closing) => return,
                _ = keep_alive.tick() => {
                    if !sink(Bytes::from_static(b": keep-alive\n\n")) {
                        return;
                    }
                    continue;
                }
            };
            // What else is waiting goes out in the same write: at a thousand scans a second a
            // listener otherwise costs a write per change.
            let mut out = Vec::new();
            let mut next = Some(received);
            while let Some(received) = next.take() {
                match received {
                    Ok(frame) => match frame.as_ref() {
                        Frame::Change { id, area: event_area, frame } => {
                            let mine = area.is_none() || area.as_deref() == event_area.as_deref();
                            if *id > last_sent && mine {
                                last_sent = *id;
                                out.push(frame.clone());
                            }
                        }
                        Frame::Activity(counts) => out.push(activity(counts, area.as_deref())),
                    },
                    Err(RecvError::Lagged(_)) => out.push(Bytes::from_static(b"event: reset\ndata: {}\n\n")),
                    Err(RecvError::Closed) => return,
                }
                if out.len() < 256 {
                    next = match live.try_recv() {
                        Ok(frame) => Some(Ok(frame)),
                        Err(TryRecvError::Lagged(n)) => Some(Err(RecvError::Lagged(n))),
                        Err(TryRecvError::Closed) => Some(Err(RecvError::Closed)),
                        Err(TryRecvError::Empty) => None,
                    };
                }
            }
            let bytes = match out.len() {
                0 => continue,
                1 => out.pop().unwrap_or_default(),
                _ => Bytes::from(out.concat()),
            };
            if !sink(bytes) {
                return;
            }
        }
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        // Proxies (nginx) pass each message on at once instead of buffering the answer.
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(messages.map(Ok::<_, actix_web::Error>)))
}

fn resume_point(req: &HttpRequest, from_query: Option<i64>) -> ApiResult<Option<i64>> {
    let bad = || domain::ValidationError::field("Last-Event-ID", "must be the id of a change message (digits)");
    let header = match req.headers().get("last-event-id") {
        Some(value) => {
            let text = value.to_str().map_err(|_| bad())?.trim();
            Some(text.parse::<i64>().ok().filter(|id| *id >= 0 && text.len() <= 18).ok_or_else(bad)?)
        }
        None => None,
    };
    if from_query.is_some_and(|id| id < 0) {
        return Err(domain::ValidationError::field("last_event_id", "must be 0 or more").into());
    }
    Ok(header.or(from_query))
}

fn activity(counts: &Arc<Activity>, area: Option<&str>) -> Bytes {
    let data = serde_json::to_string(&counts.within(area)).unwrap_or_else(|_| "{}".to_owned());
    Bytes::from(format!("event: activity\ndata: {data}\n\n"))
}

/// A stream fed by `produce`, which gets a `sink` answering `false` once the client has gone.
/// The producer runs as its own task and stops when the client goes away.
fn async_stream<F, Fut>(produce: F) -> futures::channel::mpsc::Receiver<Bytes>
where
    F: FnOnce(Box<dyn Fn(Bytes) -> bool + Send>) -> Fut,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let (sender, receiver) = futures::channel::mpsc::channel::<Bytes>(64);
    let sink = Box::new(move |bytes: Bytes| {
        let mut sender = sender.clone();
        // A client gone, or one reading so slowly that 64 messages wait for it: end its stream
        // rather than drop a message; it reconnects with Last-Event-ID and catches up.
        sender.try_send(bytes).is_ok()
    });
    actix_web::rt::spawn(produce(sink));
    receiver
}
