use actix_web::{HttpResponse, web};
use serde::Serialize;
use storage::cache::CacheHealth;

use crate::error::Problem;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
#[schema(example = json!({"status": "ok"}))]
pub struct Liveness {
    /// Always `ok` while the process serves requests.
    pub status: &'static str,
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(example = json!({"status": "ready", "database": "up", "redis": "down"}))]
pub struct Readiness {
    /// `ready` when the database answers, else `not_ready`.
    pub status: &'static str,
    /// `up` or `down`.
    pub database: &'static str,
    /// `up`, `down`, or `in_process` when no Redis is configured. Redis down does not make the
    /// service unready: the cache falls back to PostgreSQL.
    pub redis: &'static str,
}

/// Liveness: the process is up.
///
/// Liveness: the process answers HTTP. Anyone may call it, without a token, and it touches neither
/// PostgreSQL nor Redis, so it stays 200 while they are down; use `GET /health/ready` to know whether
/// requests can be served.
#[utoipa::path(get, path = "/health/live", tag = "health", security(()), responses(
    (status = 200, body = Liveness),
    (status = 405, description = "Only GET (and HEAD)", body = Problem)))]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(Liveness { status: "ok" })
}

/// Readiness: the database (required) and Redis (optional) answer.
///
/// Anyone may call it, without a token. It answers 200 `ready` when PostgreSQL answers within 2 seconds,
/// else 503 `not_ready`; Redis being down is reported but does not make the service unready, because the
/// cache falls back to PostgreSQL.
#[utoipa::path(get, path = "/health/ready", tag = "health", security(()), responses(
    (status = 200, description = "The database answers", body = Readiness),
    (status = 405, description = "Only GET (and HEAD)", body = Problem),
    (status = 503, description = "The database does not answer", body = Readiness)))]
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let database_up = tokio::time::timeout(
        std::time::Duration::from_secs(2),
        sqlx::query_scalar::<_, i32>("select 1").fetch_one(&state.pool),
    )
    .await
    .is_ok_and(|result| result.is_ok());
    let redis = match state.cache.health().await {
        CacheHealth::Up => "up",
        CacheHealth::Down => "down",
        CacheHealth::InProcess => "in_process",
    };
    let body = Readiness {
        status: if database_up { "ready" } else { "not_ready" },
        database: if database_up { "up" } else { "down" },
        redis,
    };
    if database_up { HttpResponse::Ok().json(body) } else { HttpResponse::ServiceUnavailable().json(body) }
}
