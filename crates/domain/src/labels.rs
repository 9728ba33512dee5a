//! Label runs: the parent QRs printed ahead of packing, counted up from a first code whose
//! trailing digits are the serial (`SB00001`, `SB00002`, …).

use crate::ValidationError;
use crate::identifier::{ParentPattern, ParentQr};

/// Most labels one request prints (a sheet run for a shift; larger runs are several requests).
pub const MAX_LABELS: usize = 1000;

/// `count` parent QRs from `first` on, each of the same parent type as `first`: the trailing
/// digits count up with their width kept. Refused when the serial would outgrow its digits or
/// leave the type's pattern.
pub fn parent_series(
    first: &ParentQr,
    count: usize,
    patterns: &[ParentPattern],
) -> Result<Vec<ParentQr>, ValidationError> {
    if !(1..=MAX_LABELS).contains(&count) {
        return Err(ValidationError::field("count", format!("must be 1 to {MAX_LABELS}")));
    }
    let code = first.as_str();
    let digits = code.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err(ValidationError::field("from", "must end in digits to count up from"));
    }
    let (prefix, serial) = code.split_at(code.len() - digits);
    let start: u64 = serial.parse().map_err(|_| ValidationError::field("from", "serial too long"))?;
    let limit = 10u64.checked_pow(digits as u32).unwrap_or(u64::MAX);
    if start.saturating_add(count as u64) > limit {
        let last = start.saturating_add(count as u64 - 1);
        return Err(ValidationError::field("count", format!("{prefix}{last} has more than {digits} digits")));
    }
    (start..start + count as u64)
        .map(|n| {
            let candidate = format!("{prefix}{n:0digits$}");
            ParentQr::parse(&candidate, patterns).ok().filter(|qr| qr.type_code() == first.type_code()).ok_or_else(
                || ValidationError::field("count", format!("{candidate} is not a {} parent", first.type_code())),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identifier::default_patterns;

    fn parent(code: &str) -> ParentQr {
        ParentQr::parse(code, &default_patterns()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn codes(series: &[ParentQr]) -> Vec<&str> {
        series.iter().map(ParentQr::as_str).collect()
    }

    #[test]
    fn a_series_counts_up_keeping_the_width() {
        let series = parent_series(&parent("sb00009"), 3, &default_patterns()).unwrap_or_default();
        assert_eq!(codes(&series), ["SB00009", "SB00010", "SB00011"]);
        let moong = parent_series(&parent("M444-00998"), 2, &default_patterns()).unwrap_or_default();
        assert_eq!(codes(&moong), ["M444-00998", "M444-00999"]);
    }

    #[test]
    fn a_series_never_outgrows_its_digits_or_its_size() {
        let patterns = default_patterns();
        assert_eq!(parent_series(&parent("SB99999"), 1, &patterns).map(|s| s.len()), Ok(1));
        let overflow = parent_series(&parent("SB99999"), 2, &patterns).unwrap_err();
        assert_eq!(overflow.0[0].field, "count");
        assert!(overflow.to_string().contains("SB100000"), "{overflow}");
        assert!(parent_series(&parent("SB00001"), 0, &patterns).is_err());
        assert!(parent_series(&parent("SB00001"), MAX_LABELS + 1, &patterns).is_err());
        assert_eq!(parent_series(&parent("SB00001"), MAX_LABELS, &patterns).map(|s| s.len()), Ok(MAX_LABELS));
    }

    #[test]
    fn a_series_stays_inside_its_parent_type() {
        // A type whose codes end in a letter has no serial to count.
        let patterns = vec![ParentPattern::new("odd", r"X\d{3}[A-Z]").unwrap_or_else(|e| panic!("{e}"))];
        let first = ParentQr::parse("X001A", &patterns).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parent_series(&first, 2, &patterns).unwrap_err().0[0].field, "from");
        // A type that allows only some serials: leaving it is refused, not printed.
        let narrow = vec![ParentPattern::new("narrow", r"N0[0-4]").unwrap_or_else(|e| panic!("{e}"))];
        let first = ParentQr::parse("N03", &narrow).unwrap_or_else(|e| panic!("{e}"));
        assert!(parent_series(&first, 2, &narrow).is_ok());
        assert!(parent_series(&first, 3, &narrow).is_err());
    }
}
