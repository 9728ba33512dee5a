//! The one error contract (API.md): every failure leaves as `application/problem+json` with a
//! stable `code`, and [`ErrorCode::status`] is the only place that decides an HTTP status.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use serde_json::Value;
use storage::StorageError;

use crate::request_id;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    MalformedRequest,
    ValidationFailed,
    InvalidQr,
    WrongKind,
    SelfLink,
    ChildLinkedElsewhere,
    ParentFull,
    ParentCompleted,
    ParentOnOtherBill,
    BillAtCapacity,
    BillCompleted,
    BillNotFull,
    ReturnClosed,
    Duplicate,
    LastAdmin,
    NotFound,
    MethodNotAllowed,
    Unauthorized,
    Forbidden,
    OtherArea,
    AccountLocked,
    RateLimited,
    PayloadTooLarge,
    UnsupportedMediaType,
    IdempotencyConflict,
    Unavailable,
    Internal,
}

impl ErrorCode {
    pub fn status(self) -> StatusCode {
        use ErrorCode::*;
        match self {
            MalformedRequest => StatusCode::BAD_REQUEST,
            Unauthorized => StatusCode::UNAUTHORIZED,
            Forbidden | OtherArea => StatusCode::FORBIDDEN,
            NotFound => StatusCode::NOT_FOUND,
            MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            WrongKind | SelfLink | ChildLinkedElsewhere | ParentFull | ParentCompleted | ParentOnOtherBill
            | BillAtCapacity | BillCompleted | BillNotFull | ReturnClosed | Duplicate | LastAdmin
            | IdempotencyConflict => StatusCode::CONFLICT,
            PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ValidationFailed | InvalidQr => StatusCode::UNPROCESSABLE_ENTITY,
            AccountLocked => StatusCode::LOCKED,
            RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            MalformedRequest => "malformed_request",
            ValidationFailed => "validation_failed",
            InvalidQr => "invalid_qr",
            WrongKind => "wrong_kind",
            SelfLink => "self_link",
            ChildLinkedElsewhere => "child_linked_elsewhere",
            ParentFull => "parent_full",
            ParentCompleted => "parent_completed",
            ParentOnOtherBill => "parent_on_other_bill",
            BillAtCapacity => "bill_at_capacity",
            BillCompleted => "bill_completed",
            BillNotFull => "bill_not_full",
            ReturnClosed => "return_closed",
            Duplicate => "duplicate",
            LastAdmin => "last_admin",
            NotFound => "not_found",
            MethodNotAllowed => "method_not_allowed",
            Unauthorized => "unauthorized",
            Forbidden => "forbidden",
            OtherArea => "other_area",
            AccountLocked => "account_locked",
            RateLimited => "rate_limited",
            PayloadTooLarge => "payload_too_large",
            UnsupportedMediaType => "unsupported_media_type",
            IdempotencyConflict => "idempotency_conflict",
            Unavailable => "unavailable",
            Internal => "internal",
        }
    }

    /// The code named by a domain refusal (`ScanRefusal::code`, `IdentifierError::code`).
    pub fn from_name(name: &str) -> Self {
        use ErrorCode::*;
        [
            MalformedRequest,
            ValidationFailed,
            InvalidQr,
            WrongKind,
            SelfLink,
            ChildLinkedElsewhere,
            ParentFull,
            ParentCompleted,
            ParentOnOtherBill,
            BillAtCapacity,
            BillCompleted,
            BillNotFull,
            Duplicate,
            LastAdmin,
            NotFound,
            Forbidden,
            OtherArea,
            IdempotencyConflict,
        ]
        .into_iter()
        .find(|code| code.as_str() == name)
        .unwrap_or(ValidationFailed)
    }

    /// The code a bare status means, for responses that did not come from an `ApiError`.
    pub fn for_status(status: StatusCode) -> Self {
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

impl From<domain::identifier::IdentifierError> for ApiError {
    fn from(error: domain::identifier::IdentifierError) -> Self {
        ApiError::new(ErrorCode::from_name(error.code()), error.to_string())
            .with_details(serde_json::json!({ "scanned": error.raw() }))
    }
}

impl From<domain::scan::ScanRefusal> for ApiError {
    fn from(refusal: domain::scan::ScanRefusal) -> Self {
        use domain::scan::ScanRefusal;
        let details = match &refusal {
            ScanRefusal::LinkedElsewhere { parent, .. } => Some(serde_json::json!({ "parent_qr": parent })),
            ScanRefusal::ParentFull { count, max, .. } => {
                Some(serde_json::json!({ "child_count": count, "max_children": max }))
            }
            _ => None,
        };
        let error = ApiError::new(ErrorCode::from_name(refusal.code()), refusal.to_string());
        match details {
            Some(details) => error.with_details(details),
            None => error,
        }
    }
}

impl From<storage::scan::ScanError> for ApiError {
    fn from(error: storage::scan::ScanError) -> Self {
        match error {
            storage::scan::ScanError::Refused(refusal) => refusal.into(),
            storage::scan::ScanError::Return(refusal) => {
                use storage::return_ticket::ReturnRefusal;
                let code = match refusal {
                    ReturnRefusal::Closed { .. } => ErrorCode::ReturnClosed,
                    ReturnRefusal::AlreadyReturned { .. } => ErrorCode::Duplicate,
                    ReturnRefusal::Empty { .. } => ErrorCode::ValidationFailed,
                };
                ApiError::new(code, refusal.to_string())
            }
            storage::scan::ScanError::Bill(refusal) => {
                ApiError::new(ErrorCode::from_name(refusal.code()), refusal.to_string())
            }
            storage::scan::ScanError::NotFound(what) => ApiError::not_found(what),
            storage::scan::ScanError::Storage(error) => error.into(),
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
    fn the_wire_name_matches_serde() {
        for code in [ErrorCode::ChildLinkedElsewhere, ErrorCode::IdempotencyConflict, ErrorCode::LastAdmin] {
            assert_eq!(serde_json::to_value(code).unwrap(), Value::from(code.as_str()));
        }
    }

    #[test]
    fn constraint_names_become_field_names() {
        assert_eq!(field_of("users_username_key"), "username");
        assert_eq!(field_of("bags_qr_key"), "qr");
        assert_eq!(field_of("odd"), "value");
    }
}
