use serde::Serialize;

/// One field's problem, in words an operator can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The request field the problem is about, e.g. `password`.
    pub field: String,
    /// Why the value was refused.
    pub message: String,
}

/// A value broke a rule of the domain; answered as 422 `validation_failed`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
pub struct ValidationError(pub Vec<FieldError>);

impl ValidationError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self(vec![FieldError { field: field.to_owned(), message: message.into() }])
    }

    /// Collects the errors of several independent checks, so one answer names every bad field.
    pub fn collect(results: impl IntoIterator<Item = Result<(), ValidationError>>) -> Result<(), Self> {
        let errors: Vec<FieldError> = results.into_iter().filter_map(Result::err).flat_map(|e| e.0).collect();
        if errors.is_empty() { Ok(()) } else { Err(Self(errors)) }
    }
}
