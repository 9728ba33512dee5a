//! Stopping without cutting anyone off. actix runs each worker on a runtime of its own, and a
//! worker that has finished its own connections ends its runtime — taking with it the pooled
//! database connections it opened, which another worker's in-flight request (a streaming
//! export) may be using. So on SIGTERM/SIGINT the server first stops accepting, waits until no
//! answer is in flight (bodies included, however long they stream; at most `GRACE`), and only
//! then stops the workers at once.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use actix_web::Error;
use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::{ServerHandle, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::Bytes;

/// How long answers in flight get after a stop signal (compose's `stop_grace_period` is longer).
pub const GRACE: Duration = Duration::from_secs(30);

/// Answers being produced or sent right now, how many were ever started, and whether the
/// server has closed its doors.
#[derive(Debug, Clone, Default)]
pub struct InFlight {
    count: Arc<AtomicUsize>,
    started: Arc<AtomicU64>,
    closed: Arc<AtomicBool>,
}

impl InFlight {
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// Requests started since the server did; unchanged over a while means the server was quiet
    /// (a live stream open all along does not count against it).
    pub fn started(&self) -> u64 {
        self.started.load(Ordering::Relaxed)
    }

    /// Counts a request, or `None` once the doors are closed. The count is raised before the
    /// flag is read and `close` sets the flag before it reads the count (both SeqCst), so a
    /// request either is counted by the drain or sees the doors closed: never neither.
    fn enter(&self) -> Option<Guard> {
        self.started.fetch_add(1, Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::SeqCst);
        let guard = Guard(self.count.clone());
        (!self.closed.load(Ordering::SeqCst)).then_some(guard)
    }

    /// Closes the doors; true when nothing is in flight any more.
    fn close(&self) -> bool {
        self.closed.store(true, Ordering::SeqCst);
        self.count() == 0
    }
}

/// Counts an answer until its body has been sent or dropped.
struct Guard(Arc<AtomicUsize>);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

pin_project_lite::pin_project! {
    pub struct Tracked<B> {
        #[pin]
        body: B,
        guard: Guard,
    }
}

impl<B: MessageBody> MessageBody for Tracked<B> {
    type Error = B::Error;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Self::Error>>> {
        self.project().body.poll_next(cx)
    }
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let guard = match req.app_data::<actix_web::web::Data<InFlight>>().map(|in_flight| in_flight.enter()) {
        Some(Some(guard)) => Some(guard),
        // A request on a kept-alive connection after the last answer was counted out: it is
        // never started (it could meet a pooled connection of a worker already gone) and never
        // answered; the stop closes its connection and the client sends it to another instance,
        // as it would had it come a moment later.
        Some(None) => std::future::pending().await,
        None => None,
    };
    let response = next.call(req).await?;
    Ok(response.map_body(move |_, body| match guard {
        Some(guard) => actix_web::body::EitherBody::left(Tracked { body, guard }),
        None => actix_web::body::EitherBody::right(body),
    }))
}

/// Waits for SIGTERM or SIGINT, then drains and stops the server.
pub async fn on_signal(server: ServerHandle, in_flight: InFlight, live: Arc<api::live::LiveHub>) {
    wait_for_signal().await;
    tracing::info!(in_flight = in_flight.count(), "stop signal: no new connections; finishing the answers in flight");
    server.pause().await;
    // Live streams never finish by themselves: end them now (their clients reconnect elsewhere).
    live.close();
    let started = Instant::now();
    loop {
        while in_flight.count() > 0 && started.elapsed() < GRACE {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // A request may have come in on a kept-alive connection since the count was read:
        // close the doors, then look again.
        if in_flight.close() || started.elapsed() >= GRACE {
            break;
        }
    }
    let left = in_flight.count();
    if left > 0 {
        tracing::warn!(left, "answers still in flight after the grace period; stopping anyway");
    }
    // Nothing is in flight: close the idle keep-alive connections at once rather than let a
    // worker serve a late request while its siblings' runtimes (and their pooled database
    // connections) are already going away. The proxy sends that request elsewhere.
    server.stop(false).await;
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = terminate.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM; only Ctrl-C stops the server");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_counted_by_the_drain_or_sees_the_doors_closed() {
        let in_flight = InFlight::default();
        let answering = in_flight.enter().expect("open: counted");
        assert!(!in_flight.close(), "one answer is still in flight");
        assert!(in_flight.enter().is_none(), "closed: not started, and not counted");
        assert_eq!(in_flight.count(), 1);
        drop(answering);
        assert!(in_flight.close(), "nothing in flight any more");
    }
}
