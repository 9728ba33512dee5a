//! The URIs EPCIS names things by: bags, bills, return tickets and areas under the site's own
//! domain (`TRACETRACK_EPCIS_BASE_URI`), e.g. `https://seeds.example.in/bag/SB00042`, and a
//! stable `urn:uuid:` per event.
//!
//! A bag is named here unless the site numbers its parent type under a GS1 company prefix; then
//! GS1 Digital Link names it (`names.rs`): a GTIN with the bag's code as serial (AI 21), the key
//! an SGTIN names too. An SSCC would need a numeric serial, and our codes are free alphanumeric
//! labels (`SB00042`, `M444-00001`, `0042`).

use sha2::{Digest, Sha256};

/// Where the site's identifiers live: `https://` (or `http://`) and a host, perhaps a path; no
/// query, fragment or trailing `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUri(String);

/// The default names nothing real (`.invalid` is reserved): a site sets its own domain.
const DEFAULT: &str = "https://tracetrack.invalid";
const MAX_CHARS: usize = 200;

impl Default for BaseUri {
    fn default() -> Self {
        Self(DEFAULT.to_owned())
    }
}

impl BaseUri {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let uri = raw.trim().trim_end_matches('/');
        let rest = uri
            .strip_prefix("https://")
            .or_else(|| uri.strip_prefix("http://"))
            .ok_or("must start with https:// (or http://)")?;
        if rest.split('/').next().is_none_or(str::is_empty) {
            return Err("names no host".to_owned());
        }
        if uri.chars().count() > MAX_CHARS {
            return Err(format!("is longer than {MAX_CHARS} characters"));
        }
        // Characters that stand for themselves in a URI path; `?`, `#` and `%` would change what
        // the names appended to it mean.
        if !rest.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~:/@!$&'()*+,=".contains(&b)) {
            return Err("may hold only ASCII letters, digits and - . _ ~ : / @ ! $ & ' ( ) * + , =".to_owned());
        }
        Ok(Self(uri.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn bag(&self, qr: &str) -> String {
        self.name("bag", qr)
    }

    pub fn bill(&self, code: &str) -> String {
        self.name("bill", code)
    }

    pub fn return_ticket(&self, code: &str) -> String {
        self.name("return", code)
    }

    pub fn area(&self, code: &str) -> String {
        self.name("area", code)
    }

    /// The same id for the same event on every read: a name-based (version 8, SHA-256) UUID of
    /// the event's row id under this site.
    pub fn event_id(&self, id: i64) -> String {
        let digest = Sha256::digest(format!("{}/event/{id}", self.0).as_bytes());
        let mut bytes = [0_u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        format!("urn:uuid:{}", uuid::Builder::from_custom_bytes(bytes).into_uuid())
    }

    /// The bag a URI of this site names, normalised like a scan; `None` for any other URI.
    pub fn bag_of(&self, uri: &str) -> Option<String> {
        self.code_of("bag", uri).map(|qr| domain::identifier::normalise(&qr)).filter(|qr| !qr.is_empty())
    }

    /// The area a URI of this site names; `None` for any other URI.
    pub fn area_of(&self, uri: &str) -> Option<String> {
        self.code_of("area", uri).map(|code| code.to_lowercase())
    }

    fn name(&self, what: &str, code: &str) -> String {
        format!("{}/{what}/{}", self.0, encode(code))
    }

    fn code_of(&self, what: &str, uri: &str) -> Option<String> {
        // Scheme and host are case-insensitive.
        let head = uri.get(..self.0.len())?;
        if !head.eq_ignore_ascii_case(&self.0) {
            return None;
        }
        let code = uri[self.0.len()..].strip_prefix('/')?.strip_prefix(what)?.strip_prefix('/')?;
        if code.is_empty() || code.contains('/') {
            return None;
        }
        decode(code)
    }
}

/// Percent-encodes all but RFC 3986's unreserved characters: a bill id may hold `/`.
pub(super) fn encode(code: &str) -> String {
    let mut encoded = String::with_capacity(code.len());
    for byte in code.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

pub(super) fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> BaseUri {
        BaseUri::parse("https://Seeds.example.in/").unwrap_or_default()
    }

    #[test]
    fn names_are_under_the_site_and_read_back() {
        let site = site();
        assert_eq!(site.as_str(), "https://Seeds.example.in");
        assert_eq!(site.bag("SB00042"), "https://Seeds.example.in/bag/SB00042");
        assert_eq!(site.bill("B/2026 1"), "https://Seeds.example.in/bill/B%2F2026%201");
        assert_eq!(site.bag_of("https://seeds.example.in/bag/sb00042").as_deref(), Some("SB00042"));
        assert_eq!(site.bag_of(&site.bag("M444-00001")).as_deref(), Some("M444-00001"));
        assert_eq!(site.area_of(&site.area("sri_ganganagar")).as_deref(), Some("sri_ganganagar"));
        assert_eq!(site.bag_of("https://other.example/bag/SB00042"), None);
        assert_eq!(site.bag_of("https://seeds.example.in/area/lucknow"), None);
        assert_eq!(site.bag_of("https://seeds.example.in/bag/"), None);
        assert_eq!(site.bag_of("https://seeds.example.in/bag/%ZZ"), None);
        assert_eq!(site.bag_of("urn:epc:id:sscc:0614141.1234567890"), None);
    }

    #[test]
    fn event_ids_are_stable_uuids_of_the_site_and_row() {
        let site = site();
        assert_eq!(site.event_id(7), site.event_id(7));
        assert_ne!(site.event_id(7), site.event_id(8));
        assert_ne!(site.event_id(7), BaseUri::default().event_id(7));
        let id = site.event_id(7);
        let uuid = uuid::Uuid::parse_str(id.strip_prefix("urn:uuid:").unwrap_or_default()).unwrap_or_default();
        assert_eq!(uuid.get_version_num(), 8);
    }

    #[test]
    fn a_base_is_an_http_uri_without_query_or_fragment() {
        assert_eq!(BaseUri::default().as_str(), "https://tracetrack.invalid");
        assert!(BaseUri::parse("http://localhost:8080/trace").is_ok());
        for bad in
            ["seeds.example.in", "ftp://seeds.example.in", "https://", "https:///bag", "https://a b", "https://x?y"]
        {
            assert!(BaseUri::parse(bad).is_err(), "{bad}");
        }
        assert!(BaseUri::parse(&format!("https://{}", "a".repeat(200))).is_err());
    }
}
