//! The optional second factor (SPEC §7): RFC 6238 codes as authenticator apps make them —
//! SHA-1, 6 digits, 30-second steps — accepted one step either side for clock drift.

use totp_rs::{Algorithm, Secret, TOTP};

const STEP_SECONDS: u64 = 30;
const DIGITS: usize = 6;
/// 160 bits, the length RFC 4226 recommends for HMAC-SHA1.
const SECRET_BYTES: usize = 20;
const ISSUER: &str = "TraceTrack";

pub fn new_secret() -> Vec<u8> {
    (0..SECRET_BYTES).map(|_| rand::random::<u8>()).collect()
}

/// The secret as authenticator apps take it when typed in (base32, no padding).
pub fn encoded(secret: &[u8]) -> String {
    match Secret::Raw(secret.to_vec()).to_encoded() {
        Secret::Encoded(text) => text,
        Secret::Raw(_) => String::new(),
    }
}

/// The `otpauth://` address an app reads from a QR code or a link.
pub fn otpauth_uri(username: &str, secret: &[u8]) -> String {
    // Usernames are letters, digits, `.`, `_` and `-`: nothing to escape.
    format!(
        "otpauth://totp/{ISSUER}:{username}?secret={}&issuer={ISSUER}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        encoded(secret)
    )
}

/// The bytes of a base32 secret as `encoded` writes it.
pub fn decoded(text: &str) -> Option<Vec<u8>> {
    Secret::Encoded(text.trim().to_owned()).to_bytes().ok()
}

fn generator(secret: &[u8]) -> Option<TOTP> {
    // Skew 0: each neighbouring step is checked on its own, so the caller learns which one
    // matched and can spend it.
    TOTP::new(Algorithm::SHA1, DIGITS, 0, STEP_SECONDS, secret.to_vec()).ok()
}

/// The time step a code belongs to if it is valid at `now` (Unix seconds), newest first.
/// Spaces are ignored, as apps show codes as `123 456`.
pub fn matching_step(secret: &[u8], code: &str, now: u64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = generator(secret)?;
    let current = now / STEP_SECONDS;
    [current + 1, current, current.saturating_sub(1)]
        .into_iter()
        .find(|step| totp.check(&code, step * STEP_SECONDS))
        .and_then(|step| i64::try_from(step).ok())
}

/// The code for `now`: what an authenticator app would show (used by tests and tools).
pub fn code_at(secret: &[u8], now: u64) -> String {
    generator(secret).map(|totp| totp.generate(now)).unwrap_or_default()
}

pub fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 secret "12345678901234567890", truncated to 6 digits.
    #[test]
    fn codes_match_the_rfc_vectors() {
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59), "287082");
        assert_eq!(code_at(secret, 1_111_111_109), "081804");
        assert_eq!(code_at(secret, 2_000_000_000), "279037");
    }

    #[test]
    fn a_code_is_valid_one_step_either_side_and_no_further() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&secret, now);
        assert_eq!(matching_step(&secret, &code, now), Some((now / 30) as i64));
        assert_eq!(matching_step(&secret, &code, now + 30), Some((now / 30) as i64));
        assert_eq!(matching_step(&secret, &code, now - 30), Some((now / 30) as i64));
        assert_eq!(matching_step(&secret, &code, now + 90), None);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(matching_step(&secret, &spaced, now).is_some());
        for bad in ["", "12345", "1234567", "abcdef"] {
            assert_eq!(matching_step(&secret, bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn secrets_are_fresh_and_encode_as_base32() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        let text = encoded(&a);
        assert_eq!(text.len(), 32);
        assert!(text.chars().all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c)));
        assert!(otpauth_uri("ravi", &a).starts_with("otpauth://totp/TraceTrack:ravi?secret="));
        assert_eq!(decoded(&text), Some(a));
    }
}
