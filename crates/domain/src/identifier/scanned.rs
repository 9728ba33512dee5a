//! A QR scanned where it may be either kind of bag (trace, lookup).

use std::fmt;

use super::child::child_candidate;
use super::{ChildQr, IdentifierError, IdentifierKind, ParentPattern, ParentQr, excerpt, screen};

/// A QR classified by its format: a parent if it matches a parent pattern, else a child.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ScannedQr {
    Parent(ParentQr),
    Child(ChildQr),
}

impl ScannedQr {
    pub fn parse(raw: &str, patterns: &[ParentPattern]) -> Result<Self, IdentifierError> {
        let normalised = screen(raw, IdentifierKind::Qr)?;
        let candidate = child_candidate(&normalised);
        // Same precedence as `ChildQr::parse`: whatever it would refuse as "a parent" is
        // classified as that parent here.
        if let Some(parent) =
            ParentQr::from_normalised(&normalised, patterns).or_else(|| ParentQr::from_normalised(candidate, patterns))
        {
            return Ok(Self::Parent(parent));
        }
        ChildQr::from_candidate(candidate)
            .map(Self::Child)
            .ok_or_else(|| IdentifierError::InvalidQr { raw: excerpt(raw) })
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Parent(parent) => parent.as_str(),
            Self::Child(child) => child.as_str(),
        }
    }
}

impl fmt::Display for ScannedQr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ScannedQr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // In tests a failed unwrap is a failed assertion.
mod tests {
    use super::*;
    use crate::identifier::default_patterns;
    use crate::refusal::Refusal as _;

    fn parse(raw: &str) -> Result<ScannedQr, IdentifierError> {
        ScannedQr::parse(raw, &default_patterns())
    }

    #[test]
    fn parent_patterns_decide_parent() {
        let ScannedQr::Parent(parent) = parse("m444-00042").unwrap() else {
            panic!("expected a parent");
        };
        assert_eq!((parent.as_str(), parent.type_code()), ("M444-00042", "moong"));
    }

    #[test]
    fn anything_else_well_formed_is_a_child() {
        assert_eq!(parse("sb0004").unwrap(), ScannedQr::Child(ChildQr::from_candidate("SB0004").unwrap()));
        assert_eq!(parse("LABEL NO.: 0042").unwrap().as_str(), "0042");
    }

    #[test]
    fn neither_kind_is_refused_quoting_the_scan() {
        let err = parse("SB-12345").unwrap_err();
        assert_eq!(err.to_string(), r#""SB-12345" is neither a parent nor a child QR"#);
        assert_eq!(err.code().as_str(), "invalid_qr");
    }

    #[test]
    fn shared_rules_name_a_qr() {
        let err = parse("  ").unwrap_err();
        assert_eq!(err, IdentifierError::Empty { raw: "  ".into(), kind: IdentifierKind::Qr });
    }
}
