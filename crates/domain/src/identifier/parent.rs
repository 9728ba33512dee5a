//! Parent bag QRs: each parent type owns a pattern, and a QR is a parent of the first
//! type whose pattern it matches (SPEC §1, §2).

use std::fmt;

use regex::{Regex, RegexBuilder};

use super::{IdentifierError, IdentifierKind, excerpt, screen};

/// Default mustard parent QR: `SB` + 5 digits (`SB00042`).
pub const MUSTARD_PATTERN: &str = r"SB\d{5}";
/// Default moong parent QR: `M444-` + 5 digits (`M444-00042`).
pub const MOONG_PATTERN: &str = r"M444-\d{5}";
pub const MUSTARD_TYPE_CODE: &str = "mustard";
pub const MOONG_TYPE_CODE: &str = "moong";

/// A parent type's QR rule: a regex over the whole normalised QR.
#[derive(Debug, Clone)]
pub struct ParentPattern {
    pub type_code: String,
    source: String,
    regex: Regex,
}

impl ParentPattern {
    /// Compile an admin-supplied pattern. It always matches the whole QR, and
    /// case-insensitively: QRs are upper-cased before matching, so a pattern typed as
    /// `sb\d{5}` must still mean `SB00042`.
    pub fn new(type_code: &str, pattern: &str) -> Result<Self, regex::Error> {
        // Compiled alone first: a fragment such as `A)|(?:B` would otherwise slip out of
        // the anchoring group below and match anywhere.
        Regex::new(pattern)?;
        let regex = RegexBuilder::new(&format!(r"\A(?:{pattern})\z")).case_insensitive(true).build()?;
        Ok(Self { type_code: type_code.to_owned(), source: pattern.to_owned(), regex })
    }

    /// Whether a normalised QR is of this type. Parent QRs are ASCII: without that guard
    /// `\d` would also accept Arabic-Indic or full-width digits.
    pub fn matches(&self, normalised: &str) -> bool {
        normalised.is_ascii() && self.regex.is_match(normalised)
    }

    /// The pattern as the admin wrote it (without the anchoring added here).
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

/// The two parent types every installation starts with.
#[allow(clippy::expect_used)] // Compile-time constants, covered by tests: cannot fail.
pub fn default_patterns() -> Vec<ParentPattern> {
    [(MUSTARD_TYPE_CODE, MUSTARD_PATTERN), (MOONG_TYPE_CODE, MOONG_PATTERN)]
        .into_iter()
        .map(|(code, pattern)| ParentPattern::new(code, pattern).expect("default parent patterns are valid regexes"))
        .collect()
}

/// The first parent type whose pattern matches a normalised QR.
pub(crate) fn matching_pattern<'a>(normalised: &str, patterns: &'a [ParentPattern]) -> Option<&'a ParentPattern> {
    patterns.iter().find(|pattern| pattern.matches(normalised))
}

/// A validated, normalised parent QR and the parent type whose pattern it matched.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ParentQr {
    value: String,
    type_code: String,
}

impl ParentQr {
    pub fn parse(raw: &str, patterns: &[ParentPattern]) -> Result<Self, IdentifierError> {
        let normalised = screen(raw, IdentifierKind::ParentQr)?;
        Self::from_normalised(&normalised, patterns).ok_or_else(|| IdentifierError::InvalidParent { raw: excerpt(raw) })
    }

    pub(crate) fn from_normalised(normalised: &str, patterns: &[ParentPattern]) -> Option<Self> {
        let pattern = matching_pattern(normalised, patterns)?;
        Some(Self { value: normalised.to_owned(), type_code: pattern.type_code.clone() })
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }

    pub fn type_code(&self) -> &str {
        &self.type_code
    }
}

impl fmt::Display for ParentQr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl serde::Serialize for ParentQr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // In tests a failed unwrap is a failed assertion.
mod tests {
    use super::*;
    use crate::refusal::Refusal as _;

    fn parse(raw: &str) -> Result<ParentQr, IdentifierError> {
        ParentQr::parse(raw, &default_patterns())
    }

    #[test]
    fn mustard_qr_is_normalised_and_typed() {
        let qr = parse(" sb\u{200B}00042\u{00A0}").unwrap();
        assert_eq!(qr.as_str(), "SB00042");
        assert_eq!(qr.type_code(), "mustard");
    }

    #[test]
    fn moong_qr_is_accepted() {
        let qr = parse("M444-00042").unwrap();
        assert_eq!((qr.as_str(), qr.type_code()), ("M444-00042", "moong"));
    }

    #[test]
    fn near_misses_are_refused_quoting_the_scan() {
        for raw in ["SB-12345", "SB123456", "M445-00001", "SB1234", "XSB00042", "SB00042X"] {
            let err = parse(raw).unwrap_err();
            assert_eq!(err, IdentifierError::InvalidParent { raw: raw.into() });
            assert!(err.to_string().contains(&format!("\"{raw}\"")), "{err}");
            assert_eq!(err.code().as_str(), "invalid_qr");
        }
    }

    #[test]
    fn non_ascii_digits_do_not_count_as_digits() {
        assert!(parse("SB\u{0660}\u{0661}\u{0662}\u{0663}\u{0664}").is_err());
        assert!(parse("SB\u{FF10}0042").is_err());
    }

    #[test]
    fn patterns_always_match_the_whole_qr() {
        let pattern = ParentPattern::new("x", "AB|CD").unwrap();
        assert!(pattern.matches("CD"));
        assert!(!pattern.matches("ABX"));
        assert!(!pattern.matches("XCD"));
    }

    #[test]
    fn a_pattern_cannot_escape_its_anchors() {
        assert!(ParentPattern::new("x", r"A)|(?:B").is_err());
        assert!(ParentPattern::new("x", r"(").is_err());
    }

    #[test]
    fn lower_case_admin_patterns_still_match() {
        let pattern = ParentPattern::new("urad", r"ud\d{3}").unwrap();
        let qr = ParentQr::parse("ud123", &[pattern]).unwrap();
        assert_eq!((qr.as_str(), qr.type_code()), ("UD123", "urad"));
        assert_eq!(ParentPattern::new("urad", r"ud\d{3}").unwrap().as_str(), r"ud\d{3}");
    }

    #[test]
    fn first_matching_type_wins() {
        let patterns = [ParentPattern::new("a", r"P\d+").unwrap(), ParentPattern::new("b", r"P1\d*").unwrap()];
        assert_eq!(ParentQr::parse("P123", &patterns).unwrap().type_code(), "a");
    }

    #[test]
    fn no_configured_types_means_no_parent_is_valid() {
        assert!(matches!(ParentQr::parse("SB00042", &[]), Err(IdentifierError::InvalidParent { .. })));
    }

    #[test]
    fn displays_as_the_normalised_qr() {
        assert_eq!(parse("sb00042").unwrap().to_string(), "SB00042");
    }
}
