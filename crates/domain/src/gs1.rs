//! GS1 keys for bags, when the site numbers its products under a GS1 company prefix
//! (`TRACETRACK_GS1_COMPANY_PREFIX`, `TRACETRACK_GS1_ITEM_REFERENCES`): each parent type is a
//! trade item with an item reference, its parents the case level (GTIN indicator digit 1), the
//! children packed into them the unit level (indicator 0), and each bag's own code its serial
//! (AI 21). Pure: the numbering, the GTIN-14 check digit and the serial's character set.

use std::collections::BTreeMap;

/// A GTIN-14 is this many digits, the check digit last.
pub const GTIN_DIGITS: usize = 14;
/// The longest serial (AI 21) GS1 allows.
pub const MAX_SERIAL_CHARS: usize = 20;

/// The two packaging levels a bag can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackagingLevel {
    /// A parent bag: indicator digit 1.
    Case,
    /// A child bag: indicator digit 0.
    Unit,
}

impl PackagingLevel {
    pub fn indicator(self) -> char {
        match self {
            Self::Case => '1',
            Self::Unit => '0',
        }
    }

    fn of_indicator(digit: char) -> Option<Self> {
        [Self::Case, Self::Unit].into_iter().find(|level| level.indicator() == digit)
    }
}

/// Why the GS1 settings were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberingError {
    #[error("the company prefix must be 6 to 12 digits, not {0:?}")]
    Prefix(String),
    #[error("{0:?} is not `parent_type=item_reference` (e.g. mustard=00012)")]
    Entry(String),
    #[error("{0:?} is not a parent type code (2–40 lower-case letters, digits or _, a letter first)")]
    ParentType(String),
    #[error("the item reference of {parent_type} must be {digits} digits (12 less the prefix's length), not {given:?}")]
    ItemReference { parent_type: String, digits: usize, given: String },
    #[error("{0} is given twice")]
    TwiceType(String),
    #[error("{first} and {second} have the same item reference; each product needs its own")]
    SharedReference { first: String, second: String },
}

/// The site's GS1 numbering: its company prefix, and the item reference of each parent type
/// that has one. Types are data (created at run time), so a type named here need not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbering {
    prefix: String,
    /// Parent type code → item reference (12 − prefix length digits).
    item_references: BTreeMap<String, String>,
}

impl Numbering {
    /// `prefix`: 6–12 digits; `item_references`: `type=digits` pairs separated by commas, e.g.
    /// `mustard=00012,moong=00013` (empty: no type is numbered yet).
    pub fn parse(prefix: &str, item_references: &str) -> Result<Self, NumberingError> {
        let prefix = prefix.trim();
        if !(6..=12).contains(&prefix.len()) || !is_digits(prefix) {
            return Err(NumberingError::Prefix(prefix.to_owned()));
        }
        let digits = 12 - prefix.len();
        let mut references = BTreeMap::new();
        for entry in item_references.split(',').map(str::trim).filter(|entry| !entry.is_empty()) {
            let (parent_type, reference) =
                entry.split_once('=').ok_or_else(|| NumberingError::Entry(entry.to_owned()))?;
            let (parent_type, reference) = (parent_type.trim(), reference.trim());
            if !is_type_code(parent_type) {
                return Err(NumberingError::ParentType(parent_type.to_owned()));
            }
            if reference.len() != digits || !is_digits(reference) {
                return Err(NumberingError::ItemReference {
                    parent_type: parent_type.to_owned(),
                    digits,
                    given: reference.to_owned(),
                });
            }
            if let Some((first, _)) = references.iter().find(|(_, taken)| *taken == reference) {
                let (first, second) = (String::clone(first), parent_type.to_owned());
                return Err(NumberingError::SharedReference { first, second });
            }
            if references.insert(parent_type.to_owned(), reference.to_owned()).is_some() {
                return Err(NumberingError::TwiceType(parent_type.to_owned()));
            }
        }
        Ok(Self { prefix: prefix.to_owned(), item_references: references })
    }

    pub fn company_prefix(&self) -> &str {
        &self.prefix
    }

    /// The GTIN-14 of a parent type at a level; `None` for a type without an item reference.
    pub fn gtin(&self, parent_type: &str, level: PackagingLevel) -> Option<String> {
        let reference = self.item_references.get(parent_type)?;
        let body = format!("{}{}{reference}", level.indicator(), self.prefix);
        let check = check_digit(&body)?;
        Some(format!("{body}{check}"))
    }

    /// The parent type and level one of our GTIN-14s stands for; `None` for a GTIN that is not
    /// ours (another prefix, an item reference no type has, an indicator other than 0 or 1) or
    /// whose check digit is wrong.
    pub fn read_gtin(&self, gtin: &str) -> Option<(&str, PackagingLevel)> {
        if gtin.len() != GTIN_DIGITS || !is_digits(gtin) {
            return None;
        }
        let (body, check) = gtin.split_at(GTIN_DIGITS - 1);
        if check_digit(body)? != check.chars().next()? {
            return None;
        }
        let level = PackagingLevel::of_indicator(body.chars().next()?)?;
        let reference = body[1..].strip_prefix(self.prefix.as_str())?;
        let (parent_type, _) = self.item_references.iter().find(|(_, r)| r.as_str() == reference)?;
        Some((parent_type, level))
    }
}

/// The GS1 check digit of a key given without it (a GTIN-14's first 13 digits, a GLN's first
/// 12, …): from the right, digits weighted 3, 1, 3, …; the digit that makes the sum a multiple
/// of ten. `None` unless `body` is digits.
pub fn check_digit(body: &str) -> Option<char> {
    if body.is_empty() || !is_digits(body) {
        return None;
    }
    let sum: u32 =
        body.bytes().rev().enumerate().map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 }).sum();
    char::from_digit((10 - sum % 10) % 10, 10)
}

/// Whether `serial` can be a serial number (AI 21): 1–20 characters of GS1's character set 82.
pub fn is_serial(serial: &str) -> bool {
    (1..=MAX_SERIAL_CHARS).contains(&serial.len()) && serial.bytes().all(is_cset82)
}

/// GS1 AI encodable character set 82: digits, letters and `!"%&'()*+,-./:;<=>?_`.
fn is_cset82(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!\"%&'()*+,-./:;<=>?_".contains(&byte)
}

fn is_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

fn is_type_code(code: &str) -> bool {
    (2..=40).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn numbering(prefix: &str, references: &str) -> Numbering {
        Numbering::parse(prefix, references).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn check_digits_of_gs1s_own_keys() {
        // GS1 Digital Link's example GTIN, GS1's EPCIS examples' SGTIN 0614141.107346 as a GTIN
        // (indicator 1, prefix 0614141, item reference 07346) and the GLN of their bizTransaction.
        for key in ["09506000134352", "10614141073464", "0614141073467", "00012345600012", "4006381333931"] {
            let (body, check) = key.split_at(key.len() - 1);
            assert_eq!(check_digit(body).map(String::from).as_deref(), Some(check), "{key}");
        }
        assert_eq!(check_digit(""), None);
        assert_eq!(check_digit("12a4"), None);
    }

    #[test]
    fn a_type_is_a_gtin_at_case_and_unit_level() {
        let gs1 = numbering("0614141", "mustard=07346, moong=07347");
        assert_eq!(gs1.gtin("mustard", PackagingLevel::Case).as_deref(), Some("10614141073464"));
        let unit = gs1.gtin("mustard", PackagingLevel::Unit).unwrap_or_default();
        assert_eq!(&unit[..13], "0061414107346");
        assert_eq!(check_digit(&unit[..13]), unit.chars().last());
        assert_eq!(gs1.gtin("wheat", PackagingLevel::Case), None, "a type without an item reference");
        assert_eq!(gs1.read_gtin("10614141073464"), Some(("mustard", PackagingLevel::Case)));
        assert_eq!(gs1.read_gtin(&unit), Some(("mustard", PackagingLevel::Unit)));
        let moong = gs1.gtin("moong", PackagingLevel::Case).unwrap_or_default();
        assert_eq!(gs1.read_gtin(&moong), Some(("moong", PackagingLevel::Case)));
    }

    #[test]
    fn gtins_not_ours_or_miswritten_read_as_nothing() {
        let gs1 = numbering("0614141", "mustard=07346");
        for gtin in [
            "10614141073465", // check digit wrong
            "09506000134352", // another company
            "20614141073461", // indicator 2 (check digit right)
            "10614141073488", // item reference of no type (check digit right)
            "1061414107346",  // 13 digits
            "1061414107346x",
        ] {
            assert_eq!(gs1.read_gtin(gtin), None, "{gtin}");
        }
    }

    #[test]
    fn settings_out_of_form_are_refused_by_what_is_wrong() {
        for prefix in ["12345", "1234567890123", "06141a1", ""] {
            assert!(matches!(Numbering::parse(prefix, ""), Err(NumberingError::Prefix(_))), "{prefix}");
        }
        let refused = |references: &str| Numbering::parse("0614141", references).err();
        assert!(matches!(refused("mustard"), Some(NumberingError::Entry(_))));
        assert!(matches!(refused("Mustard=07346"), Some(NumberingError::ParentType(_))));
        assert!(matches!(refused("mustard=0734"), Some(NumberingError::ItemReference { digits: 5, .. })));
        assert!(matches!(refused("mustard=073466"), Some(NumberingError::ItemReference { .. })));
        assert!(matches!(refused("mustard=0734x"), Some(NumberingError::ItemReference { .. })));
        assert!(matches!(refused("mustard=07346,mustard=07347"), Some(NumberingError::TwiceType(_))));
        assert!(matches!(refused("mustard=07346,moong=07346"), Some(NumberingError::SharedReference { .. })));
        let message = refused("mustard=1").map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("5 digits"), "{message}");
        // A twelve-digit prefix leaves no digits for an item reference: one product.
        assert!(numbering("123456789012", "mustard=").gtin("mustard", PackagingLevel::Case).is_some());
        assert!(numbering("950600", "").gtin("mustard", PackagingLevel::Case).is_none(), "nothing numbered yet");
    }

    #[test]
    fn serials_are_up_to_twenty_characters_of_cset_82() {
        for serial in ["SB00042", "M444-00001", "0042", "A/B.C_D", "12345678901234567890"] {
            assert!(is_serial(serial), "{serial}");
        }
        for serial in ["", "123456789012345678901", "SB 42", "SB#42", "ŚB42", "SB~42"] {
            assert!(!is_serial(serial), "{serial}");
        }
    }

    proptest! {
        #[test]
        fn every_gtin_we_issue_reads_back(prefix in "[0-9]{6,12}", seed in 0u64..1_000_000, case in any::<bool>()) {
            let reference = format!("{seed:012}")[prefix.len()..].to_owned();
            let gs1 = numbering(&prefix, &format!("mustard={reference}"));
            let level = if case { PackagingLevel::Case } else { PackagingLevel::Unit };
            let gtin = gs1.gtin("mustard", level).unwrap_or_default();
            prop_assert_eq!(gtin.len(), GTIN_DIGITS);
            prop_assert_eq!(gs1.read_gtin(&gtin), Some(("mustard", level)));
        }

        #[test]
        fn one_wrong_digit_is_always_caught(body in "[0-9]{13}", position in 0usize..13, shift in 1u8..10) {
            let gtin = format!("{body}{}", check_digit(&body).unwrap_or('0'));
            let mut bytes = gtin.into_bytes();
            bytes[position] = b'0' + (bytes[position] - b'0' + shift) % 10;
            let altered = String::from_utf8(bytes).unwrap_or_default();
            prop_assert_ne!(check_digit(&altered[..13]), altered.chars().last());
        }
    }
}
