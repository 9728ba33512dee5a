//! How EPCIS names bags: by GS1 Digital Link, `https://id.gs1.org/01/<GTIN-14>/21/<code>`, when
//! the site numbers the bag's parent type (`domain::gs1`: a parent is the case level, a child
//! the unit level of the parent type it is packed into), else under the site's own domain
//! (`<base>/bag/<code>`). A bag that cannot be numbered — no prefix, a type without an item
//! reference, a code outside GS1's character set 82 or over 20 characters — keeps the site's
//! name. Both forms read back to the bag's code.

use domain::gs1::{self, Numbering, PackagingLevel};

use super::BaseUri;
use super::identifiers::{decode, encode};

/// GS1's resolver: the canonical host of Digital Link URIs.
pub const DIGITAL_LINK_HOST: &str = "https://id.gs1.org";

/// Everything EPCIS names: bills, returns, areas and events under `base`, bags by Digital Link
/// where `gs1` numbers them.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub base: BaseUri,
    pub gs1: Option<Numbering>,
}

impl Names {
    pub fn new(base: BaseUri, gs1: Option<Numbering>) -> Self {
        Self { base, gs1 }
    }

    /// A parent bag of `parent_type` (`None`: not known, e.g. deleted since).
    pub fn parent(&self, qr: &str, parent_type: Option<&str>) -> String {
        self.bag(qr, parent_type, PackagingLevel::Case)
    }

    /// A child bag, by the type of the parent it is packed into.
    pub fn child(&self, qr: &str, parent_type: Option<&str>) -> String {
        self.bag(qr, parent_type, PackagingLevel::Unit)
    }

    fn bag(&self, qr: &str, parent_type: Option<&str>, level: PackagingLevel) -> String {
        self.digital_link(qr, parent_type, level).unwrap_or_else(|| self.base.bag(qr))
    }

    fn digital_link(&self, qr: &str, parent_type: Option<&str>, level: PackagingLevel) -> Option<String> {
        let gtin = self.gs1.as_ref()?.gtin(parent_type?, level)?;
        gs1::is_serial(qr).then(|| format!("{DIGITAL_LINK_HOST}/01/{gtin}/21/{}", encode(qr)))
    }

    /// The bag a URI names in either form, normalised like a scan; `None` for any other URI.
    pub fn bag_of(&self, uri: &str) -> Option<String> {
        self.base.bag_of(uri).or_else(|| self.read_digital_link(uri).map(|bag| bag.qr))
    }

    /// The bag a Digital Link of ours names: a GTIN this site issues (its prefix, an item
    /// reference of one of its types, indicator 0 or 1, check digit right) and a serial.
    pub fn read_digital_link(&self, uri: &str) -> Option<LinkedBag> {
        let gs1 = self.gs1.as_ref()?;
        // Scheme and host are case-insensitive.
        let head = uri.get(..DIGITAL_LINK_HOST.len())?;
        if !head.eq_ignore_ascii_case(DIGITAL_LINK_HOST) {
            return None;
        }
        let (gtin, serial) = uri[DIGITAL_LINK_HOST.len()..].strip_prefix("/01/")?.split_once("/21/")?;
        let (parent_type, level) = gs1.read_gtin(gtin)?;
        // Only what `encode` writes: no further path, query or fragment.
        if !serial.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)) {
            return None;
        }
        let serial = decode(serial).filter(|serial| gs1::is_serial(serial))?;
        let qr = domain::identifier::normalise(&serial);
        (!qr.is_empty()).then(|| LinkedBag { qr, parent_type: parent_type.to_owned(), level })
    }
}

/// What a Digital Link of ours says about a bag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedBag {
    pub qr: String,
    /// The parent type its GTIN stands for.
    pub parent_type: String,
    pub level: PackagingLevel,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        let gs1 = Numbering::parse("0614141", "mustard=07346").ok();
        Names::new(BaseUri::parse("https://seeds.example.in").unwrap_or_default(), gs1)
    }

    #[test]
    fn numbered_bags_are_digital_links_at_their_level() {
        let names = names();
        assert_eq!(names.parent("SB00042", Some("mustard")), "https://id.gs1.org/01/10614141073464/21/SB00042");
        let child = names.child("0042", Some("mustard"));
        assert_eq!(child, "https://id.gs1.org/01/00614141073467/21/0042");
        assert_eq!(gs1::check_digit("0061414107346"), Some('7'));
        assert_eq!(names.parent("A/B", Some("mustard")), "https://id.gs1.org/01/10614141073464/21/A%2FB");
    }

    #[test]
    fn what_cannot_be_numbered_keeps_the_sites_name() {
        let names = names();
        assert_eq!(names.parent("M444-00001", Some("moong")), "https://seeds.example.in/bag/M444-00001");
        assert_eq!(names.child("0042", None), "https://seeds.example.in/bag/0042");
        let long = "X".repeat(21);
        assert_eq!(names.parent(&long, Some("mustard")), format!("https://seeds.example.in/bag/{long}"));
        assert_eq!(names.parent("SB 42", Some("mustard")), "https://seeds.example.in/bag/SB%2042");
        let unnumbered = Names { gs1: None, ..names };
        assert_eq!(unnumbered.parent("SB00042", Some("mustard")), "https://seeds.example.in/bag/SB00042");
    }

    #[test]
    fn both_forms_read_back_to_the_bag() {
        let names = names();
        for uri in [
            "https://id.gs1.org/01/10614141073464/21/SB00042",
            "HTTPS://ID.GS1.ORG/01/00614141073467/21/sb00042",
            "https://seeds.example.in/bag/SB00042",
        ] {
            assert_eq!(names.bag_of(uri).as_deref(), Some("SB00042"), "{uri}");
        }
        let child = names.read_digital_link("https://id.gs1.org/01/00614141073467/21/0042");
        let expected =
            LinkedBag { qr: "0042".to_owned(), parent_type: "mustard".to_owned(), level: PackagingLevel::Unit };
        assert_eq!(child, Some(expected));
        assert_eq!(names.bag_of("https://id.gs1.org/01/10614141073464/21/A%2FB").as_deref(), Some("A/B"));
    }

    #[test]
    fn other_links_name_nothing_of_ours() {
        let names = names();
        for uri in [
            "https://id.gs1.org/01/10614141073465/21/SB00042", // check digit wrong
            "https://id.gs1.org/01/09506000134352/21/SB00042", // another company's GTIN
            "https://id.gs1.org/01/10614141073464/21/",
            "https://id.gs1.org/01/10614141073464/21/SB00042/10/LOT1",
            "https://id.gs1.org/01/10614141073464/21/SB00042?linkType=all",
            "https://id.gs1.org/01/10614141073464/21/123456789012345678901",
            "https://id.gs1.org/01/10614141073464/21/SB%2300042",
            "https://id.gs1.org/01/10614141073464",
            "https://example.com/01/10614141073464/21/SB00042",
            "urn:epc:id:sgtin:0614141.107346.SB00042",
        ] {
            assert_eq!(names.bag_of(uri), None, "{uri}");
        }
        let unnumbered = Names { gs1: None, ..names };
        assert_eq!(unnumbered.bag_of("https://id.gs1.org/01/10614141073464/21/SB00042"), None);
    }
}
