//! Serves the built SPA at `/`, with deep links (`/bills/B-1`) falling back to `index.html`.
//! `/api`, `/health` and `/metrics` never fall back: an unknown API path stays a JSON 404.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};

pub fn configure(cfg: &mut web::ServiceConfig, static_dir: Option<&Path>) {
    let Some(dir) = static_dir.filter(|dir| dir.join("index.html").exists()) else {
        if let Some(dir) = static_dir {
            tracing::warn!(dir = %dir.display(), "TRACETRACK_STATIC_DIR has no index.html; not serving the SPA");
        }
        return;
    };
    let index = dir.join("index.html");
    cfg.service(
        Files::new("/", dir)
            .index_file("index.html")
            .default_handler(fn_service(move |req| serve_index(req, index.clone()))),
    );
}

async fn serve_index(req: ServiceRequest, index: PathBuf) -> Result<ServiceResponse, actix_web::Error> {
    let (req, _) = req.into_parts();
    let path = req.path();
    if ["/api", "/health", "/metrics"].iter().any(|prefix| path.starts_with(prefix)) {
        return Ok(ServiceResponse::new(req, HttpResponse::NotFound().finish()));
    }
    let response = NamedFile::open_async(index).await?.into_response(&req);
    Ok(ServiceResponse::new(req, response))
}

/// How long browsers keep the SPA's files. Vite names every built asset after its content
/// (`/assets/index-3f9a1c.js`), so those never change and are kept a year; everything else
/// (`index.html`, the service worker, the manifest) is revalidated on every load, so a new
/// release reaches everyone on their next visit.
pub async fn cache_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let hashed = req.path().starts_with("/assets/");
    let api = ["/api", "/health", "/metrics"].iter().any(|prefix| req.path().starts_with(prefix));
    let mut response = next.call(req).await?;
    if !api && response.status().is_success() && !response.headers().contains_key(header::CACHE_CONTROL) {
        let value = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    Ok(response)
}
