//! Who is on the other end of the connection, as far as the audit trail and rate limits care.

use std::net::{IpAddr, Ipv6Addr};

use actix_web::HttpRequest;
use ipnet::IpNet;
use storage::audit::AuditEntry;
use uuid::Uuid;

use crate::request_id;

/// The reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed
/// (`TRACETRACK_TRUSTED_PROXIES`). Empty: the peer of the connection is the client.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<IpNet>);

impl TrustedProxies {
    /// `10.0.0.0/8, 127.0.0.1, ::1` (a bare address is a single host).
    pub fn parse(raw: &str) -> Result<Self, String> {
        raw.split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| {
                part.parse::<IpNet>()
                    .or_else(|_| part.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{part:?} is not an address or CIDR range"))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }
}

/// The client's address. `X-Forwarded-For` is read only when the connection comes from a
/// trusted proxy, and from the right: each proxy appends the address it saw, so the first
/// address from the right that is not a trusted proxy is the client (anything to its left was
/// written by the client and proves nothing).
pub fn ip(req: &HttpRequest, proxies: &TrustedProxies) -> Option<IpAddr> {
    let peer = canonical(req.peer_addr()?.ip());
    if !proxies.trusts(peer) {
        return Some(peer);
    }
    let mut client = peer;
    let hops: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .collect();
    for hop in hops.iter().rev() {
        let Some(address) = parse_hop(hop) else { break };
        client = address;
        if !proxies.trusts(address) {
            break;
        }
    }
    Some(client)
}

/// Whether the client reached us over TLS: only a trusted proxy can say so.
pub fn is_https(req: &HttpRequest, proxies: &TrustedProxies) -> bool {
    let from_proxy = req.peer_addr().is_some_and(|peer| proxies.trusts(peer.ip()));
    from_proxy
        && req
            .headers()
            .get("x-forwarded-proto")
            .and_then(|value| value.to_str().ok())
            .is_some_and(|proto| proto.rsplit(',').next().is_some_and(|last| last.trim().eq_ignore_ascii_case("https")))
}

fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>().ok().or_else(|| hop.parse::<std::net::SocketAddr>().ok().map(|addr| addr.ip())).map(canonical)
}

/// IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is the IPv4 address it maps.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(address),
        v4 => v4,
    }
}

/// What limits count by: an IPv4 address, or an IPv6 client's /64 (one home or site gets a
/// whole /64 and could otherwise rotate through it).
pub fn network(address: IpAddr) -> IpAddr {
    match canonical(address) {
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            IpAddr::V6(Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

/// `network` as a key for shared counters.
pub fn network_key(address: IpAddr) -> String {
    network(address).to_string()
}

/// Keeps the network, drops the host: the last octet of IPv4, the last 80 bits of IPv6.
pub fn anonymise(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0")
        }
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            format!("{:x}:{:x}:{:x}::", segments[0], segments[1], segments[2])
        }
    }
}

fn client_of(req: &HttpRequest) -> Option<IpAddr> {
    match req.app_data::<actix_web::web::Data<crate::AppState>>() {
        Some(state) => ip(req, &state.proxies),
        None => req.peer_addr().map(|addr| addr.ip()),
    }
}

/// An audit entry stamped with the request's id and the client's anonymised address.
pub fn audit_entry(req: &HttpRequest, actor: Option<(Uuid, &str)>, action: &str) -> AuditEntry {
    AuditEntry {
        actor_id: actor.map(|(id, _)| id),
        actor_username: actor.map(|(_, name)| name.to_owned()),
        action: action.to_owned(),
        request_id: Some(request_id::current()),
        client_addr: client_of(req).map(anonymise),
        ..AuditEntry::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_count_by_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff:1:2:3".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(network(a), network(b));
        assert_ne!(network(a), network(other));
        assert_eq!(network("::ffff:10.1.2.3".parse().unwrap()), "10.1.2.3".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn trusted_proxies_parse_ranges_and_hosts() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 127.0.0.1 ,::1").unwrap();
        assert!(proxies.trusts("10.9.8.7".parse().unwrap()));
        assert!(proxies.trusts("127.0.0.1".parse().unwrap()));
        assert!(proxies.trusts("::ffff:127.0.0.1".parse().unwrap()));
        assert!(!proxies.trusts("192.168.1.1".parse().unwrap()));
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.local").is_err());
    }

    #[test]
    fn anonymises_both_families() {
        assert_eq!(anonymise("203.0.113.77".parse().unwrap()), "203.0.113.0");
        assert_eq!(anonymise("2001:db8:85a3::8a2e:370:7334".parse().unwrap()), "2001:db8:85a3::");
    }
}
