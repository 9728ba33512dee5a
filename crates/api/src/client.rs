//! Who is on the other end of the connection, as far as the audit trail and rate limits care.

use std::net::IpAddr;

use actix_web::HttpRequest;
use storage::audit::AuditEntry;
use uuid::Uuid;

use crate::request_id;

pub fn ip(req: &HttpRequest, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for {
        let forwarded = req.connection_info().realip_remote_addr().and_then(|addr| addr.parse().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    req.peer_addr().map(|addr| addr.ip())
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

/// An audit entry stamped with the request's id and the client's anonymised address.
pub fn audit_entry(req: &HttpRequest, actor: Option<(Uuid, &str)>, action: &str) -> AuditEntry {
    AuditEntry {
        actor_id: actor.map(|(id, _)| id),
        actor_username: actor.map(|(_, name)| name.to_owned()),
        action: action.to_owned(),
        request_id: Some(request_id::current()),
        client_addr: req.peer_addr().map(|addr| anonymise(addr.ip())),
        ..AuditEntry::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymises_both_families() {
        assert_eq!(anonymise("203.0.113.77".parse().unwrap()), "203.0.113.0");
        assert_eq!(anonymise("2001:db8:85a3::8a2e:370:7334".parse().unwrap()), "2001:db8:85a3::");
    }
}
