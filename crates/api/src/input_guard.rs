//! Refuses, before any handler runs, the request parts every endpoint shares and none may
//! carry control characters: query-string values (search words, filters, cursors) and the
//! scanner's `X-Device-Id`. Each refusal is a 422 naming the parameter. Body fields are
//! checked by the handlers that read them (`domain::text`).

use actix_web::ResponseError;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use domain::ValidationError;

use crate::error::ApiError;

/// Longest query-string value: a search word or a cursor, never a document.
const MAX_QUERY_VALUE_CHARS: usize = 500;

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // The SPA's own paths (`/bills/B-1?tab=x`) are files, not API input.
    if req.path().starts_with("/api/")
        && let Err(error) = check(&req)
    {
        let response = ApiError::from(error).error_response();
        return Ok(req.into_response(response));
    }
    next.call(req).await.map(ServiceResponse::map_into_boxed_body)
}

fn check(req: &ServiceRequest) -> Result<(), ValidationError> {
    let query = req.query_string();
    if !query.is_empty() {
        for (name, value) in form_urlencoded_pairs(query) {
            domain::text::check("query parameter name", &name, 100)?;
            domain::text::check(&name, &value, MAX_QUERY_VALUE_CHARS)?;
        }
    }
    if let Some(device) = req.headers().get("x-device-id") {
        let device = device.to_str().map_err(|_| ValidationError::field("X-Device-Id", "must be plain ASCII"))?;
        domain::text::check_device_id(device.trim())?;
    }
    Ok(())
}

fn form_urlencoded_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    form_urlencoded::parse(query.as_bytes()).map(|(name, value)| (name.into_owned(), value.into_owned()))
}
