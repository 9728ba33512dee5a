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

/// An area's display name: 1–80 characters, trimmed, no control characters.
pub fn parse_area_name(raw: &str) -> Result<String, ValidationError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(ValidationError::field("name", "must be 1–80 characters"));
    }
    crate::text::check("name", name, 80)?;
    Ok(name.to_owned())
}

/// A dispatch area an admin adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewArea {
    pub code: AreaCode,
    pub name: String,
}

impl NewArea {
    pub fn parse(code: &str, name: &str) -> Result<Self, ValidationError> {
        match (AreaCode::parse("code", code), parse_area_name(name)) {
            (Ok(code), Ok(name)) => Ok(Self { code, name }),
            (code, name) => Err(ValidationError(code.err().into_iter().chain(name.err()).flat_map(|e| e.0).collect())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_area_names_each_bad_field() {
        let area = NewArea::parse(" Kota ", " Kota ").unwrap();
        assert_eq!((area.code.as_str(), area.name.as_str()), ("kota", "Kota"));
        let fields: Vec<_> = NewArea::parse("k", " ").unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["code", "name"]);
        assert!(parse_area_name(&"x".repeat(81)).is_err());
    }

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
