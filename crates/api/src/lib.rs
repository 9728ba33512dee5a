//! TraceTrack's HTTP layer: turns requests into domain and storage calls and answers in the
//! one error contract. The server crate builds the `HttpServer` around [`configure`].

pub mod allow;
pub mod audit_trail;
pub mod auth;
pub mod cached_answer;
pub mod client;
pub mod csv_safe;
pub mod epcis;
pub mod error;
pub mod extract;
pub mod hot_cache;
pub mod idempotency;
pub mod import_apply;
pub mod import_file;
pub mod import_layout;
pub mod import_rows;
pub mod import_sheet;
pub mod input_guard;
pub mod live;
pub mod metrics;
pub mod openapi;
pub mod pagination;
pub mod patterns;
pub mod rate_limit;
pub mod request_id;
pub mod routes;
pub mod security_headers;
pub mod state;
pub mod transaction;
pub mod whole_number;
pub mod xlsx_stream;

use actix_web::web;
use utoipa_swagger_ui::SwaggerUi;

pub use state::{AppState, AuthPolicy, ScanPolicy};

/// Everything the API serves: routes, health, metrics, the OpenAPI document and its UI, and
/// the extractor configuration that keeps errors in the contract.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(extract::json_config())
        .app_data(extract::query_config())
        .app_data(extract::path_config())
        .configure(routes::health)
        // Before the `/api/v1` scope, which would otherwise answer 404 for the document's path.
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/v1/openapi.json", openapi::document()))
        // Imports read up to 16 MB themselves and answer 413 past that.
        .app_data(web::PayloadConfig::new(import_file::LIMIT_BYTES + 64 * 1024))
        .configure(routes::api_v1)
        .service(web::redirect("/api/docs", "/api/docs/"));
}
