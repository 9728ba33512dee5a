//! Whole numbers in request bodies as JSON Schema means them: `integer` is any number without a
//! fraction, so `12.0` is 12 (Python's `json.dumps(12.0)` writes it so). serde's integers take
//! integer literals only; fields typed `integer` in the document deserialize through these
//! instead. A fraction or a value outside 32 bits is a type error (422 naming the field).

use serde::{Deserialize, Deserializer};
use serde_json::Number;

pub fn i32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
    let number = Number::deserialize(deserializer)?;
    whole(&number).ok_or_else(|| not_whole(&number))
}

/// For an optional field; use with `#[serde(default)]`.
pub fn option_i32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i32>, D::Error> {
    Option::<Number>::deserialize(deserializer)?
        .map(|number| whole(&number).ok_or_else(|| not_whole(&number)))
        .transpose()
}

fn whole(number: &Number) -> Option<i32> {
    if let Some(integer) = number.as_i64() {
        return i32::try_from(integer).ok();
    }
    let float = number.as_f64()?;
    let fits = float.fract() == 0.0 && float >= f64::from(i32::MIN) && float <= f64::from(i32::MAX);
    // In range and without a fraction, the cast is exact.
    #[allow(clippy::cast_possible_truncation)]
    fits.then_some(float as i32)
}

fn not_whole<E: serde::de::Error>(number: &Number) -> E {
    E::custom(format!("invalid value: {number}, expected a whole number of at most 32 bits"))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Body {
        #[serde(deserialize_with = "super::i32")]
        capacity: i32,
        #[serde(default, deserialize_with = "super::option_i32")]
        limit: Option<i32>,
    }

    fn parse(json: &str) -> Result<Body, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn integral_floats_are_whole_numbers() {
        let body = parse(r#"{"capacity": 12.0, "limit": 3}"#).unwrap();
        assert_eq!((body.capacity, body.limit), (12, Some(3)));
        assert_eq!(parse(r#"{"capacity": -0.0}"#).unwrap().capacity, 0);
        assert_eq!(parse(r#"{"capacity": 1e2}"#).unwrap().capacity, 100);
        assert_eq!(parse(r#"{"capacity": 5, "limit": null}"#).unwrap().limit, None);
        assert_eq!(parse(r#"{"capacity": 5}"#).unwrap().limit, None);
    }

    #[test]
    fn fractions_strings_and_overflow_are_type_errors() {
        for json in [
            r#"{"capacity": 12.5}"#,
            r#"{"capacity": "12"}"#,
            r#"{"capacity": 2147483648}"#,
            r#"{"capacity": 2147483648.0}"#,
            r#"{"capacity": 1, "limit": 0.5}"#,
        ] {
            let error = parse(json).unwrap_err();
            assert!(error.is_data(), "{json}: {error}");
        }
    }
}
