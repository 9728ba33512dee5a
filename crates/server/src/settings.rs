//! Typed settings, read once from the environment (names in API.md and the README) and passed
//! in explicitly. Secrets are wrapped so they never reach a log line.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use api::client::TrustedProxies;
use api::import_file::ImportLimits;
use api::rate_limit::{Limits, Rate};
use api::state::Site;
use domain::SiteZone;
use secrecy::{ExposeSecret, SecretString};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Settings {
    /// `TRACETRACK_ADDR`, default `127.0.0.1:8080`; port 0 picks a free port (tests).
    pub addr: String,
    /// `DATABASE_URL`; absent: a private PostgreSQL is started in `data_dir`.
    pub database_url: Option<SecretString>,
    /// `TRACETRACK_DATABASE_READ_URL`: a streaming replica for lists, exports, reports, trace and
    /// dashboard figures; absent: everything reads the primary. Needs `DATABASE_URL`.
    pub database_read_url: Option<SecretString>,
    /// `TRACETRACK_DB_POOL_SIZE`, default 16 (per pool: the replica gets as many).
    pub db_pool_size: u32,
    /// `TRACETRACK_DATA_DIR`, default `.data`: where the private PostgreSQL lives.
    pub data_dir: PathBuf,
    /// `REDIS_URL`; absent: an in-process cache.
    pub redis_url: Option<SecretString>,
    /// `TRACETRACK_REDIS_PREFIX`, default `tracetrack:`.
    pub redis_prefix: String,
    /// `TRACETRACK_JWT_SECRET`; required (≥ 32 bytes) in production.
    pub jwt_secret: Option<SecretString>,
    /// `TRACETRACK_ADMIN_PASSWORD`: user `admin` is created, or its password reset, at start.
    pub admin_password: Option<SecretString>,
    /// `TRACETRACK_DEMO=1`: demo users per role, credentials printed at start.
    pub demo: bool,
    /// `TRACETRACK_ENV`: `development` (default) or `production`.
    pub environment: Environment,
    /// `TRACETRACK_ACCESS_TOKEN_TTL_SECS`, default 900.
    pub access_token_ttl: Duration,
    /// `TRACETRACK_REFRESH_TOKEN_TTL_SECS`, default 14 days.
    pub refresh_token_ttl: Duration,
    /// `TRACETRACK_STATIC_DIR`: the built SPA to serve at `/`.
    pub static_dir: Option<PathBuf>,
    /// `TRACETRACK_TRUSTED_PROXIES`: CIDRs of reverse proxies whose `X-Forwarded-For` and
    /// `X-Forwarded-Proto` are believed. Default: none (the peer is the client).
    pub trusted_proxies: TrustedProxies,
    /// `TRACETRACK_RATE_LIMITS` (`on`/`off`), `TRACETRACK_RATE_LIMIT_USER`,
    /// `TRACETRACK_RATE_LIMIT_CLIENT` (`300/10s`).
    pub rate_limits: Limits,
    /// `TRACETRACK_METRICS_TOKEN`: `/metrics` is served only to this bearer token.
    pub metrics_token: Option<SecretString>,
    /// `TRACETRACK_DEMO_ALLOW_REMOTE=1`: demo mode may listen beyond loopback.
    pub demo_allow_remote: bool,
    /// `TRACETRACK_COMPRESSION` (default on): compress answers worth it. Off behind a proxy that
    /// compresses (compose's Caddy), so nothing is compressed twice.
    pub compression: bool,
    /// `TRACETRACK_IMPORT_MAX_ROWS` (default 1,000,000 data rows) and
    /// `TRACETRACK_IMPORT_MAX_UNCOMPRESSED_MB` (default 256): what an import file may hold.
    pub import_limits: ImportLimits,
    /// `TRACETRACK_WORKERS`, default: one per core.
    pub workers: Option<usize>,
    /// `TRACETRACK_UNDO_WINDOW_SECS`, default 3600: how far back "undo last scan" reaches.
    pub undo_window: Duration,
    /// `TRACETRACK_LOG_FORMAT`: `text` (default in development) or `json` (default in production).
    pub log_format: LogFormat,
    /// `TRACETRACK_TIMEZONE` (IANA name, default `Asia/Kolkata`): where every "day" begins and
    /// ends; `TRACETRACK_SITE_NAME` (default `TraceTrack`): the company name printed on paper.
    pub site: Site,
    /// `TRACETRACK_EPCIS_BASE_URI` (default `https://tracetrack.invalid`): the site's own domain, under
    /// which the EPCIS read-out names bags (`<base>/bag/<qr>`), bills, returns and areas.
    pub epcis_base_uri: api::epcis::BaseUri,
    /// `TRACETRACK_GS1_COMPANY_PREFIX` (6–12 digits) and `TRACETRACK_GS1_ITEM_REFERENCES`
    /// (`mustard=00012,moong=00013`, each 12 − prefix-length digits): bags of a numbered parent
    /// type are named by GS1 Digital Link. Unset: every bag is named under `epcis_base_uri`.
    pub gs1_numbering: Option<domain::gs1::Numbering>,
    /// `TRACETRACK_DOWNLOAD_LINK_TTL_SECS`, default 60 (5–600): how long a download link stands.
    pub download_link_ttl: Duration,
    /// `TRACETRACK_AUDIT_RETENTION_DAYS` (1–36500): audit entries older than this are dropped
    /// by housekeeping. Unset (the default): the audit trail is kept for ever.
    pub audit_retention: Option<Duration>,
    /// Webhook deliveries: `TRACETRACK_WEBHOOK_RETRY_UNIT_MS` (default 5000; the schedule's
    /// waits are 1, 6, 24, … of these units, 25.7 hours in all) and
    /// `TRACETRACK_WEBHOOK_TIMEOUT_SECS` (default 10, 1–60): how long a receiver has to answer.
    pub webhooks: crate::webhook_delivery::DeliveryPolicy,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            addr: "127.0.0.1:8080".into(),
            database_url: None,
            database_read_url: None,
            db_pool_size: 16,
            data_dir: PathBuf::from(".data"),
            redis_url: None,
            redis_prefix: "tracetrack:".into(),
            jwt_secret: None,
            admin_password: None,
            demo: false,
            environment: Environment::Development,
            access_token_ttl: Duration::from_secs(900),
            refresh_token_ttl: Duration::from_secs(14 * 24 * 3600),
            static_dir: None,
            trusted_proxies: TrustedProxies::default(),
            rate_limits: Limits::default(),
            metrics_token: None,
            demo_allow_remote: false,
            compression: true,
            import_limits: ImportLimits::default(),
            workers: None,
            undo_window: Duration::from_secs(3600),
            log_format: LogFormat::Text,
            site: Site::default(),
            epcis_base_uri: api::epcis::BaseUri::default(),
            gs1_numbering: None,
            download_link_ttl: Duration::from_secs(60),
            audit_retention: None,
            webhooks: crate::webhook_delivery::DeliveryPolicy::default(),
        }
    }
}

fn site(lookup: &impl Fn(&str) -> Option<String>) -> anyhow::Result<Site> {
    let defaults = Site::default();
    let zone = match lookup("TRACETRACK_TIMEZONE") {
        None => defaults.zone,
        Some(name) => SiteZone::parse(&name).with_context(|| {
            format!("TRACETRACK_TIMEZONE {name:?} is not an IANA time zone name (e.g. Asia/Kolkata)")
        })?,
    };
    let name = match lookup("TRACETRACK_SITE_NAME").map(|name| name.trim().to_owned()) {
        None => defaults.name,
        Some(name) if (1..=120).contains(&name.chars().count()) && !name.chars().any(char::is_control) => name,
        Some(_) => bail!("TRACETRACK_SITE_NAME must be 1 to 120 printable characters"),
    };
    Ok(Site { zone, name })
}

/// The site's GS1 numbering, if it has a company prefix.
fn gs1_numbering(lookup: &impl Fn(&str) -> Option<String>) -> anyhow::Result<Option<domain::gs1::Numbering>> {
    let references = lookup("TRACETRACK_GS1_ITEM_REFERENCES");
    let Some(prefix) = lookup("TRACETRACK_GS1_COMPANY_PREFIX") else {
        if references.is_some() {
            bail!("TRACETRACK_GS1_ITEM_REFERENCES needs TRACETRACK_GS1_COMPANY_PREFIX (the prefix they extend)");
        }
        return Ok(None);
    };
    domain::gs1::Numbering::parse(&prefix, references.as_deref().unwrap_or_default()).map(Some).map_err(|error| {
        let name = match error {
            domain::gs1::NumberingError::Prefix(_) => "TRACETRACK_GS1_COMPANY_PREFIX",
            _ => "TRACETRACK_GS1_ITEM_REFERENCES",
        };
        anyhow::anyhow!("{name}: {error}")
    })
}

pub const MIN_JWT_SECRET_BYTES: usize = 32;

/// Access tokens are checked against the user's current rights on every request, but a stolen
/// one still works until it expires: an hour at most.
pub const MAX_ACCESS_TOKEN_TTL_SECS: u64 = 3600;

/// Whether `addr` (host:port) can only be reached from this machine.
fn listens_on_loopback_only(addr: &str) -> bool {
    let host = addr.rsplit_once(':').map_or(addr, |(host, _)| host).trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn import_limits(lookup: &impl Fn(&str) -> Option<String>) -> anyhow::Result<ImportLimits> {
    let defaults = ImportLimits::default();
    let rows: Option<usize> = parse(lookup, "TRACETRACK_IMPORT_MAX_ROWS")?;
    let megabytes: Option<u64> = parse(lookup, "TRACETRACK_IMPORT_MAX_UNCOMPRESSED_MB")?;
    if rows == Some(0) || megabytes == Some(0) {
        bail!("TRACETRACK_IMPORT_MAX_ROWS and TRACETRACK_IMPORT_MAX_UNCOMPRESSED_MB must be positive");
    }
    Ok(ImportLimits {
        max_rows: rows.map(|r| r + 1).unwrap_or(defaults.max_rows),
        max_uncompressed_bytes: megabytes.map(|m| m * 1024 * 1024).unwrap_or(defaults.max_uncompressed_bytes),
        ..defaults
    })
}

fn rate_limits(lookup: &impl Fn(&str) -> Option<String>) -> anyhow::Result<Limits> {
    let on = match lookup("TRACETRACK_RATE_LIMITS").as_deref() {
        None | Some("on" | "1" | "true" | "yes") => true,
        Some("off" | "0" | "false" | "no") => false,
        Some(other) => bail!("TRACETRACK_RATE_LIMITS must be on or off, not {other:?}"),
    };
    if !on {
        return Ok(Limits::OFF);
    }
    let rate = |name: &str, default: Option<Rate>| -> anyhow::Result<Option<Rate>> {
        match lookup(name).as_deref() {
            None => Ok(default),
            Some("off") => Ok(None),
            Some(raw) => Rate::parse(raw).map(Some).map_err(|e| anyhow::anyhow!("{name}: {e}")),
        }
    };
    let defaults = Limits::default();
    Ok(Limits {
        per_user: rate("TRACETRACK_RATE_LIMIT_USER", defaults.per_user)?,
        per_client: rate("TRACETRACK_RATE_LIMIT_CLIENT", defaults.per_client)?,
    })
}

impl Settings {
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
    }

    /// The secrets that may be given as files (`NAME_FILE`, e.g. Docker secrets) instead of
    /// environment values, which every process of the same user can read.
    pub const FILE_SECRETS: [&'static str; 6] = [
        "DATABASE_URL",
        "TRACETRACK_DATABASE_READ_URL",
        "REDIS_URL",
        "TRACETRACK_JWT_SECRET",
        "TRACETRACK_ADMIN_PASSWORD",
        "TRACETRACK_METRICS_TOKEN",
    ];

    /// Reads settings through `lookup`, so tests can supply an environment of their own.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let defaults = Settings::default();
        let environment = match lookup("TRACETRACK_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => bail!("TRACETRACK_ENV must be development or production, not {other:?}"),
        };
        let log_format = match lookup("TRACETRACK_LOG_FORMAT").as_deref() {
            None if environment == Environment::Production => LogFormat::Json,
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => bail!("TRACETRACK_LOG_FORMAT must be text or json, not {other:?}"),
        };
        if lookup("TRACETRACK_TRUST_FORWARDED_FOR").is_some() {
            bail!(
                "TRACETRACK_TRUST_FORWARDED_FOR is gone (it believed the client-chosen leftmost address): \
                 list your reverse proxies in TRACETRACK_TRUSTED_PROXIES instead, e.g. 10.0.0.0/8"
            );
        }
        let mut files = std::collections::HashMap::new();
        for name in Self::FILE_SECRETS {
            let file_variable = format!("{name}_FILE");
            let Some(path) = lookup(&file_variable) else { continue };
            if lookup(name).is_some() {
                bail!("both {name} and {file_variable} are set; give one");
            }
            let content =
                std::fs::read_to_string(&path).with_context(|| format!("{file_variable}={path:?} cannot be read"))?;
            let value = content.strip_suffix('\n').map(|v| v.strip_suffix('\r').unwrap_or(v)).unwrap_or(&content);
            if value.is_empty() {
                bail!("{file_variable}={path:?} is empty");
            }
            files.insert(name, value.to_owned());
        }
        let secret = |name: &str| files.get(name).cloned().or_else(|| lookup(name)).map(SecretString::from);
        let settings = Settings {
            addr: lookup("TRACETRACK_ADDR").unwrap_or(defaults.addr),
            database_url: secret("DATABASE_URL"),
            database_read_url: secret("TRACETRACK_DATABASE_READ_URL"),
            db_pool_size: parse(&lookup, "TRACETRACK_DB_POOL_SIZE")?.unwrap_or(defaults.db_pool_size),
            data_dir: lookup("TRACETRACK_DATA_DIR").map(PathBuf::from).unwrap_or(defaults.data_dir),
            redis_url: secret("REDIS_URL"),
            redis_prefix: lookup("TRACETRACK_REDIS_PREFIX").unwrap_or(defaults.redis_prefix),
            jwt_secret: secret("TRACETRACK_JWT_SECRET"),
            admin_password: secret("TRACETRACK_ADMIN_PASSWORD"),
            demo: flag(&lookup, "TRACETRACK_DEMO")?,
            environment,
            access_token_ttl: parse(&lookup, "TRACETRACK_ACCESS_TOKEN_TTL_SECS")?
                .map(Duration::from_secs)
                .unwrap_or(defaults.access_token_ttl),
            refresh_token_ttl: parse(&lookup, "TRACETRACK_REFRESH_TOKEN_TTL_SECS")?
                .map(Duration::from_secs)
                .unwrap_or(defaults.refresh_token_ttl),
            static_dir: lookup("TRACETRACK_STATIC_DIR").map(PathBuf::from),
            trusted_proxies: match lookup("TRACETRACK_TRUSTED_PROXIES") {
                Some(raw) => {
                    TrustedProxies::parse(&raw).map_err(|e| anyhow::anyhow!("TRACETRACK_TRUSTED_PROXIES: {e}"))?
                }
                None => TrustedProxies::default(),
            },
            rate_limits: rate_limits(&lookup)?,
            metrics_token: secret("TRACETRACK_METRICS_TOKEN"),
            demo_allow_remote: flag(&lookup, "TRACETRACK_DEMO_ALLOW_REMOTE")?,
            compression: match lookup("TRACETRACK_COMPRESSION").as_deref() {
                None | Some("on" | "1" | "true" | "yes") => true,
                Some("off" | "0" | "false" | "no") => false,
                Some(other) => bail!("TRACETRACK_COMPRESSION must be on or off, not {other:?}"),
            },
            import_limits: import_limits(&lookup)?,
            workers: parse(&lookup, "TRACETRACK_WORKERS")?,
            undo_window: parse(&lookup, "TRACETRACK_UNDO_WINDOW_SECS")?
                .map(Duration::from_secs)
                .unwrap_or(defaults.undo_window),
            log_format,
            site: site(&lookup)?,
            epcis_base_uri: match lookup("TRACETRACK_EPCIS_BASE_URI") {
                Some(raw) => {
                    api::epcis::BaseUri::parse(&raw).map_err(|e| anyhow::anyhow!("TRACETRACK_EPCIS_BASE_URI {e}"))?
                }
                None => api::epcis::BaseUri::default(),
            },
            gs1_numbering: gs1_numbering(&lookup)?,
            download_link_ttl: parse(&lookup, "TRACETRACK_DOWNLOAD_LINK_TTL_SECS")?
                .map(Duration::from_secs)
                .unwrap_or(defaults.download_link_ttl),
            audit_retention: parse::<u64>(&lookup, "TRACETRACK_AUDIT_RETENTION_DAYS")?
                .map(|days| Duration::from_secs(days.saturating_mul(24 * 3600))),
            webhooks: crate::webhook_delivery::DeliveryPolicy {
                retry_unit: parse(&lookup, "TRACETRACK_WEBHOOK_RETRY_UNIT_MS")?
                    .map(Duration::from_millis)
                    .unwrap_or(defaults.webhooks.retry_unit),
                timeout: parse(&lookup, "TRACETRACK_WEBHOOK_TIMEOUT_SECS")?
                    .map(Duration::from_secs)
                    .unwrap_or(defaults.webhooks.timeout),
                reach: domain::webhook_reach::Reach {
                    loopback: environment == Environment::Development,
                    private: flag(&lookup, "TRACETRACK_WEBHOOK_ALLOW_PRIVATE")?,
                },
                ..defaults.webhooks
            },
        };
        settings.validate()?;
        Ok(settings)
    }

    /// Refuses configurations that would be unsafe to run, before anything starts.
    pub fn validate(&self) -> anyhow::Result<()> {
        if self.database_read_url.is_some() && self.database_url.is_none() {
            bail!("TRACETRACK_DATABASE_READ_URL needs DATABASE_URL (a replica of which primary?)");
        }
        if self.environment == Environment::Production {
            match &self.jwt_secret {
                None => bail!("TRACETRACK_JWT_SECRET is required in production"),
                Some(secret) if secret.expose_secret().len() < MIN_JWT_SECRET_BYTES => {
                    bail!("TRACETRACK_JWT_SECRET must be at least {MIN_JWT_SECRET_BYTES} bytes in production")
                }
                Some(_) => {}
            }
            if self.demo {
                bail!("TRACETRACK_DEMO cannot be used in production");
            }
        }
        if !(1..=500).contains(&self.db_pool_size) {
            bail!("TRACETRACK_DB_POOL_SIZE must be between 1 and 500");
        }
        if !(30..=MAX_ACCESS_TOKEN_TTL_SECS).contains(&self.access_token_ttl.as_secs()) {
            bail!("TRACETRACK_ACCESS_TOKEN_TTL_SECS must be between 30 and {MAX_ACCESS_TOKEN_TTL_SECS}");
        }
        if !(1..=60).contains(&self.webhooks.timeout.as_secs()) {
            anyhow::bail!("TRACETRACK_WEBHOOK_TIMEOUT_SECS must be 1–60");
        }
        if !(1..=60_000).contains(&self.webhooks.retry_unit.as_millis()) {
            anyhow::bail!("TRACETRACK_WEBHOOK_RETRY_UNIT_MS must be 1–60000");
        }
        if !(5..=600).contains(&self.download_link_ttl.as_secs()) {
            bail!("TRACETRACK_DOWNLOAD_LINK_TTL_SECS must be between 5 and 600");
        }
        if self.audit_retention.is_some_and(|kept| !(1..=36_500).contains(&(kept.as_secs() / (24 * 3600)))) {
            bail!("TRACETRACK_AUDIT_RETENTION_DAYS must be between 1 and 36500 (unset keeps the audit trail for ever)");
        }
        if self.demo && !self.demo_allow_remote && !listens_on_loopback_only(&self.addr) {
            bail!(
                "TRACETRACK_DEMO with TRACETRACK_ADDR={} would offer the demo accounts (printed passwords) to the \
                 network; listen on 127.0.0.1, or set TRACETRACK_DEMO_ALLOW_REMOTE=1 if you mean it",
                self.addr
            );
        }
        Ok(())
    }
}

fn parse<T: std::str::FromStr>(lookup: &impl Fn(&str) -> Option<String>, name: &str) -> anyhow::Result<Option<T>>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    lookup(name).map(|raw| raw.trim().parse::<T>().with_context(|| format!("{name}={raw:?} is not valid"))).transpose()
}

fn flag(lookup: &impl Fn(&str) -> Option<String>, name: &str) -> anyhow::Result<bool> {
    match lookup(name).as_deref() {
        None | Some("0" | "false" | "no") => Ok(false),
        Some("1" | "true" | "yes") => Ok(true),
        Some(other) => bail!("{name} must be 1 or 0, not {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn from(pairs: &[(&str, &str)]) -> anyhow::Result<Settings> {
        let env: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from_lookup(|name| env.get(name).cloned())
    }

    #[test]
    fn defaults_need_nothing() {
        let settings = from(&[]).unwrap();
        assert_eq!(settings.addr, "127.0.0.1:8080");
        assert!(settings.database_url.is_none());
    }

    #[test]
    fn production_refuses_a_missing_or_short_secret() {
        assert!(from(&[("TRACETRACK_ENV", "production")]).is_err());
        assert!(from(&[("TRACETRACK_ENV", "production"), ("TRACETRACK_JWT_SECRET", "short")]).is_err());
        let long = "x".repeat(MIN_JWT_SECRET_BYTES);
        let settings = from(&[("TRACETRACK_ENV", "production"), ("TRACETRACK_JWT_SECRET", &long)]).unwrap();
        assert_eq!(settings.log_format, LogFormat::Json);
    }

    #[test]
    fn the_site_zone_is_an_iana_name_and_ist_by_default() {
        assert_eq!(from(&[]).unwrap().site.zone.name(), "Asia/Kolkata");
        let berlin = from(&[("TRACETRACK_TIMEZONE", "Europe/Berlin")]).unwrap();
        assert_eq!(berlin.site.zone.name(), "Europe/Berlin");
        let error = from(&[("TRACETRACK_TIMEZONE", "IST")]).unwrap_err();
        assert!(error.to_string().contains("TRACETRACK_TIMEZONE"), "{error}");
        assert!(from(&[("TRACETRACK_SITE_NAME", "Ganga Seeds\u{7}")]).is_err());
        assert_eq!(from(&[("TRACETRACK_SITE_NAME", " गंगा सीड्स ")]).unwrap().site.name, "गंगा सीड्स");
    }

    #[test]
    fn bad_values_are_named() {
        let error = from(&[("TRACETRACK_DB_POOL_SIZE", "many")]).unwrap_err();
        assert!(error.to_string().contains("TRACETRACK_DB_POOL_SIZE"), "{error}");
        assert!(from(&[("TRACETRACK_DEMO", "maybe")]).is_err());
    }

    #[test]
    fn access_tokens_live_an_hour_at_most() {
        assert!(from(&[("TRACETRACK_ACCESS_TOKEN_TTL_SECS", "3600")]).is_ok());
        let error = from(&[("TRACETRACK_ACCESS_TOKEN_TTL_SECS", "86400")]).unwrap_err();
        assert!(error.to_string().contains("3600"), "{error}");
    }

    #[test]
    fn demo_mode_stays_on_loopback_unless_allowed() {
        assert!(from(&[("TRACETRACK_DEMO", "1")]).is_ok());
        assert!(from(&[("TRACETRACK_DEMO", "1"), ("TRACETRACK_ADDR", "[::1]:8080")]).is_ok());
        assert!(from(&[("TRACETRACK_DEMO", "1"), ("TRACETRACK_ADDR", "localhost:8080")]).is_ok());
        assert!(from(&[("TRACETRACK_DEMO", "1"), ("TRACETRACK_ADDR", "0.0.0.0:8080")]).is_err());
        assert!(from(&[("TRACETRACK_DEMO", "1"), ("TRACETRACK_ADDR", "192.168.1.5:8080")]).is_err());
        let allowed =
            [("TRACETRACK_DEMO", "1"), ("TRACETRACK_ADDR", "0.0.0.0:8080"), ("TRACETRACK_DEMO_ALLOW_REMOTE", "1")];
        assert!(from(&allowed).is_ok());
    }

    #[test]
    fn rate_limits_are_on_by_default_and_configurable() {
        let defaults = from(&[]).unwrap().rate_limits;
        assert!(defaults.per_user.is_some() && defaults.per_client.is_some());
        let off = from(&[("TRACETRACK_RATE_LIMITS", "off")]).unwrap().rate_limits;
        assert!(off.per_user.is_none() && off.per_client.is_none());
        let custom = from(&[("TRACETRACK_RATE_LIMIT_USER", "50/1s"), ("TRACETRACK_RATE_LIMIT_CLIENT", "off")]).unwrap();
        assert_eq!(custom.rate_limits.per_user.map(|r| r.requests), Some(50));
        assert!(custom.rate_limits.per_client.is_none());
        assert!(from(&[("TRACETRACK_RATE_LIMIT_USER", "lots")]).is_err());
    }

    #[test]
    fn the_old_forwarded_for_switch_is_refused_with_the_new_name() {
        let error = from(&[("TRACETRACK_TRUST_FORWARDED_FOR", "1")]).unwrap_err();
        assert!(error.to_string().contains("TRACETRACK_TRUSTED_PROXIES"), "{error}");
        let proxies = from(&[("TRACETRACK_TRUSTED_PROXIES", "10.0.0.0/8,::1")]).unwrap().trusted_proxies;
        assert_eq!(proxies.0.len(), 2);
        assert!(from(&[("TRACETRACK_TRUSTED_PROXIES", "everyone")]).is_err());
    }

    #[test]
    fn secrets_can_come_from_files() {
        let dir = std::env::temp_dir().join(format!("tt-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let secret_file = dir.join("jwt");
        std::fs::write(&secret_file, "a-secret-from-a-file-of-at-least-32-bytes\n").unwrap();
        let path = secret_file.to_str().unwrap();
        let settings = from(&[("TRACETRACK_JWT_SECRET_FILE", path)]).unwrap();
        assert_eq!(settings.jwt_secret.unwrap().expose_secret(), "a-secret-from-a-file-of-at-least-32-bytes");
        let both = from(&[("TRACETRACK_JWT_SECRET_FILE", path), ("TRACETRACK_JWT_SECRET", "x")]).unwrap_err();
        assert!(both.to_string().contains("both"), "{both}");
        let missing = from(&[("DATABASE_URL_FILE", "/nonexistent/db-url")]).unwrap_err();
        assert!(missing.to_string().contains("DATABASE_URL_FILE"), "{missing}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn audit_retention_is_kept_for_ever_unless_set_in_days() {
        assert_eq!(from(&[]).unwrap().audit_retention, None);
        let kept = from(&[("TRACETRACK_AUDIT_RETENTION_DAYS", "90")]).unwrap().audit_retention;
        assert_eq!(kept, Some(Duration::from_secs(90 * 24 * 3600)));
        assert!(from(&[("TRACETRACK_AUDIT_RETENTION_DAYS", "0")]).is_err());
        assert!(from(&[("TRACETRACK_AUDIT_RETENTION_DAYS", "a year")]).is_err());
        assert_eq!(from(&[]).unwrap().download_link_ttl, Duration::from_secs(60));
        assert!(from(&[("TRACETRACK_DOWNLOAD_LINK_TTL_SECS", "3600")]).is_err());
    }

    #[test]
    fn gs1_numbering_is_a_prefix_of_6_to_12_digits_and_item_references_that_fill_12() {
        assert_eq!(from(&[]).unwrap().gs1_numbering, None);
        let numbered = from(&[
            ("TRACETRACK_GS1_COMPANY_PREFIX", "0614141"),
            ("TRACETRACK_GS1_ITEM_REFERENCES", "mustard=07346, moong=07347"),
        ])
        .unwrap()
        .gs1_numbering
        .unwrap();
        assert_eq!(numbered.gtin("mustard", domain::gs1::PackagingLevel::Case).as_deref(), Some("10614141073464"));
        for (prefix, references, named) in [
            ("12345", "", "TRACETRACK_GS1_COMPANY_PREFIX"),
            ("GS1-0614141", "", "TRACETRACK_GS1_COMPANY_PREFIX"),
            ("0614141", "mustard=7346", "TRACETRACK_GS1_ITEM_REFERENCES"),
            ("0614141", "mustard:07346", "TRACETRACK_GS1_ITEM_REFERENCES"),
        ] {
            let error =
                from(&[("TRACETRACK_GS1_COMPANY_PREFIX", prefix), ("TRACETRACK_GS1_ITEM_REFERENCES", references)])
                    .unwrap_err()
                    .to_string();
            assert!(error.starts_with(named), "{prefix} {references}: {error}");
        }
        let alone = from(&[("TRACETRACK_GS1_ITEM_REFERENCES", "mustard=07346")]).unwrap_err();
        assert!(alone.to_string().contains("needs TRACETRACK_GS1_COMPANY_PREFIX"), "{alone}");
    }

    #[test]
    fn secrets_do_not_print() {
        let settings = from(&[("TRACETRACK_JWT_SECRET", "super-secret-value")]).unwrap();
        assert!(!format!("{settings:?}").contains("super-secret-value"));
    }
}
