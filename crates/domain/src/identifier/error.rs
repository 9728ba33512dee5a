//! Why an identifier was refused, in words an operator can act on.

use crate::refusal::Code;
use std::fmt;

use super::MAX_RAW_CHARS;

/// How much of a refused scan the message repeats: enough to recognise the label, short
/// enough that a scanner dumping a whole page does not flood the screen or the logs.
const EXCERPT_CHARS: usize = 40;

/// Which identifier was being read, so shared refusals (empty, too long, forbidden
/// character) name it and map to the right error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentifierKind {
    ParentQr,
    ChildQr,
    /// A QR that may be either a parent or a child (trace, lookup).
    Qr,
    BillId,
}

impl fmt::Display for IdentifierKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ParentQr => "parent QR",
            Self::ChildQr => "child QR",
            Self::Qr => "QR",
            Self::BillId => "bill id",
        })
    }
}

/// A refused identifier. `raw` is what was scanned (not normalised, cut to 40 characters
/// with `…`); messages print it in double quotes with invisible characters escaped, so an
/// operator sees exactly what the scanner sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentifierError {
    #[error("{raw:?} is not a {kind}: nothing is left once spaces and invisible characters are removed")]
    Empty { raw: String, kind: IdentifierKind },

    #[error("{raw:?} is too long for a {kind}: more than {max} characters", max = MAX_RAW_CHARS)]
    TooLong { raw: String, kind: IdentifierKind },

    #[error("{raw:?} contains {ch:?}, which is not allowed in a {kind}")]
    ForbiddenCharacter { raw: String, ch: char, kind: IdentifierKind },

    #[error("{raw:?} is not a valid parent QR: it matches no parent type's pattern")]
    InvalidParent { raw: String },

    #[error(
        "{raw:?} is not a valid child QR: expected 4–20 letters and digits, or a label with LABEL NO. and its digits"
    )]
    InvalidChild { raw: String },

    #[error("{raw:?} is not a valid bill id: expected 3–50 letters, digits, '-', '_' or '/'")]
    InvalidBillId { raw: String },

    #[error("{raw:?} is a parent bag QR ({qr}), not a child QR")]
    IsParentNotChild { raw: String, qr: String },

    #[error("{raw:?} is neither a parent nor a child QR")]
    InvalidQr { raw: String },
}

impl crate::refusal::Refusal for IdentifierError {
    /// The stable API error code (SPEC §9): QR problems and bill-id problems are reported
    /// differently because clients route them to different screens.
    fn code(&self) -> Code {
        match self {
            Self::Empty { kind, .. } | Self::TooLong { kind, .. } | Self::ForbiddenCharacter { kind, .. } => {
                kind_code(*kind)
            }
            Self::InvalidBillId { .. } => kind_code(IdentifierKind::BillId),
            // A parent's QR offered as a child is well-formed, just the wrong kind of bag.
            Self::IsParentNotChild { .. } => Code::WrongKind,
            Self::InvalidParent { .. } | Self::InvalidChild { .. } | Self::InvalidQr { .. } => {
                kind_code(IdentifierKind::Qr)
            }
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        Some(serde_json::json!({ "scanned": self.raw() }))
    }
}

impl IdentifierError {
    /// The (possibly shortened) scan this error quotes.
    pub fn raw(&self) -> &str {
        match self {
            Self::Empty { raw, .. }
            | Self::TooLong { raw, .. }
            | Self::ForbiddenCharacter { raw, .. }
            | Self::InvalidParent { raw }
            | Self::InvalidChild { raw }
            | Self::InvalidBillId { raw }
            | Self::IsParentNotChild { raw, .. }
            | Self::InvalidQr { raw } => raw,
        }
    }
}

fn kind_code(kind: IdentifierKind) -> Code {
    match kind {
        IdentifierKind::BillId => Code::ValidationFailed,
        IdentifierKind::ParentQr | IdentifierKind::ChildQr | IdentifierKind::Qr => Code::InvalidQr,
    }
}

/// The part of a raw scan that error messages quote.
pub(crate) fn excerpt(raw: &str) -> String {
    match raw.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &raw[..cut]),
        None => raw.to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // In tests a failed unwrap is a failed assertion.
mod tests {
    use super::*;

    #[test]
    fn message_quotes_the_scan_as_typed() {
        let err = IdentifierError::InvalidParent { raw: excerpt("sb-12345") };
        assert_eq!(err.to_string(), r#""sb-12345" is not a valid parent QR: it matches no parent type's pattern"#);
    }

    #[test]
    fn invisible_characters_are_shown_escaped_in_messages() {
        let err = IdentifierError::InvalidChild { raw: excerpt("ab\u{200B}c") };
        assert!(err.to_string().starts_with(r#""ab\u{200b}c""#), "{err}");
    }

    #[test]
    fn long_scans_are_cut_with_an_ellipsis() {
        let raw = "x".repeat(300);
        let quoted = excerpt(&raw);
        assert_eq!(quoted.chars().count(), EXCERPT_CHARS + 1);
        assert!(quoted.ends_with('…'));
    }

    #[test]
    fn short_scans_are_quoted_whole() {
        assert_eq!(excerpt("SB00042"), "SB00042");
        assert_eq!(excerpt(&"é".repeat(EXCERPT_CHARS)), "é".repeat(EXCERPT_CHARS));
    }

    #[test]
    fn codes_follow_the_kind_of_identifier() {
        use crate::refusal::Refusal;
        let bill = IdentifierError::TooLong { raw: "x".into(), kind: IdentifierKind::BillId };
        let qr = IdentifierError::TooLong { raw: "x".into(), kind: IdentifierKind::ChildQr };
        assert_eq!(bill.code(), Code::ValidationFailed);
        assert_eq!(qr.code(), Code::InvalidQr);
        assert_eq!(IdentifierError::InvalidBillId { raw: "ab".into() }.code(), Code::ValidationFailed);
        assert_eq!(IdentifierError::InvalidQr { raw: "ab".into() }.code(), Code::InvalidQr);
    }
}
