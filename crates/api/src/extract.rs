//! Routes actix's own extractor errors (bad JSON, bad query string, bad path segment,
//! oversize body) into the one error contract.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpRequest, web};

use crate::error::{ApiError, ErrorCode};

/// Largest JSON body the API reads; imports have their own, larger limit.
pub const JSON_LIMIT_BYTES: usize = 1024 * 1024;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().limit(JSON_LIMIT_BYTES).error_handler(|error, _req: &HttpRequest| {
        let api_error = match &error {
            JsonPayloadError::OverflowKnownLength { length, limit } => ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!("the body is {length} bytes; the limit is {limit} bytes"),
            ),
            JsonPayloadError::Overflow { limit } => {
                ApiError::new(ErrorCode::PayloadTooLarge, format!("the body is larger than {limit} bytes"))
            }
            JsonPayloadError::ContentType => ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "send the body as JSON with Content-Type: application/json",
            ),
            JsonPayloadError::Deserialize(inner) if inner.is_data() => {
                ApiError::new(ErrorCode::ValidationFailed, format!("the JSON does not fit this endpoint: {inner}"))
            }
            JsonPayloadError::Deserialize(inner) => ApiError::malformed(format!("the body is not valid JSON: {inner}")),
            other => ApiError::malformed(format!("the body could not be read: {other}")),
        };
        api_error.into()
    })
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _req| {
        let QueryPayloadError::Deserialize(inner) = &error else {
            return ApiError::malformed(format!("bad query string: {error}")).into();
        };
        ApiError::malformed(format!("bad query string: {inner}")).into()
    })
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error, _req| {
        let PathError::Deserialize(inner) = &error else {
            return ApiError::malformed(format!("bad path: {error}")).into();
        };
        ApiError::malformed(format!("bad path parameter: {inner}")).into()
    })
}
