//! Serves the built SPA at `/`, with deep links (`/bills/B-1`) falling back to `index.html`.
//! `/api`, `/health` and `/metrics` never fall back: an unknown API path stays a JSON 404.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
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
