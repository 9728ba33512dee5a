//! Rules shared by every identifier, and properties that must hold across all of them.

use proptest::prelude::*;

use super::*;

fn child(raw: &str) -> Result<ChildQr, IdentifierError> {
    ChildQr::parse(raw, &default_patterns())
}

#[test]
fn garbage_over_255_characters_is_too_long() {
    let raw = "x".repeat(300);
    let err = child(&raw).unwrap_err();
    assert_eq!(err, IdentifierError::TooLong { raw: excerpt(&raw), kind: IdentifierKind::ChildQr });
    assert!(err.to_string().contains(&format!("\"{}…\"", "x".repeat(40))), "{err}");
}

#[test]
fn length_limit_counts_raw_characters_including_invisible_ones() {
    let padded = format!("SB00042{}", "\u{200B}".repeat(MAX_RAW_CHARS - 7));
    assert!(ParentQr::parse(&padded, &default_patterns()).is_ok());
    let too_long = format!("{padded}\u{200B}");
    assert!(matches!(ParentQr::parse(&too_long, &default_patterns()), Err(IdentifierError::TooLong { .. })));
}

#[test]
fn upper_casing_cannot_push_an_id_past_the_limit() {
    let patterns = [ParentPattern::new("s", "S+").unwrap()];
    let err = ParentQr::parse(&"ß".repeat(200), &patterns).unwrap_err();
    assert!(matches!(err, IdentifierError::TooLong { .. }));
}

#[test]
fn markup_and_quotes_are_refused_naming_the_character() {
    let err = child("<script>").unwrap_err();
    assert_eq!(err.to_string(), r#""<script>" contains '<', which is not allowed in a child QR"#);
    for ch in FORBIDDEN_CHARACTERS {
        let raw = format!("SB000{ch}42");
        let err = ParentQr::parse(&raw, &default_patterns()).unwrap_err();
        assert_eq!(err, IdentifierError::ForbiddenCharacter { raw, ch, kind: IdentifierKind::ParentQr });
    }
}

#[test]
fn blank_or_invisible_scans_are_empty() {
    for raw in ["", "   ", "\u{200B}\u{FEFF}", "\u{00A0}\r\n"] {
        let err = BillId::parse(raw).unwrap_err();
        assert_eq!(err, IdentifierError::Empty { raw: raw.into(), kind: IdentifierKind::BillId });
        assert!(err.to_string().starts_with(&format!("{raw:?}")));
    }
}

#[test]
fn three_characters_are_too_short_for_a_child() {
    assert_eq!(child("abc").unwrap_err(), IdentifierError::InvalidChild { raw: "abc".into() });
}

// ---- properties ----

/// Arbitrary text biased towards what scanners send: identifier-like cores wrapped in
/// invisible characters and odd spaces, so accepted ids are generated often enough.
fn scans() -> impl Strategy<Value = String> {
    let core = prop_oneof![
        "(?i:sb[0-9]{4,6}|m44[3-5]-[0-9]{5})",
        "[a-zA-Z0-9]{2,22}",
        "[a-zA-Z0-9_/-]{2,52}",
        "(?i:label no)\\.?[: ]{0,3}[0-9]{1,22}[ a-z]{0,8}",
        "[ -~]{0,30}",
    ];
    let noise = "[ \t\r\n\u{A0}\u{200B}\u{FEFF}\u{202F}]{0,3}";
    prop_oneof![
        (noise, core, noise).prop_map(|(pre, core, post)| format!("{pre}{core}{post}")),
        any::<String>(),
        ".{250,260}",
    ]
}

fn parent_shaped() -> impl Strategy<Value = String> {
    let noise = "[ \u{A0}\u{200B}]{0,2}";
    (noise, "(?i:sb[0-9]{5}|m444-[0-9]{5})", noise).prop_map(|(pre, qr, post)| format!("{pre}{qr}{post}"))
}

/// Every parser on one input, as results that can be inspected uniformly.
fn parse_all(raw: &str) -> Vec<Result<String, IdentifierError>> {
    let patterns = default_patterns();
    vec![
        ParentQr::parse(raw, &patterns).map(|qr| qr.to_string()),
        ChildQr::parse(raw, &patterns).map(|qr| qr.to_string()),
        ScannedQr::parse(raw, &patterns).map(|qr| qr.to_string()),
        BillId::parse(raw).map(|id| id.to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_parser_panics(raw in prop_oneof![any::<String>(), scans()]) {
        parse_all(&raw);
    }

    #[test]
    fn accepted_ids_reparse_to_themselves(raw in scans()) {
        let patterns = default_patterns();
        if let Ok(qr) = ParentQr::parse(&raw, &patterns) {
            prop_assert_eq!(ParentQr::parse(qr.as_str(), &patterns), Ok(qr));
        }
        if let Ok(qr) = ChildQr::parse(&raw, &patterns) {
            prop_assert_eq!(ChildQr::parse(qr.as_str(), &patterns), Ok(qr));
        }
        if let Ok(qr) = ScannedQr::parse(&raw, &patterns) {
            prop_assert_eq!(ScannedQr::parse(qr.as_str(), &patterns), Ok(qr));
        }
        if let Ok(id) = BillId::parse(&raw) {
            prop_assert_eq!(BillId::parse(id.as_str()), Ok(id));
        }
    }

    #[test]
    fn every_error_quotes_the_scan(raw in scans()) {
        let quoted = excerpt(&raw);
        for err in parse_all(&raw).into_iter().filter_map(Result::err) {
            prop_assert_eq!(err.raw(), quoted.as_str());
            prop_assert!(err.to_string().contains(&format!("{quoted:?}")), "{}", err);
        }
    }

    #[test]
    fn printable_scans_appear_verbatim_in_errors(raw in "[a-zA-Z0-9 .:/_-]{0,40}") {
        for err in parse_all(&raw).into_iter().filter_map(Result::err) {
            prop_assert!(err.to_string().contains(&format!("\"{raw}\"")), "{}", err);
        }
    }

    #[test]
    fn parent_shaped_qrs_are_never_children(raw in parent_shaped()) {
        let patterns = default_patterns();
        prop_assert!(ParentQr::parse(&raw, &patterns).is_ok());
        let refused = matches!(
            ChildQr::parse(&raw, &patterns),
            Err(IdentifierError::IsParentNotChild { .. })
        );
        prop_assert!(refused);
        prop_assert!(matches!(ScannedQr::parse(&raw, &patterns), Ok(ScannedQr::Parent(_))));
    }

    #[test]
    fn accepted_children_match_no_parent_pattern(raw in scans()) {
        let patterns = default_patterns();
        if let Ok(qr) = ChildQr::parse(&raw, &patterns) {
            prop_assert!(patterns.iter().all(|p| !p.matches(qr.as_str())));
            prop_assert!(patterns.iter().all(|p| !p.matches(&normalise(&raw))));
        }
    }
}
