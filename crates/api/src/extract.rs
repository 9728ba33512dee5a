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

/// `web::Json` for a JSON object only. serde reads a struct from an array too (`[null, null]`
/// is a change of nothing to an all-optional body, `["SB00001"]` a scan), and every body this API
/// takes is an object, as the document states.
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: serde::de::DeserializeOwned + 'static> actix_web::FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = futures::future::LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        // Read and checked as JSON by actix (size, media type, syntax: `json_config`), then read
        // into `T` only when it is an object.
        let value = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let web::Json(value) = value.await?;
            if !value.is_object() {
                return Err(ApiError::new(ErrorCode::ValidationFailed, "the body must be a JSON object").into());
            }
            serde_json::from_value(value).map(Json).map_err(|error| {
                ApiError::new(ErrorCode::ValidationFailed, format!("the JSON does not fit this endpoint: {error}"))
                    .into()
            })
        })
    }
}
