//! The one canonical form of a scanned or typed identifier (SPEC §1).
//!
//! Handheld scanners and phone keyboards add things nobody sees: a BOM, zero-width
//! joiners from copy-paste, non-breaking spaces from spreadsheets, a trailing CR or Tab.
//! Two scans of the same label must give the same string, so all of that goes first.

/// Normalise a scanned/typed identifier: drop control and invisible characters, turn every
/// kind of Unicode space (non-breaking ones included) into `' '`, trim, collapse inner runs of
/// spaces to one, upper-case.
///
/// Line breaks and tabs count as spaces rather than being dropped: a multi-line label
/// payload (`"Lot 77\nLABEL NO.: 42"`) keeps its words apart. Other control characters
/// (e.g. the GS1 group separator U+001D) are dropped.
pub fn normalise(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for ch in raw.chars() {
        if ch.is_whitespace() {
            pending_space = true;
        } else if ch.is_control() || is_invisible(ch) {
            // Dropped without a trace, so "SB\u{200B}00042" reads as "SB00042".
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(ch.to_uppercase());
        }
    }
    out
}

/// Characters that render as nothing (Unicode's Default_Ignorable_Code_Point set, minus
/// what `char::is_whitespace`/`is_control` already cover): soft hyphen, zero-width
/// space/joiners, bidi marks and isolates, word joiner, invisible operators, BOM, Hangul
/// fillers, variation selectors, tags.
fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // In tests a failed unwrap is a failed assertion.
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn lower_case_is_upper_cased() {
        assert_eq!(normalise("sb00042"), "SB00042");
    }

    #[test]
    fn zero_width_and_other_invisible_characters_are_removed() {
        assert_eq!(normalise("SB\u{200B}00042"), "SB00042");
        assert_eq!(normalise("\u{FEFF}SB\u{00AD}000\u{2060}42\u{200D}"), "SB00042");
        assert_eq!(normalise("\u{202E}SB00042\u{202C}\u{2066}"), "SB00042");
    }

    #[test]
    fn non_breaking_spaces_around_are_trimmed() {
        assert_eq!(normalise("\u{00A0}SB00042\u{202F}\u{2007}"), "SB00042");
    }

    #[test]
    fn inner_whitespace_runs_collapse_to_one_space() {
        assert_eq!(normalise("  bill \u{00A0}\t 7\u{3000}a  "), "BILL 7 A");
    }

    #[test]
    fn line_breaks_separate_words_and_other_controls_vanish() {
        assert_eq!(normalise("lot 77\r\nlabel"), "LOT 77 LABEL");
        assert_eq!(normalise("01\u{1D}123\u{0}4\u{7F}"), "011234");
        assert_eq!(normalise("SB00042\r\n"), "SB00042");
    }

    #[test]
    fn nothing_but_invisible_characters_is_empty() {
        assert_eq!(normalise(" \u{200B}\u{00A0}\u{FEFF}\t"), "");
    }

    /// Characters scanners and copy-paste actually produce, mixed with arbitrary ones so
    /// the interesting cases are not drowned out.
    fn messy_text() -> impl Strategy<Value = String> {
        let tricky = prop::sample::select(vec![
            ' ', '\t', '\n', '\r', '\u{0}', '\u{1D}', '\u{85}', '\u{A0}', '\u{AD}', '\u{2007}', '\u{200B}', '\u{200D}',
            '\u{202F}', '\u{2060}', '\u{FEFF}', '\u{3000}', 'ß', 'ﬀ', 'ǅ', 'ı', 'ſ', '\u{345}', 'a', 'S', '0',
        ]);
        prop::collection::vec(prop_oneof![any::<char>(), tricky], 0..40).prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #[test]
        fn normalising_twice_changes_nothing(raw in prop_oneof![any::<String>(), messy_text()]) {
            let once = normalise(&raw);
            prop_assert_eq!(normalise(&once), once);
        }

        #[test]
        fn result_has_no_edge_or_double_spaces(raw in messy_text()) {
            let out = normalise(&raw);
            prop_assert_eq!(out.trim(), out.as_str());
            prop_assert!(!out.contains("  "));
            prop_assert!(out.chars().all(|c| c == ' ' || !c.is_whitespace()));
        }
    }
}
