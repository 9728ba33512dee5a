//! Prometheus metrics: requests by route and status, a latency histogram, database pool usage.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder};

use crate::error::ApiError;
use crate::state::AppState;

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_size: IntGauge,
    pool_idle: IntGauge,
}

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("tracetrack".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by route pattern, method and status"),
            &["route", "method", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request latency by route pattern")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
            &["route", "method"],
        )?;
        let pool_size = IntGauge::new("db_pool_connections", "Open database connections")?;
        let pool_idle = IntGauge::new("db_pool_idle_connections", "Idle database connections")?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(pool_size.clone()))?;
        registry.register(Box::new(pool_idle.clone()))?;
        Ok(Self { registry, requests, latency, pool_size, pool_idle })
    }

    fn observe(&self, route: &str, method: &str, status: &str, seconds: f64) {
        self.requests.with_label_values(&[route, method, status]).inc();
        self.latency.with_label_values(&[route, method]).observe(seconds);
    }
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let response = next.call(req).await?;
    if let Some(state) = state {
        // The pattern, not the path: `/api/v1/bags/{qr}` is one series, not a million.
        let request = response.request();
        let route = request.match_pattern().unwrap_or_else(|| "unmatched".to_owned());
        let seconds = started.elapsed().as_secs_f64();
        state.metrics.observe(&route, request.method().as_str(), response.status().as_str(), seconds);
    }
    Ok(response)
}

/// Prometheus text exposition of every metric.
///
/// Prometheus figures, for a scraper holding `TRACETRACK_METRICS_TOKEN` (without the setting
/// they are not served: pool sizes and request counts are nobody else's business). Send it as
/// `Authorization: Bearer <token>`; a missing or wrong token answers 401, and without the setting
/// it answers 404. The figures are requests by route pattern, method and status, a latency
/// histogram, and the database pool's open and idle connections.
#[utoipa::path(get, path = "/metrics", tag = "health", security(("metrics_token" = [])), responses(
    (status = 200, description = "Prometheus text format", content_type = "text/plain",
        example = json!("# TYPE tracetrack_db_pool_connections gauge\ntracetrack_db_pool_connections 5\n")),
    (status = 401, description = "No or wrong metrics token", body = crate::error::Problem),
    (status = 404, description = "Not served: `TRACETRACK_METRICS_TOKEN` is not set", body = crate::error::Problem)))]
pub async fn scrape(state: web::Data<AppState>, req: actix_web::HttpRequest) -> Result<HttpResponse, ApiError> {
    let Some(expected) = &state.metrics_token else {
        return Err(ApiError::not_found("metrics (set TRACETRACK_METRICS_TOKEN to serve them)"));
    };
    let presented = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !constant_time_eq(presented.as_bytes(), secrecy::ExposeSecret::expose_secret(expected).as_bytes()) {
        return Err(ApiError::unauthorized("send Authorization: Bearer <TRACETRACK_METRICS_TOKEN>"));
    }
    state.metrics.pool_size.set(i64::from(state.pool.size()));
    state.metrics.pool_idle.set(state.pool.num_idle() as i64);
    let mut buffer = Vec::new();
    TextEncoder::new().encode(&state.metrics.registry.gather(), &mut buffer).map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(buffer))
}

/// Compares secrets without an early exit that would tell how much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let (da, db) = (<sha2::Sha256 as sha2::Digest>::digest(a), <sha2::Sha256 as sha2::Digest>::digest(b));
    da.iter().zip(db.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
