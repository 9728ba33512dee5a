use crate::ValidationError;

/// A dispatch area's code, e.g. `sri_ganganagar`: lower-case letters, digits and `_`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AreaCode(String);

impl AreaCode {
    pub fn parse(field: &str, raw: &str) -> Result<Self, ValidationError> {
        let value = raw.trim().to_lowercase();
        let valid = (2..=40).contains(&value.len())
            && value.starts_with(|c: char| c.is_ascii_lowercase())
            && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if valid {
            Ok(Self(value))
        } else {
            Err(ValidationError::field(
                field,
                format!("\"{raw}\" is not an area code (2–40 lower-case letters, digits or _)"),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_cases_and_trims() {
        assert_eq!(AreaCode::parse("area", " Lucknow ").map(AreaCode::into_inner), Ok("lucknow".into()));
    }

    #[test]
    fn refuses_spaces_and_symbols() {
        assert!(AreaCode::parse("area", "sri ganganagar").is_err());
        assert!(AreaCode::parse("area", "x").is_err());
        assert!(AreaCode::parse("area", "1abc").is_err());
    }
}
