//! Identifier rules (SPEC §1): every scanned or typed QR and bill id is normalised, then
//! checked against the rules every identifier shares, then against its own format.
//! `parse` is the only way to build these types, so holding one means it is valid.

mod bill_id;
mod child;
mod error;
mod normalise;
pub mod overlap;
mod parent;
mod scanned;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

pub use bill_id::BillId;
pub use child::ChildQr;
pub use error::{IdentifierError, IdentifierKind};
pub use normalise::normalise;
pub use parent::{
    MOONG_PATTERN, MOONG_TYPE_CODE, MUSTARD_PATTERN, MUSTARD_TYPE_CODE, ParentPattern, ParentQr, default_patterns,
};
pub use scanned::ScannedQr;

use error::excerpt;

/// Longest raw scan accepted, counted in characters before normalisation: anything longer
/// is a scanner or paste gone wrong, not a label.
pub const MAX_RAW_CHARS: usize = 255;

/// Characters no identifier may contain: they only ever arrive through injection attempts
/// or broken scanner configuration, and refusing them keeps ids safe to echo anywhere.
pub const FORBIDDEN_CHARACTERS: [char; 6] = ['<', '>', '"', '\'', '%', ';'];

/// The rules every identifier shares; returns the normalised form.
fn screen(raw: &str, kind: IdentifierKind) -> Result<String, IdentifierError> {
    // `nth` stops early, so a megabyte of garbage is not walked to the end.
    if raw.chars().nth(MAX_RAW_CHARS).is_some() {
        return Err(IdentifierError::TooLong { raw: excerpt(raw), kind });
    }
    if let Some(ch) = raw.chars().find(|ch| FORBIDDEN_CHARACTERS.contains(ch)) {
        return Err(IdentifierError::ForbiddenCharacter { raw: excerpt(raw), ch, kind });
    }
    let normalised = normalise(raw);
    if normalised.is_empty() {
        return Err(IdentifierError::Empty { raw: excerpt(raw), kind });
    }
    // Upper-casing can lengthen text ('ß' → "SS"); checked again so a stored id always
    // re-parses to itself.
    if normalised.chars().nth(MAX_RAW_CHARS).is_some() {
        return Err(IdentifierError::TooLong { raw: excerpt(raw), kind });
    }
    Ok(normalised)
}

/// OpenAPI schema of an identifier as it appears in responses: its normalised string.
fn string_schema(description: &str, example: &str, max_length: usize) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .max_length(Some(max_length))
        .examples([example])
        .into()
}

impl utoipa::PartialSchema for ParentQr {
    fn schema() -> RefOr<Schema> {
        let description = "Parent bag QR, normalised (upper case, no invisible characters); \
            matches the QR pattern of one parent type";
        string_schema(description, "SB00042", MAX_RAW_CHARS)
    }
}
impl utoipa::ToSchema for ParentQr {}

impl utoipa::PartialSchema for ChildQr {
    fn schema() -> RefOr<Schema> {
        string_schema("Child bag QR, normalised: 4–20 upper-case letters and digits", "0042", 20)
    }
}
impl utoipa::ToSchema for ChildQr {}

impl utoipa::PartialSchema for BillId {
    fn schema() -> RefOr<Schema> {
        let description = "Bill id, normalised: 3–50 upper-case letters, digits, '-', '_', '/'";
        string_schema(description, "BILL-2026/001", 50)
    }
}
impl utoipa::ToSchema for BillId {}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // In tests a failed unwrap is a failed assertion.
mod tests;
