//! The one error contract (API.md): every failure leaves as `application/problem+json` with a
//! stable `code`, and [`ErrorCode::status`] is the only place that decides an HTTP status.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use serde_json::Value;
use storage::StorageError;

use crate::request_id;

pub use domain::Code as ErrorCode;
use domain::Refusal;

/// The HTTP status of each code: the one table. Exhaustive, so a code added to the domain does
/// not build until it has a status here.
pub trait HttpStatus {
    fn status(self) -> StatusCode;
}

impl HttpStatus for ErrorCode {
    fn status(self) -> StatusCode {
        use ErrorCode::*;
        match self {
            MalformedRequest => StatusCode::BAD_REQUEST,
            Unauthorized | DownloadLinkInvalid => StatusCode::UNAUTHORIZED,
            Forbidden | OtherArea => StatusCode::FORBIDDEN,
            NotFound => StatusCode::NOT_FOUND,
            MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            WrongKind | SelfLink | ChildLinkedElsewhere | ParentFull | ParentCompleted | ParentOnOtherBill
            | BillAtCapacity | BillCompleted | BillNotFull | BillNotCompleted | CapacityBelowLoaded | ParentEmpty
            | UndoExpired | TotpNotSetUp | ReturnClosed | ReturnEmpty | ChildInParent | ParentNotEmpty
            | ParentOnBill | BatchRejected | Duplicate | LastAdmin | AreaConflict | AreaRetired | ParentTypeRetired
            | MaxChildrenBelowHeld | ParentTypeInUse | IdempotencyConflict | WebhookDisabled => StatusCode::CONFLICT,
            PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ValidationFailed | InvalidQr => StatusCode::UNPROCESSABLE_ENTITY,
            AccountLocked => StatusCode::LOCKED,
            RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// The code a bare status means, for responses that did not come from an `ApiError`.
pub fn code_for_status(status: StatusCode) -> ErrorCode {
    match status.as_u16() {
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        405 => ErrorCode::MethodNotAllowed,
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        429 => ErrorCode::RateLimited,
        503 => ErrorCode::Unavailable,
        400..=499 => ErrorCode::MalformedRequest,
        _ => ErrorCode::Internal,
    }
}

/// The body of every error response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({
    "type": "urn:tracetrack:problem:parent_full",
    "title": "Conflict",
    "status": 409,
    "code": "parent_full",
    "detail": "parent SB00017 is full (30/30)",
    "message": "parent SB00017 is full (30/30)",
    "instance": "urn:tracetrack:request:6f1c1f5e-3a5e-4c1b-9a43-8f0d1d2f6a10",
    "request_id": "6f1c1f5e-3a5e-4c1b-9a43-8f0d1d2f6a10"
}))]
pub struct Problem {
    /// `urn:tracetrack:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP status's reason phrase.
    pub title: String,
    pub status: u16,
    pub code: ErrorCode,
    /// What happened, for a person (RFC 9457).
    pub detail: String,
    /// The same as `detail`, kept for clients written before it.
    pub message: String,
    /// This occurrence: the request's id as a URN (RFC 9457).
    pub instance: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Value>,
    /// The `X-Request-Id` of the answer: quote it when reporting a problem.
    pub request_id: String,
}

/// An error on its way to the client: what to say, and (never said) what caused it.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub details: Option<Value>,
    pub retry_after_seconds: Option<u64>,
    /// Set only where the request's task-local id is out of reach.
    request_id: Option<String>,
    /// The transaction lost a deadlock or serialisation race; running it again may succeed.
    retryable: bool,
    cause: Option<anyhow::Error>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: None,
            retry_after_seconds: None,
            request_id: None,
            retryable: false,
            cause: None,
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn with_request_id(mut self, request_id: String) -> Self {
        self.request_id = Some(request_id);
        self
    }

    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after_seconds = Some(seconds.max(1));
        self
    }

    /// Something unexpected: logged with its cause, answered as a bare 500.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self { cause: Some(cause.into()), ..Self::new(ErrorCode::Internal, "an unexpected error occurred") }
    }

    pub fn unavailable(cause: impl Into<anyhow::Error>) -> Self {
        Self {
            cause: Some(cause.into()),
            ..Self::new(ErrorCode::Unavailable, "the service is briefly unavailable; try again")
        }
        .retry_after(2)
    }

    pub fn not_found(what: impl std::fmt::Display) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthorized, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::MalformedRequest, message)
    }

    /// What caused it, for the log (never sent).
    pub fn cause(&self) -> Option<&anyhow::Error> {
        self.cause.as_ref()
    }

    pub fn is_retryable(&self) -> bool {
        self.retryable
    }

    pub fn problem(&self) -> Problem {
        let status = self.code.status();
        let request_id = self.request_id.clone().unwrap_or_else(request_id::current);
        Problem {
            kind: format!("urn:tracetrack:problem:{}", self.code.as_str()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            code: self.code,
            detail: self.message.clone(),
            message: self.message.clone(),
            instance: format!("urn:tracetrack:request:{request_id}"),
            details: self.details.clone(),
            request_id,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        match (&self.cause, self.code.status().is_server_error()) {
            (Some(cause), true) => tracing::error!(code = self.code.as_str(), error = ?cause, "request failed"),
            (Some(cause), false) => tracing::info!(code = self.code.as_str(), error = %cause, "request refused"),
            (None, _) => tracing::debug!(code = self.code.as_str(), message = %self.message, "request refused"),
        }
        let mut response = HttpResponse::build(self.code.status());
        response.content_type("application/problem+json");
        if let Some(seconds) = self.retry_after_seconds {
            response.insert_header((header::RETRY_AFTER, HeaderValue::from(seconds)));
        }
        response.json(self.problem())
    }
}

impl From<StorageError> for ApiError {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::NotFound => ApiError::new(ErrorCode::NotFound, "not found"),
            StorageError::Duplicate(constraint) => ApiError::new(
                ErrorCode::Duplicate,
                format!("a record with this {} already exists", field_of(&constraint)),
            ),
            StorageError::Constraint(constraint) => {
                ApiError::new(ErrorCode::ValidationFailed, format!("the change breaks the rule {constraint}"))
            }
            StorageError::Unavailable(cause) => ApiError::unavailable(cause),
            StorageError::Retryable(cause) => ApiError { retryable: true, ..ApiError::unavailable(cause) },
            StorageError::BadValue(cause) => ApiError {
                cause: Some(cause.into()),
                ..ApiError::new(ErrorCode::ValidationFailed, "a value in the request is not acceptable")
            },
            StorageError::Refused(refusal) => ApiError::refused(refusal.as_ref()),
            StorageError::Internal(cause) => ApiError::internal(cause),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        StorageError::from(error).into()
    }
}

impl From<domain::ValidationError> for ApiError {
    fn from(error: domain::ValidationError) -> Self {
        ApiError::new(ErrorCode::ValidationFailed, error.to_string())
            .with_details(serde_json::json!({ "fields": error.0 }))
    }
}

impl ApiError {
    /// Any refusal of the domain: its code, its words, its details.
    pub fn refused(refusal: &dyn Refusal) -> Self {
        let error = ApiError::new(refusal.code(), refusal.to_string());
        match refusal.details() {
            Some(details) => error.with_details(details),
            None => error,
        }
    }
}

macro_rules! refusals {
    ($($refusal:ty),* $(,)?) => {
        $(impl From<$refusal> for ApiError {
            fn from(refusal: $refusal) -> Self {
                ApiError::refused(&refusal)
            }
        })*
    };
}

refusals!(
    domain::identifier::IdentifierError,
    domain::scan::ScanRefusal,
    domain::bill::BillRefusal,
    domain::returns::ReturnRefusal,
    domain::bag::DeleteRefusal,
    domain::UserRuleViolation,
    domain::config::ConfigRefusal,
);

impl From<storage::WriteError> for ApiError {
    fn from(error: storage::WriteError) -> Self {
        match error {
            storage::WriteError::Refused(refusal) => ApiError::refused(refusal.as_ref()),
            storage::WriteError::NotFound(what) => ApiError::not_found(what),
            storage::WriteError::Storage(error) => error.into(),
        }
    }
}

/// `users_username_key` → `username`: names the field a unique index protects.
fn field_of(constraint: &str) -> &str {
    constraint.strip_suffix("_key").and_then(|rest| rest.split_once('_').map(|(_, field)| field)).unwrap_or("value")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_conflict_is_409_and_every_bad_value_422() {
        assert_eq!(ErrorCode::ParentFull.status(), StatusCode::CONFLICT);
        assert_eq!(ErrorCode::InvalidQr.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(ErrorCode::AccountLocked.status(), StatusCode::LOCKED);
    }

    #[test]
    fn every_code_has_a_client_or_server_error_status() {
        for code in ErrorCode::ALL {
            let status = code.status();
            assert!(status.is_client_error() || status.is_server_error(), "{code:?} → {status}");
        }
    }

    #[test]
    fn constraint_names_become_field_names() {
        assert_eq!(field_of("users_username_key"), "username");
        assert_eq!(field_of("bags_qr_key"), "qr");
        assert_eq!(field_of("odd"), "value");
    }
}
