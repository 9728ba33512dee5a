//! Browser protections on every response: what a page may load and run (CSP, no inline
//! script), never inside another site's frame, no MIME sniffing, no referrer leaking paths,
//! and HSTS when the client came over TLS (as a trusted proxy says).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

use crate::client;
use crate::state::AppState;

/// The SPA: its own scripts and styles only; images may be data:/blob: URLs (the favicon is `data:,`).
/// `'wasm-unsafe-eval'` lets the camera scanner compile its WebAssembly decoder (our own asset);
/// it allows no JavaScript eval.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; \
     worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

/// Swagger UI (`/api/docs/`) sets inline styles and draws data: images; still no inline script.
const DOCS_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const HSTS: &str = "max-age=31536000; includeSubDomains";

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let https =
        req.app_data::<web::Data<AppState>>().is_some_and(|state| client::is_https(req.request(), &state.proxies));
    let policy =
        if req.path().starts_with("/api/docs") { DOCS_CONTENT_SECURITY_POLICY } else { CONTENT_SECURITY_POLICY };
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set(header::CONTENT_SECURITY_POLICY, policy);
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    if https {
        set(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    Ok(response)
}
