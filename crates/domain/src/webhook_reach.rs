//! Which addresses a webhook delivery may connect to. A subscription names a URL; the address
//! behind it is decided by DNS at delivery time, so the same rule is applied twice: to a literal
//! IP in the URL when the subscription is saved, and to every address a name resolves to when a
//! message is sent (so a name re-pointed at this machine or the cloud's metadata service after
//! it was saved reaches nothing).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What a site lets its webhooks reach beyond the public internet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reach {
    /// This machine (127.0.0.0/8, ::1, `localhost`): development only.
    pub loopback: bool,
    /// Private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7): a receiver on the
    /// site's own LAN, when the site allows it (`TRACETRACK_WEBHOOK_ALLOW_PRIVATE`).
    pub private: bool,
}

/// Where an address lies, as far as webhooks care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressKind {
    Public,
    Loopback,
    Private,
    /// Link-local (the cloud metadata service at 169.254.169.254), unspecified, multicast,
    /// broadcast, documentation, benchmarking and reserved ranges: never a receiver.
    Forbidden,
}

impl AddressKind {
    pub fn of(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(v4) => Self::of_v4(v4),
            IpAddr::V6(v6) => Self::of_v6(v6),
        }
    }

    fn of_v4(ip: Ipv4Addr) -> Self {
        let [a, b, c, _] = ip.octets();
        if ip.is_loopback() {
            Self::Loopback
        } else if ip.is_private() || (a == 100 && (64..128).contains(&b)) {
            Self::Private
        } else if a == 0
            || a >= 224
            || ip.is_link_local()
            || ip.is_documentation()
            || (a == 192 && b == 0 && c == 0)
            || (a == 198 && (b == 18 || b == 19))
        {
            Self::Forbidden
        } else {
            Self::Public
        }
    }

    fn of_v6(ip: Ipv6Addr) -> Self {
        let segments = ip.segments();
        if let Some(v4) = ip.to_ipv4_mapped() {
            return Self::of_v4(v4);
        }
        // NAT64 (64:ff9b::/96) reaches the IPv4 address it embeds.
        if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
            let [.., high, low] = segments;
            return Self::of_v4(Ipv4Addr::from((u32::from(high) << 16) | u32::from(low)));
        }
        if ip.is_loopback() {
            Self::Loopback
        } else if ip.is_unique_local() {
            Self::Private
        } else if segments[0] & 0xe000 != 0x2000
            // Documentation, Teredo and 6to4 (the last two tunnel to IPv4 addresses we cannot see).
            || (segments[0] == 0x2001 && (segments[1] == 0x0db8 || segments[1] == 0))
            || segments[0] == 0x2002
        {
            // Outside global unicast 2000::/3: link-local, multicast, unspecified, reserved.
            Self::Forbidden
        } else {
            Self::Public
        }
    }
}

impl Reach {
    pub fn admits(self, ip: IpAddr) -> bool {
        match AddressKind::of(ip) {
            AddressKind::Public => true,
            AddressKind::Loopback => self.loopback,
            AddressKind::Private => self.private,
            AddressKind::Forbidden => false,
        }
    }

    /// Why `ip` is refused, for the delivery log and the 422 answer.
    pub fn refusal(self, ip: IpAddr) -> Option<String> {
        if self.admits(ip) {
            return None;
        }
        Some(match AddressKind::of(ip) {
            AddressKind::Loopback => format!("{ip} is this machine (allowed only in development)"),
            AddressKind::Private => {
                format!("{ip} is on a private network (allowed only with TRACETRACK_WEBHOOK_ALLOW_PRIVATE)")
            }
            _ => format!("{ip} is not a public address"),
        })
    }
}

/// `localhost` and names under it always mean this machine.
pub fn is_loopback_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(ip: &str) -> AddressKind {
        AddressKind::of(ip.parse().unwrap())
    }

    #[test]
    fn public_addresses_are_told_from_this_machine_private_networks_and_the_rest() {
        for ip in ["8.8.8.8", "203.0.114.1", "2606:4700::1111", "100.128.0.1", "172.32.0.1"] {
            assert_eq!(kind(ip), AddressKind::Public, "{ip}");
        }
        for ip in ["127.0.0.1", "127.9.9.9", "::1", "::ffff:127.0.0.1"] {
            assert_eq!(kind(ip), AddressKind::Loopback, "{ip}");
        }
        for ip in
            ["10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.10", "100.64.0.1", "fd12::1", "64:ff9b::a01:203"]
        {
            assert_eq!(kind(ip), AddressKind::Private, "{ip}");
        }
        for ip in [
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "240.0.0.1",
            "192.0.2.1",
            "198.51.100.7",
            "198.18.0.1",
            "192.0.0.8",
            "::",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "2002:7f00:1::",
            "2001:0:4136:e378::1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
        ] {
            assert_eq!(kind(ip), AddressKind::Forbidden, "{ip}");
        }
    }

    #[test]
    fn a_site_admits_loopback_and_private_networks_only_when_it_says_so() {
        let production = Reach::default();
        let development = Reach { loopback: true, private: false };
        let lan = Reach { loopback: false, private: true };
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert!(production.admits(ip("8.8.8.8")) && production.refusal(ip("8.8.8.8")).is_none());
        assert!(!production.admits(ip("127.0.0.1")) && development.admits(ip("127.0.0.1")));
        assert!(
            !production.admits(ip("10.0.0.1")) && !development.admits(ip("10.0.0.1")) && lan.admits(ip("10.0.0.1"))
        );
        let everything = Reach { loopback: true, private: true };
        assert!(!everything.admits(ip("169.254.169.254")), "the metadata service, whatever the site says");
        assert!(production.refusal(ip("127.0.0.1")).unwrap().contains("development"));
        assert!(production.refusal(ip("10.0.0.1")).unwrap().contains("TRACETRACK_WEBHOOK_ALLOW_PRIVATE"));
    }

    #[test]
    fn localhost_names_are_this_machine() {
        assert!(is_loopback_name("localhost") && is_loopback_name("LOCALHOST.") && is_loopback_name("a.localhost"));
        assert!(!is_loopback_name("localhost.example.com") && !is_loopback_name("notlocalhost"));
    }
}
