//! What machines may be given (issue 18): API keys with scopes and webhook subscriptions to
//! event types, and the rules their fields follow.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::webhook_reach::{Reach, is_loopback_name};

/// What an API key may do. A person's role decides for people; a key's scopes decide for keys
/// (a key never does what only admins may: users, keys, webhooks, configuration, audit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Lists, details, trace, history, dashboard figures and reports.
    Read,
    /// Parent and child scans, completing, undoing and unlinking.
    Scan,
    /// Bills and return tickets: create, change, load, complete, reopen.
    Bill,
    /// Exports (CSV/XLSX) and printed documents.
    Export,
    /// The EPCIS 2.0 event feed.
    Epcis,
}

impl Scope {
    pub const ALL: [Scope; 5] = [Scope::Read, Scope::Scan, Scope::Bill, Scope::Export, Scope::Epcis];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Scan => "scan",
            Scope::Bill => "bill",
            Scope::Export => "export",
            Scope::Epcis => "epcis",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scope| scope.as_str() == value)
    }
}

/// A key's scopes: at least one, each once, sorted. A key bound to an area may not have `bill`
/// or `export` (bills and exports are not confined to an area, so such a key would reach past
/// its area).
pub fn check_scopes(scopes: &[Scope], area_bound: bool) -> Result<Vec<Scope>, ValidationError> {
    if scopes.len() > Scope::ALL.len() {
        return Err(ValidationError::field("scopes", "name at most 5 scopes"));
    }
    let mut sorted = scopes.to_vec();
    sorted.sort();
    sorted.dedup();
    if sorted.is_empty() {
        return Err(ValidationError::field("scopes", "name at least one scope"));
    }
    if let Some(wide) = sorted.iter().find(|s| area_bound && matches!(s, Scope::Bill | Scope::Export)) {
        return Err(ValidationError::field(
            "scopes",
            format!("a key bound to an area cannot have the {} scope (it reaches every area)", wide.as_str()),
        ));
    }
    Ok(sorted)
}

/// A key's or subscription's name as an admin typed it: 1–80 characters, trimmed.
pub fn parse_name(field: &str, raw: &str) -> Result<String, ValidationError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(ValidationError::field(field, "must be 1–80 characters"));
    }
    crate::text::check(field, name, 80)?;
    Ok(name.to_owned())
}

/// The kinds of change a webhook can announce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
pub enum WebhookEvent {
    #[serde(rename = "parent.completed")]
    ParentCompleted,
    #[serde(rename = "bill.created")]
    BillCreated,
    #[serde(rename = "bill.completed")]
    BillCompleted,
    #[serde(rename = "bill.reopened")]
    BillReopened,
    #[serde(rename = "bill.deleted")]
    BillDeleted,
    #[serde(rename = "return.created")]
    ReturnCreated,
    #[serde(rename = "return.finalized")]
    ReturnFinalized,
    #[serde(rename = "return.cancelled")]
    ReturnCancelled,
    #[serde(rename = "bag.deleted")]
    BagDeleted,
    #[serde(rename = "import.finished")]
    ImportFinished,
}

impl WebhookEvent {
    pub const ALL: [WebhookEvent; 10] = [
        WebhookEvent::ParentCompleted,
        WebhookEvent::BillCreated,
        WebhookEvent::BillCompleted,
        WebhookEvent::BillReopened,
        WebhookEvent::BillDeleted,
        WebhookEvent::ReturnCreated,
        WebhookEvent::ReturnFinalized,
        WebhookEvent::ReturnCancelled,
        WebhookEvent::BagDeleted,
        WebhookEvent::ImportFinished,
    ];

    /// The name on the wire and in the database (`webhook_type()` in the migration).
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookEvent::ParentCompleted => "parent.completed",
            WebhookEvent::BillCreated => "bill.created",
            WebhookEvent::BillCompleted => "bill.completed",
            WebhookEvent::BillReopened => "bill.reopened",
            WebhookEvent::BillDeleted => "bill.deleted",
            WebhookEvent::ReturnCreated => "return.created",
            WebhookEvent::ReturnFinalized => "return.finalized",
            WebhookEvent::ReturnCancelled => "return.cancelled",
            WebhookEvent::BagDeleted => "bag.deleted",
            WebhookEvent::ImportFinished => "import.finished",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|event| event.as_str() == value)
    }
}

/// Subscribed event types: at least one, each once, sorted.
pub fn check_events(events: &[WebhookEvent]) -> Result<Vec<WebhookEvent>, ValidationError> {
    if events.len() > WebhookEvent::ALL.len() {
        return Err(ValidationError::field("events", "name at most 10 event types"));
    }
    let mut sorted = events.to_vec();
    sorted.sort();
    sorted.dedup();
    if sorted.is_empty() {
        return Err(ValidationError::field("events", "name at least one event type"));
    }
    Ok(sorted)
}

/// Waits between a webhook's attempts, in units of the retry unit (5 s in production): 5 s,
/// 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, 10 h — eleven attempts over 25.7 hours.
const RETRY_UNITS: [u32; 10] = [1, 6, 24, 120, 360, 720, 1440, 2880, 5760, 7200];

/// How long to wait after the `attempts`-th failed attempt; `None` once the schedule is spent.
pub fn retry_delay(attempts: u32, unit: std::time::Duration) -> Option<std::time::Duration> {
    let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
    RETRY_UNITS.get(index).map(|units| unit * *units)
}

/// Where deliveries may go. HTTPS to a public host; plain HTTP only to this machine (`localhost`,
/// 127.0.0.0/8, ::1) and only where the site reaches loopback (development). A literal address
/// must be one the site's `reach` admits; a name is checked again at every delivery, against
/// each address it resolves to then (`webhook_reach`).
pub fn check_webhook_url(raw: &str, reach: Reach) -> Result<url::Url, ValidationError> {
    let bad = |message: &str| ValidationError::field("url", message.to_owned());
    if raw.chars().count() > 2000 {
        return Err(bad("must be at most 2,000 characters"));
    }
    // The parser would quietly drop spaces and control characters around a URL; refuse them.
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("must not contain spaces or control characters"));
    }
    let url = url::Url::parse(raw).map_err(|_| bad("is not an absolute URL"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not carry a user name or password"));
    }
    if url.fragment().is_some() {
        return Err(bad("must not have a #fragment"));
    }
    let address = match url.host() {
        Some(url::Host::Domain(name)) if is_loopback_name(name) => Some(IpAddr::from([127, 0, 0, 1])),
        Some(url::Host::Domain(_)) => None,
        Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
        None => return Err(bad("must name a host")),
    };
    if let Some(refusal) = address.and_then(|ip| reach.refusal(ip)) {
        return Err(bad(&format!("must not point at {refusal}")));
    }
    let loopback = address.is_some_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(bad("must be an https:// URL")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_sorted_deduplicated_and_bill_needs_every_area() {
        assert_eq!(check_scopes(&[Scope::Scan, Scope::Read, Scope::Scan], false).unwrap(), [Scope::Read, Scope::Scan]);
        assert!(check_scopes(&[], false).is_err());
        assert!(check_scopes(&[Scope::Read; 6], false).is_err(), "more items than the document allows");
        assert!(check_events(&[WebhookEvent::BagDeleted; 11]).is_err());
        assert_eq!(check_events(&[WebhookEvent::BagDeleted; 10]).unwrap(), [WebhookEvent::BagDeleted]);
        assert!(check_scopes(&[Scope::Bill], true).is_err());
        assert!(check_scopes(&[Scope::Read, Scope::Export], true).is_err());
        assert!(check_scopes(&[Scope::Read, Scope::Scan, Scope::Epcis], true).is_ok());
        assert!(check_scopes(&[Scope::Bill], false).is_ok());
    }

    #[test]
    fn every_scope_and_event_round_trips_through_its_name() {
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()), Some(scope));
            assert_eq!(serde_json::to_value(scope).unwrap(), scope.as_str());
        }
        for event in WebhookEvent::ALL {
            assert_eq!(WebhookEvent::parse(event.as_str()), Some(event));
            assert_eq!(serde_json::to_value(event).unwrap(), event.as_str());
        }
    }

    #[test]
    fn webhook_urls_are_https_or_loopback_http_in_development() {
        let production = Reach::default();
        let development = Reach { loopback: true, private: false };
        let lan = Reach { loopback: false, private: true };
        assert!(check_webhook_url("https://erp.example.com/hooks/tracetrack", production).is_ok());
        assert!(check_webhook_url("http://127.0.0.1:9000/hook", development).is_ok());
        assert!(check_webhook_url("http://localhost/hook", development).is_ok());
        assert!(check_webhook_url("http://[::1]:8080/", development).is_ok());
        assert!(check_webhook_url("https://127.0.0.1:9000/hook", development).is_ok());
        for refused in [
            "http://127.0.0.1:9000/hook",
            "https://127.0.0.1:9000/hook",
            "https://localhost/hook",
            "https://a.localhost./hook",
            "https://[::1]/hook",
            "https://[::ffff:127.0.0.1]/hook",
            "https://169.254.169.254/latest/meta-data/",
            "https://10.0.0.7/hook",
            "https://0.0.0.0/hook",
            "https://[fe80::1]/hook",
        ] {
            assert!(check_webhook_url(refused, production).is_err(), "{refused}");
        }
        assert!(check_webhook_url("https://10.0.0.7/hook", lan).is_ok());
        assert!(check_webhook_url("http://10.0.0.7/hook", lan).is_err(), "plain HTTP only to this machine");
        assert!(check_webhook_url("https://169.254.169.254/", Reach { loopback: true, private: true }).is_err());
        assert!(check_webhook_url("http://erp.example.com/hook", development).is_err());
        assert!(check_webhook_url("ftp://erp.example.com/hook", development).is_err());
        assert!(check_webhook_url("https://user:pw@erp.example.com/", production).is_err());
        assert!(check_webhook_url("https://erp.example.com/#x", production).is_err());
        assert!(check_webhook_url("not a url", production).is_err());
        assert!(check_webhook_url(" https://erp.example.com/hook", production).is_err());
        assert!(check_webhook_url("https://erp.example.com/ho\u{0}ok", production).is_err());
        assert!(check_webhook_url(&format!("https://e.com/{}", "a".repeat(2000)), production).is_err());
    }

    #[test]
    fn retries_start_within_30_seconds_and_last_at_least_a_day() {
        let unit = std::time::Duration::from_secs(5);
        assert!(retry_delay(1, unit).unwrap() <= std::time::Duration::from_secs(30));
        let total: std::time::Duration = (1..).map_while(|n| retry_delay(n, unit)).sum();
        assert!(total >= std::time::Duration::from_secs(24 * 3600), "{total:?}");
        assert_eq!(retry_delay(0, unit), None);
        assert_eq!(retry_delay(11, unit), None);
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(parse_name("name", "  ERP sync ").unwrap(), "ERP sync");
        assert!(parse_name("name", "   ").is_err());
        assert!(parse_name("name", "a\u{0}b").is_err());
        assert!(parse_name("name", &"x".repeat(81)).is_err());
    }
}
