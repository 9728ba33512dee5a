//! Typed settings, read once from the environment (names in API.md and the README) and passed
//! in explicitly. Secrets are wrapped so they never reach a log line.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
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
    /// `TRACETRACK_DB_POOL_SIZE`, default 16.
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
    /// `TRACETRACK_TRUST_FORWARDED_FOR=1`: take the client address from `X-Forwarded-For`.
    pub trust_forwarded_for: bool,
    /// `TRACETRACK_WORKERS`, default: one per core.
    pub workers: Option<usize>,
    /// `TRACETRACK_UNDO_WINDOW_SECS`, default 3600: how far back "undo last scan" reaches.
    pub undo_window: Duration,
    /// `TRACETRACK_LOG_FORMAT`: `text` (default in development) or `json` (default in production).
    pub log_format: LogFormat,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            addr: "127.0.0.1:8080".into(),
            database_url: None,
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
            trust_forwarded_for: false,
            workers: None,
            undo_window: Duration::from_secs(3600),
            log_format: LogFormat::Text,
        }
    }
}

pub const MIN_JWT_SECRET_BYTES: usize = 32;

impl Settings {
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
    }

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
        let secret = |name: &str| lookup(name).map(SecretString::from);
        let settings = Settings {
            addr: lookup("TRACETRACK_ADDR").unwrap_or(defaults.addr),
            database_url: secret("DATABASE_URL"),
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
            trust_forwarded_for: flag(&lookup, "TRACETRACK_TRUST_FORWARDED_FOR")?,
            workers: parse(&lookup, "TRACETRACK_WORKERS")?,
            undo_window: parse(&lookup, "TRACETRACK_UNDO_WINDOW_SECS")?
                .map(Duration::from_secs)
                .unwrap_or(defaults.undo_window),
            log_format,
        };
        settings.validate()?;
        Ok(settings)
    }

    /// Refuses configurations that would be unsafe to run, before anything starts.
    pub fn validate(&self) -> anyhow::Result<()> {
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
        if self.access_token_ttl.as_secs() < 30 {
            bail!("TRACETRACK_ACCESS_TOKEN_TTL_SECS must be at least 30");
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
    fn bad_values_are_named() {
        let error = from(&[("TRACETRACK_DB_POOL_SIZE", "many")]).unwrap_err();
        assert!(error.to_string().contains("TRACETRACK_DB_POOL_SIZE"), "{error}");
        assert!(from(&[("TRACETRACK_DEMO", "maybe")]).is_err());
    }

    #[test]
    fn secrets_do_not_print() {
        let settings = from(&[("TRACETRACK_JWT_SECRET", "super-secret-value")]).unwrap();
        assert!(!format!("{settings:?}").contains("super-secret-value"));
    }
}
