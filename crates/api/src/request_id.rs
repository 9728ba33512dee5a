//! Gives every response a request id (header and error body) and makes sure every error
//! response, whoever produced it (a handler, an extractor, actix's router), is problem+json.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, ResponseError};

use crate::error::{ApiError, ErrorCode};

tokio::task_local! {
    static REQUEST_ID: String;
}

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served, for error bodies and audit rows.
pub fn current() -> String {
    REQUEST_ID.try_with(Clone::clone).unwrap_or_else(|_| "none".to_owned())
}

/// Runs `work` as part of request `id`: work an answer hands to another task (an import that
/// streams its progress) keeps the request's id in its audit rows and problems.
pub async fn scope<F: std::future::Future>(id: String, work: F) -> F::Output {
    REQUEST_ID.scope(id, work).await
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Set by tracing-actix-web's TracingLogger, which wraps this middleware, so the id in
    // the logs and the id in the response are one and the same.
    let id = req
        .extensions()
        .get::<tracing_actix_web::RequestId>()
        .map(ToString::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    REQUEST_ID
        .scope(id.clone(), async move {
            // Handlers and extractors answer through `Ok`; an `Err` here comes from a service
            // between us and the router and is answered by actix outside this scope, so it
            // carries the id itself. (The request cannot be cloned before routing.)
            let response = match next.call(req).await {
                Ok(response) => response.map_into_boxed_body(),
                Err(error) => {
                    let status = error.as_response_error().status_code();
                    let message = if status.is_server_error() {
                        tracing::error!(%error, "unhandled server error");
                        "an unexpected error occurred".to_owned()
                    } else {
                        error.to_string()
                    };
                    return Err(ApiError::new(crate::error::code_for_status(status), message)
                        .with_request_id(id)
                        .into());
                }
            };
            let mut response = into_problem(response);
            if let Ok(value) = HeaderValue::from_str(&id) {
                response.headers_mut().insert(HEADER, value);
            }
            Ok(response)
        })
        .await
}

/// Rewrites an error response that is not already problem+json (actix's bare 404 and 405,
/// an extractor we did not configure) into the contract's shape.
fn into_problem(response: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let status = response.status();
    // Readiness answers 503 with its own JSON body on purpose; only bare errors are rewritten.
    let is_json = response.headers().get(header::CONTENT_TYPE).is_some_and(|value| {
        let value = value.as_bytes();
        value.starts_with(b"application/problem+json") || value.starts_with(b"application/json")
    });
    if status.as_u16() < 400 || is_json {
        return response;
    }
    let request = response.request();
    let code = crate::error::code_for_status(status);
    let message = match code {
        ErrorCode::NotFound => format!("there is no endpoint at {}", request.path()),
        ErrorCode::MethodNotAllowed => format!("{} is not allowed on {}", request.method(), request.path()),
        _ if status.is_client_error() => response
            .response()
            .error()
            .map(ToString::to_string)
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("bad request").to_owned()),
        _ => {
            if let Some(error) = response.response().error() {
                tracing::error!(%error, "unhandled server error");
            }
            "an unexpected error occurred".to_owned()
        }
    };
    let mut replacement = ApiError::new(code, message).error_response();
    if code == ErrorCode::MethodNotAllowed
        && let Some(allowed) = request.match_pattern().as_deref().and_then(crate::allow::methods_of)
    {
        replacement.headers_mut().insert(header::ALLOW, HeaderValue::from_static(allowed));
    }
    // Keep what the inner layers said (`Allow` on a 405, the browser protections), but the body's
    // own headers.
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH && !replacement.headers().contains_key(name) {
            replacement.headers_mut().insert(name.clone(), value.clone());
        }
    }
    response.into_response(replacement)
}
