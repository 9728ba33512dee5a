//! Child bag QRs: a short code of letters and digits, or the number printed after
//! `LABEL NO.` in a long label payload (SPEC §1).

use std::fmt;

use super::parent::matching_pattern;
use super::{IdentifierError, IdentifierKind, ParentPattern, excerpt, screen};

const MIN_CHARS: usize = 4;
const MAX_CHARS: usize = 20;
/// Marker before the child number in label payloads. The dot is optional because
/// hand-typed labels and some printers drop it; `:` and spaces after it are skipped.
const LABEL_MARKER: &str = "LABEL NO";

/// A validated, normalised child QR: 4–20 ASCII letters/digits, never a parent QR.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChildQr(String);

impl ChildQr {
    /// Refuses a QR that matches a parent pattern with `IsParentNotChild`, so the operator
    /// learns they scanned the wrong bag rather than a malformed one.
    pub fn parse(raw: &str, patterns: &[ParentPattern]) -> Result<Self, IdentifierError> {
        let normalised = screen(raw, IdentifierKind::ChildQr)?;
        let candidate = child_candidate(&normalised);
        for qr in [normalised.as_str(), candidate] {
            if matching_pattern(qr, patterns).is_some() {
                return Err(IdentifierError::IsParentNotChild { raw: excerpt(raw), qr: qr.to_owned() });
            }
        }
        Self::from_candidate(candidate).ok_or_else(|| IdentifierError::InvalidChild { raw: excerpt(raw) })
    }

    /// Checks the child format only; the caller has already ruled out parent QRs.
    pub(crate) fn from_candidate(candidate: &str) -> Option<Self> {
        let well_formed =
            (MIN_CHARS..=MAX_CHARS).contains(&candidate.len()) && candidate.bytes().all(|b| b.is_ascii_alphanumeric());
        well_formed.then(|| Self(candidate.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a normalised scan offers as a child QR: the label number when the payload has
/// one, otherwise the whole scan.
pub(crate) fn child_candidate(normalised: &str) -> &str {
    label_number(normalised).unwrap_or(normalised)
}

/// The digits after the first `LABEL NO.` that is followed by any.
fn label_number(normalised: &str) -> Option<&str> {
    normalised.match_indices(LABEL_MARKER).find_map(|(at, marker)| leading_digits(&normalised[at + marker.len()..]))
}

fn leading_digits(after_marker: &str) -> Option<&str> {
    let rest = after_marker.strip_prefix('.').unwrap_or(after_marker);
    let rest = rest.trim_start_matches([':', ' ']);
    let len = rest.bytes().take_while(u8::is_ascii_digit).count();
    (len > 0).then(|| &rest[..len])
}

impl fmt::Display for ChildQr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for ChildQr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // In tests a failed unwrap is a failed assertion.
mod tests {
    use super::*;
    use crate::identifier::default_patterns;
    use crate::refusal::Refusal as _;

    fn parse(raw: &str) -> Result<ChildQr, IdentifierError> {
        ChildQr::parse(raw, &default_patterns())
    }

    #[test]
    fn short_codes_are_normalised() {
        assert_eq!(parse(" ab12\u{200B}cd\r\n").unwrap().as_str(), "AB12CD");
        assert_eq!(parse("0042").unwrap().as_str(), "0042");
        assert_eq!(parse(&"9".repeat(20)).unwrap().as_str(), "9".repeat(20));
    }

    #[test]
    fn label_payload_yields_the_label_number() {
        let raw = "Product: Mustard seed\nLot 77\nLABEL NO.: 123456789\nPacked 2026";
        assert_eq!(parse(raw).unwrap().as_str(), "123456789");
    }

    #[test]
    fn label_number_keeps_leading_zeros() {
        assert_eq!(parse("LABEL NO. 0042").unwrap().as_str(), "0042");
        assert_eq!(parse("label no.:0042").unwrap().as_str(), "0042");
        assert_eq!(parse("LABEL NO : 0042 batch 9").unwrap().as_str(), "0042");
    }

    #[test]
    fn label_marker_without_digits_is_not_a_child() {
        assert!(matches!(parse("LABEL NO.: pending"), Err(IdentifierError::InvalidChild { .. })));
        assert!(matches!(parse("LABEL NO. 12"), Err(IdentifierError::InvalidChild { .. })));
    }

    #[test]
    fn later_marker_with_digits_is_used() {
        assert_eq!(parse("LABEL NOTE LABEL NO. 5555").unwrap().as_str(), "5555");
    }

    #[test]
    fn parent_qr_is_refused_naming_what_it_is() {
        let err = parse("sb00042").unwrap_err();
        assert_eq!(err, IdentifierError::IsParentNotChild { raw: "sb00042".into(), qr: "SB00042".into() });
        assert_eq!(err.to_string(), r#""sb00042" is a parent bag QR (SB00042), not a child QR"#);
        assert!(matches!(parse("M444-00042"), Err(IdentifierError::IsParentNotChild { .. })));
    }

    #[test]
    fn label_number_shaped_like_a_parent_is_refused() {
        let patterns = [ParentPattern::new("sack", r"\d{9}").unwrap()];
        let err = ChildQr::parse("LABEL NO.: 123456789", &patterns).unwrap_err();
        assert!(matches!(err, IdentifierError::IsParentNotChild { qr, .. } if qr == "123456789"));
    }

    #[test]
    fn wrong_length_or_characters_are_refused() {
        for raw in ["abc", &"1".repeat(21), "AB-12", "AB 12", "ÄBCD", "ab_cd"] {
            let err = parse(raw).unwrap_err();
            assert_eq!(err, IdentifierError::InvalidChild { raw: raw.into() }, "{raw}");
            assert_eq!(err.code().as_str(), "invalid_qr");
        }
    }

    #[test]
    fn displays_as_the_normalised_qr() {
        assert_eq!(parse("abcd").unwrap().to_string(), "ABCD");
    }
}
