use crate::ValidationError;

/// A password that meets the policy of SPEC §7: at least 8 characters with an upper-case
/// letter, a lower-case letter, a digit and a symbol. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

const MIN_LENGTH: usize = 8;
// Argon2 accepts more, but a cap stops a 1 MB "password" from costing a hash.
const MAX_LENGTH: usize = 128;

impl Password {
    pub fn parse(field: &str, raw: &str) -> Result<Self, ValidationError> {
        let length = raw.chars().count();
        let missing: Vec<&str> = [
            (raw.chars().any(char::is_uppercase), "an upper-case letter"),
            (raw.chars().any(char::is_lowercase), "a lower-case letter"),
            (raw.chars().any(|c| c.is_ascii_digit()), "a digit"),
            (raw.chars().any(|c| !c.is_alphanumeric() && !c.is_whitespace()), "a symbol"),
        ]
        .into_iter()
        .filter_map(|(present, what)| (!present).then_some(what))
        .collect();
        if length < MIN_LENGTH {
            return Err(ValidationError::field(field, format!("must be at least {MIN_LENGTH} characters")));
        }
        if length > MAX_LENGTH {
            return Err(ValidationError::field(field, format!("must be at most {MAX_LENGTH} characters")));
        }
        if !missing.is_empty() {
            return Err(ValidationError::field(field, format!("must contain {}", missing.join(", "))));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_strong_password() {
        assert!(Password::parse("password", "Seed-Bag-2026").is_ok());
    }

    #[test]
    fn names_what_is_missing() {
        let err = Password::parse("password", "lowercase1!").unwrap_err();
        assert!(err.to_string().contains("an upper-case letter"), "{err}");
        let err = Password::parse("password", "NoDigits!!").unwrap_err();
        assert!(err.to_string().contains("a digit"), "{err}");
        let err = Password::parse("password", "NoSymbol12").unwrap_err();
        assert!(err.to_string().contains("a symbol"), "{err}");
    }

    #[test]
    fn refuses_short_and_huge() {
        assert!(Password::parse("password", "Ab1!").is_err());
        assert!(Password::parse("password", &format!("Ab1!{}", "x".repeat(200))).is_err());
    }

    #[test]
    fn debug_hides_the_secret() {
        let password = Password::parse("password", "Seed-Bag-2026").unwrap();
        assert!(!format!("{password:?}").contains("Seed"));
    }
}
