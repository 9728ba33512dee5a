//! Would a parent type's pattern claim QRs that already belong to something else?
//!
//! Whether two regular expressions share a string is decidable for true regular languages, but
//! not cheaply for everything the `regex` crate accepts, and an admin needs an example anyway
//! ("SB12345 would match both …"). So this looks for one instead of proving there is none:
//! - strings generated at random (with a fixed seed, so the answer never flips between calls)
//!   from each pattern, tested against the other;
//! - for the child format, strings generated from it (letters and digits, digits only, letters
//!   only, 4–20 long, as label numbers are digits) tested against the new pattern: every parent
//!   pattern is a subset of "4–20 letters or digits" (`SB00042` is one), and a QR matching a pattern is
//!   a parent, so what matters is a pattern broad enough to claim ordinary child codes;
//! - the QRs of bags that exist (a sample the caller reads from the database).
//!
//! The limit, stated honestly: an overlap that random strings rarely hit (two patterns sharing
//! one exact code among millions) can be missed. The first QR that matches two types is then
//! still parsed as the first type in the list, and an existing bag keeps the type it has.

use std::fmt;

use rand_0_10::distr::Distribution;
use rand_pcg::Pcg64;
use rand_pcg::rand_core::SeedableRng;
use regex_syntax::hir::{self, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

use super::ParentPattern;

/// Strings drawn from each pattern: enough to hit any overlap that is not a needle in a haystack.
const SAMPLES: usize = 400;
/// How far past its minimum an open repetition (`*`, `+`, `{n,}`) is drawn.
const MAX_EXTRA_REPEAT: u32 = 12;
/// The child format (SPEC §1) as generators: any mix, label numbers (digits) and words.
const CHILD_SHAPES: [&str; 3] = ["[A-Z0-9]{4,20}", "[0-9]{4,20}", "[A-Z]{4,20}"];

/// A QR the checked pattern would match that already belongs elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap {
    pub example: String,
    pub with: OverlapWith,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverlapWith {
    /// Another parent type's pattern.
    ParentType { code: String, pattern: String },
    /// The child QR format.
    ChildFormat,
    /// An existing parent bag of another type.
    ExistingParent { parent_type: String },
    /// An existing child bag.
    ExistingChild,
}

/// What exists already, read by the caller: the other live types' patterns and a sample of the
/// bags' QRs.
pub struct Taken<'a> {
    pub patterns: &'a [ParentPattern],
    /// (QR, parent type) of existing parents.
    pub parents: &'a [(String, String)],
    pub children: &'a [String],
}

/// The first overlap found between `candidate` and what is `taken`, if any.
pub fn find_overlap(candidate: &ParentPattern, taken: &Taken<'_>) -> Option<Overlap> {
    let own = samples(candidate);
    for other in taken.patterns.iter().filter(|p| p.type_code != candidate.type_code) {
        let example = own
            .iter()
            .find(|s| other.matches(s))
            .cloned()
            .or_else(|| samples(other).into_iter().find(|s| candidate.matches(s)));
        if let Some(example) = example {
            let with = OverlapWith::ParentType { code: other.type_code.clone(), pattern: other.as_str().to_owned() };
            return Some(Overlap { example, with });
        }
    }
    if let Some((qr, parent_type)) =
        taken.parents.iter().find(|(qr, parent_type)| *parent_type != candidate.type_code && candidate.matches(qr))
    {
        return Some(Overlap {
            example: qr.clone(),
            with: OverlapWith::ExistingParent { parent_type: parent_type.clone() },
        });
    }
    if let Some(qr) = taken.children.iter().find(|qr| candidate.matches(qr)) {
        return Some(Overlap { example: qr.clone(), with: OverlapWith::ExistingChild });
    }
    CHILD_SHAPES
        .iter()
        .flat_map(|shape| generate(shape))
        .find(|s| candidate.matches(s))
        .map(|example| Overlap { example, with: OverlapWith::ChildFormat })
}

impl Overlap {
    /// Words for the admin, naming the pattern checked (`code (pattern)`).
    pub fn describe(&self, candidate: &ParentPattern) -> String {
        let mine = format!("{} ({})", candidate.type_code, candidate.as_str());
        match &self.with {
            OverlapWith::ParentType { code, pattern } => {
                format!("{} would match both {code} ({pattern}) and {mine}", self.example)
            }
            OverlapWith::ChildFormat => format!(
                "{} is a child QR (4–20 letters or digits) and would also match {mine}: the pattern would claim child bags",
                self.example
            ),
            OverlapWith::ExistingParent { parent_type } => {
                format!("{}, an existing {parent_type} parent, would also match {mine}", self.example)
            }
            OverlapWith::ExistingChild => {
                format!("{}, an existing child bag, would also match {mine}", self.example)
            }
        }
    }
}

impl fmt::Display for Overlap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.example)
    }
}

/// Normalised strings (upper case, as scanned QRs are) that `pattern` itself matches.
fn samples(pattern: &ParentPattern) -> Vec<String> {
    generate(pattern.as_str()).into_iter().filter(|s| pattern.matches(s)).collect()
}

/// Up to `SAMPLES` distinct strings from `pattern`, upper-cased; none when it cannot be drawn from.
fn generate(pattern: &str) -> Vec<String> {
    let Ok(parsed) = regex_syntax::ParserBuilder::new().case_insensitive(true).build().parse(pattern) else {
        return Vec::new();
    };
    let Ok(generator) = rand_regex::Regex::with_hir(printable_ascii(&parsed), MAX_EXTRA_REPEAT) else {
        return Vec::new();
    };
    // A fixed seed: the same pattern is always answered the same way.
    let mut rng = Pcg64::seed_from_u64(17);
    let mut drawn: Vec<String> =
        (0..SAMPLES).map(|_| generator.sample(&mut rng)).map(|s: String| s.to_uppercase()).collect();
    drawn.sort();
    drawn.dedup();
    drawn
}

/// The same expression over printable ASCII only (scanned QRs are ASCII, and `\d` would
/// otherwise mostly draw digits of other scripts), with anchors and word boundaries dropped
/// (the pattern is anchored anyway; a draw that no longer matches is filtered out after).
fn printable_ascii(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassUnicode::new([ClassUnicodeRange::new(' ', '~')]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassBytes::new([ClassBytesRange::new(b' ', b'~')]));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Look(_) => Hir::empty(),
        HirKind::Repetition(rep) => {
            Hir::repetition(hir::Repetition { sub: Box::new(printable_ascii(&rep.sub)), ..rep.clone() })
        }
        HirKind::Capture(capture) => printable_ascii(&capture.sub),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(printable_ascii).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(printable_ascii).collect()),
        HirKind::Empty | HirKind::Literal(_) => hir.clone(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // In tests a failed unwrap is a failed assertion.
mod tests {
    use super::*;
    use crate::identifier::default_patterns;

    fn pattern(code: &str, source: &str) -> ParentPattern {
        ParentPattern::new(code, source).unwrap()
    }

    fn check(candidate: &ParentPattern) -> Option<Overlap> {
        find_overlap(candidate, &Taken { patterns: &default_patterns(), parents: &[], children: &[] })
    }

    #[test]
    fn distinct_patterns_do_not_overlap() {
        for source in [r"WH\d{6}", r"TN\d{5}", r"BIG\d{3}", r"M445-\d{5}", r"SB\d{6}"] {
            assert_eq!(check(&pattern("wheat", source)), None, "{source}");
        }
    }

    #[test]
    fn a_pattern_sharing_codes_with_mustard_names_one() {
        let wheat = pattern("wheat", r"S[A-Z]\d+");
        let overlap = check(&wheat).unwrap();
        assert!(default_patterns()[0].matches(&overlap.example) && wheat.matches(&overlap.example), "{overlap:?}");
        assert_eq!(overlap.with, OverlapWith::ParentType { code: "mustard".into(), pattern: r"SB\d{5}".into() });
        assert!(
            overlap.describe(&wheat).contains(r"would match both mustard (SB\d{5}) and wheat"),
            "{}",
            overlap.describe(&wheat)
        );
    }

    #[test]
    fn a_narrow_pattern_inside_another_is_found_from_its_own_draws() {
        let overlap = check(&pattern("special", r"SB0000[1-3]")).unwrap();
        assert!(overlap.example.starts_with("SB0000"), "{overlap:?}");
    }

    #[test]
    fn lower_case_and_anchored_patterns_are_compared_as_scanned() {
        assert!(check(&pattern("lower", r"^sb\d{5}$")).is_some());
    }

    #[test]
    fn a_pattern_claiming_child_codes_is_refused() {
        for source in [r"[A-Z0-9]+", r"\d{8}", r".*", r"\w{4,}"] {
            let overlap = check(&pattern("greedy", source)).unwrap();
            assert_ne!(overlap.with, OverlapWith::ParentType { code: "moong".into(), pattern: String::new() });
            assert!(pattern("greedy", source).matches(&overlap.example), "{source}: {overlap:?}");
        }
        assert_eq!(check(&pattern("greedy", r"\d{8}")).unwrap().with, OverlapWith::ChildFormat);
    }

    #[test]
    fn existing_bags_are_examples_too() {
        let children = vec!["KID0001".to_owned()];
        let parents = vec![("XY00001".to_owned(), "legacy".to_owned())];
        let taken = Taken { patterns: &[], parents: &parents, children: &children };
        let kid = find_overlap(&pattern("kids", r"KID\d{4}"), &taken).unwrap();
        assert_eq!((kid.example.as_str(), kid.with), ("KID0001", OverlapWith::ExistingChild));
        let xy = find_overlap(&pattern("xy", r"XY\d{5}"), &taken).unwrap();
        assert_eq!(xy.with, OverlapWith::ExistingParent { parent_type: "legacy".into() });
    }

    #[test]
    fn the_answer_is_the_same_every_time() {
        let wheat = pattern("wheat", r"S[A-Z]\d+");
        assert_eq!(check(&wheat), check(&wheat));
    }
}
