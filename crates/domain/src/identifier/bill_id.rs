//! Bill of dispatch ids (SPEC §1, §4).

use std::fmt;

use super::{IdentifierError, IdentifierKind, excerpt, screen};

const MIN_CHARS: usize = 3;
const MAX_CHARS: usize = 50;

/// A validated, normalised bill id: 3–50 ASCII letters, digits, `-`, `_`, `/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BillId(String);

impl BillId {
    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        let normalised = screen(raw, IdentifierKind::BillId)?;
        let well_formed =
            (MIN_CHARS..=MAX_CHARS).contains(&normalised.len()) && normalised.bytes().all(is_bill_id_byte);
        if well_formed { Ok(Self(normalised)) } else { Err(IdentifierError::InvalidBillId { raw: excerpt(raw) }) }
    }

    /// A new bill's id, as a person types it: 3–50 letters, digits, `-`, `_`, `/` (any case),
    /// spaces around it dropped. Scans and look-ups clean up what a scanner adds ([`Self::parse`]);
    /// a new id with invisible or control characters in it is refused, so that what is stored is
    /// what was sent.
    pub fn parse_new(raw: &str) -> Result<Self, IdentifierError> {
        let id = raw.trim_matches([' ', '\t', '\r', '\n']);
        let clean = raw.chars().count() <= MAX_CHARS
            && (MIN_CHARS..=MAX_CHARS).contains(&id.len())
            && id.bytes().all(is_bill_id_byte);
        if clean { Self::parse(id) } else { Err(IdentifierError::InvalidBillId { raw: excerpt(raw) }) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_bill_id_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'/')
}

impl fmt::Display for BillId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for BillId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // In tests a failed unwrap is a failed assertion.
mod tests {
    use super::*;
    use crate::refusal::Refusal as _;

    #[test]
    fn a_new_id_is_taken_as_typed_but_for_the_spaces_around_it() {
        assert_eq!(BillId::parse_new("  inv-2026_01/a \n").unwrap().as_str(), "INV-2026_01/A");
        for raw in ["lucknow\u{0}", "BILL\u{200B}-1", "BILL 1", "\u{00A0}BILL-1", "ab"] {
            assert!(BillId::parse_new(raw).is_err(), "{raw:?}");
        }
    }

    #[test]
    fn typical_bill_ids_are_normalised() {
        assert_eq!(BillId::parse("BILL-2026/001").unwrap().as_str(), "BILL-2026/001");
        assert_eq!(BillId::parse(" bill_7\u{00A0}").unwrap().to_string(), "BILL_7");
        assert_eq!(BillId::parse(&"b".repeat(50)).unwrap().as_str(), "B".repeat(50));
    }

    #[test]
    fn wrong_length_or_characters_are_refused() {
        for raw in ["ab", &"b".repeat(51), "BILL 2026", "BILL.1", "BILL#1", "BÍLL-1"] {
            let err = BillId::parse(raw).unwrap_err();
            assert_eq!(err, IdentifierError::InvalidBillId { raw: excerpt(raw) }, "{raw}");
            assert_eq!(err.code().as_str(), "validation_failed");
        }
    }

    #[test]
    fn shared_rules_report_validation_failed() {
        let err = BillId::parse("BILL;1").unwrap_err();
        assert_eq!(
            err,
            IdentifierError::ForbiddenCharacter { raw: "BILL;1".into(), ch: ';', kind: IdentifierKind::BillId }
        );
        assert_eq!(err.code().as_str(), "validation_failed");
        assert_eq!(err.to_string(), r#""BILL;1" contains ';', which is not allowed in a bill id"#);
    }
}
