use crate::ValidationError;

/// A parent type an admin wants to add (SPEC §2), validated field by field.
#[derive(Debug, Clone, PartialEq)]
pub struct NewParentType {
    pub code: String,
    pub name: String,
    pub qr_pattern: String,
    pub max_children: i32,
    pub expected_weight_kg: f64,
    pub child_weight_kg: f64,
}

/// The lightest weight a parent type may state: one gram (weights are stored to the gram).
pub const MIN_WEIGHT_KG: f64 = 0.001;
/// The heaviest: the last gram below a million kg, so that keeping it to the gram never rounds
/// it up to 1,000,000.
pub const MAX_WEIGHT_KG: f64 = 999_999.999;
const WEIGHT_RULE: &str = "must be at least 0.001 kg and at most 999,999.999 kg";

impl NewParentType {
    pub fn parse(
        code: &str,
        name: &str,
        qr_pattern: &str,
        max_children: i32,
        expected_weight_kg: f64,
        child_weight_kg: f64,
    ) -> Result<Self, ValidationError> {
        // Taken as sent, like the document's pattern says: a code is an identifier clients
        // compare, so "Wheat " is refused rather than quietly made "wheat".
        let code = code.to_owned();
        let name = name.trim().to_owned();
        ValidationError::collect([
            check(
                "code",
                (2..=40).contains(&code.len())
                    && code.starts_with(|c: char| c.is_ascii_lowercase())
                    && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "must be 2–40 lower-case letters, digits or _",
            ),
            check("name", !name.is_empty(), "must be 1–80 characters")
                .and_then(|()| crate::text::check("name", &name, 80)),
            check_pattern(qr_pattern),
            check("max_children", (1..=1000).contains(&max_children), "must be between 1 and 1000"),
            check_weight("expected_weight_kg", expected_weight_kg),
            check_weight("child_weight_kg", child_weight_kg),
        ])?;
        Ok(Self { code, name, qr_pattern: qr_pattern.to_owned(), max_children, expected_weight_kg, child_weight_kg })
    }
}

/// An admin's edit of a parent type: each field absent stays as it is. Whether the change fits the
/// parents already packed (a lower maximum, a new pattern) is decided against the database.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParentTypeChanges {
    pub name: Option<String>,
    pub qr_pattern: Option<String>,
    pub max_children: Option<i32>,
    pub expected_weight_kg: Option<f64>,
    pub child_weight_kg: Option<f64>,
    pub retired: Option<bool>,
}

impl ParentTypeChanges {
    /// Checks each given field by the same rules as a new type.
    pub fn parse(raw: ParentTypeChanges) -> Result<Self, ValidationError> {
        let name = raw.name.as_deref().map(str::trim).map(str::to_owned);
        ValidationError::collect([
            name.as_deref().map_or(Ok(()), |name| {
                check("name", !name.is_empty(), "must be 1–80 characters")
                    .and_then(|()| crate::text::check("name", name, 80))
            }),
            raw.qr_pattern.as_deref().map_or(Ok(()), check_pattern),
            raw.max_children
                .map_or(Ok(()), |max| check("max_children", (1..=1000).contains(&max), "must be between 1 and 1000")),
            raw.expected_weight_kg.map_or(Ok(()), |kg| check_weight("expected_weight_kg", kg)),
            raw.child_weight_kg.map_or(Ok(()), |kg| check_weight("child_weight_kg", kg)),
        ])?;
        Ok(Self { name, ..raw })
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

fn check_weight(field: &str, kg: f64) -> Result<(), ValidationError> {
    // Stored to the gram: less than half a gram would be kept as zero.
    check(field, (MIN_WEIGHT_KG..=MAX_WEIGHT_KG).contains(&kg), WEIGHT_RULE)
}

fn check(field: &str, ok: bool, message: &str) -> Result<(), ValidationError> {
    if ok { Ok(()) } else { Err(ValidationError::field(field, message)) }
}

fn check_pattern(pattern: &str) -> Result<(), ValidationError> {
    if !(1..=200).contains(&pattern.chars().count()) {
        return Err(ValidationError::field("qr_pattern", "must be 1–200 characters"));
    }
    // A scanned code never holds one (SPEC §1 drops them), and PostgreSQL refuses NUL in text.
    if pattern.chars().any(char::is_control) {
        return Err(ValidationError::field("qr_pattern", "must not hold control characters"));
    }
    regex::Regex::new(&format!("^(?:{pattern})$"))
        .map(|_| ())
        .map_err(|e| ValidationError::field("qr_pattern", format!("is not a valid regular expression: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_pattern_with_a_control_character() {
        let refused = NewParentType::parse("wheat", "Wheat", "WH\0\\d{6}", 20, 20.0, 1.0).unwrap_err();
        assert_eq!(refused.0[0].field, "qr_pattern");
        assert!(NewParentType::parse("wheat", "Wheat", &"é".repeat(200), 20, 20.0, 1.0).is_ok());
    }

    #[test]
    fn accepts_a_sound_type() {
        let parsed = NewParentType::parse("wheat", " Wheat ", r"WH\d{6}", 20, 20.0, 1.0).unwrap();
        assert_eq!((parsed.code.as_str(), parsed.name.as_str()), ("wheat", "Wheat"));
        let refused = NewParentType::parse(" Wheat ", "Wheat", r"WH\d{6}", 20, 20.0, 1.0).unwrap_err();
        assert_eq!(refused.0[0].field, "code");
    }

    #[test]
    fn changes_check_only_the_fields_given() {
        assert!(ParentTypeChanges::parse(ParentTypeChanges::default()).unwrap().is_empty());
        let renamed = ParentTypeChanges { name: Some(" Rai ".into()), ..Default::default() };
        assert_eq!(ParentTypeChanges::parse(renamed).unwrap().name.as_deref(), Some("Rai"));
        let bad = ParentTypeChanges {
            name: Some(" ".into()),
            qr_pattern: Some("(".into()),
            max_children: Some(0),
            expected_weight_kg: Some(0.0),
            child_weight_kg: Some(-1.0),
            retired: Some(true),
        };
        let fields: Vec<_> = ParentTypeChanges::parse(bad).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "qr_pattern", "max_children", "expected_weight_kg", "child_weight_kg"]);
    }

    #[test]
    fn names_every_bad_field() {
        let err = NewParentType::parse("", "", "(", 0, -1.0, f64::NAN).unwrap_err();
        let fields: Vec<_> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["code", "name", "qr_pattern", "max_children", "expected_weight_kg", "child_weight_kg"]);
    }
}
