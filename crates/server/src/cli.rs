//! The subcommands of `tracetrack`.

use std::io::Write;
use std::path::PathBuf;
use std::str::FromStr;

use anyhow::Context;
use api::auth::PasswordHasher;
use clap::{Parser, Subcommand};
use domain::{AreaCode, Password, Role, UserRules, Username};
use secrecy::{ExposeSecret, SecretString};
use sqlx::postgres::PgConnectOptions;
use storage::user::{self, NewUserRecord};

use crate::settings::Settings;

#[derive(Parser)]
#[command(name = "tracetrack", version, about = "Bag traceability for agricultural supply chains")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the API (and the SPA when TRACETRACK_STATIC_DIR is set) until SIGTERM/SIGINT.
    Serve,
    /// Apply pending database migrations and exit (needs DATABASE_URL).
    Migrate,
    /// Print the OpenAPI document, or write it to a file.
    Openapi {
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Fill the database (DATABASE_URL) with realistic data: parents of both types (full, partly
    /// packed, empty) with their children, loose children, bills in every state, events over 90 days.
    Seed {
        /// Parents to create, 1–9999999; each holds up to 30 children (50000 ≈ 1.5 million bags).
        /// From 100000 on they have seven-digit codes of the types mustard_wide and moong_wide.
        #[arg(long)]
        parents: i64,
        /// Bills to create (default: one per 25 parents).
        #[arg(long)]
        bills: Option<i64>,
    },
    /// Exit 0 when this instance (TRACETRACK_ADDR's port on loopback) answers /health/ready with
    /// 200: the container health check, with nothing but the binary.
    Healthcheck,
    /// Create a user (needs DATABASE_URL). The password is read from TRACETRACK_NEW_USER_PASSWORD,
    /// or else from the first line of standard input: never from the command line, which every
    /// local user can read in `ps`.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[arg(long)]
        area: Option<String>,
    },
}

fn parse_role(raw: &str) -> Result<Role, String> {
    Role::parse(raw).ok_or_else(|| format!("{raw:?} is not admin, biller or dispatcher"))
}

pub fn openapi(output: Option<PathBuf>) -> anyhow::Result<()> {
    let document = api::openapi::document_json();
    match output {
        Some(path) => std::fs::write(&path, document + "\n").with_context(|| format!("writing {}", path.display())),
        None => Ok(writeln!(std::io::stdout(), "{document}")?),
    }
}

fn pool(settings: &Settings) -> anyhow::Result<sqlx::PgPool> {
    let url = settings.database_url.as_ref().context("set DATABASE_URL")?;
    Ok(storage::connect(PgConnectOptions::from_str(url.expose_secret())?, 2))
}

pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    storage::MIGRATOR.run(&pool(settings)?).await.context("applying migrations")?;
    println!("migrations applied");
    Ok(())
}

/// Asks the local instance whether it is ready.
pub async fn healthcheck(settings: &Settings) -> anyhow::Result<()> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let port: u16 = settings
        .addr
        .rsplit_once(':')
        .and_then(|(_, port)| port.parse().ok())
        .context("TRACETRACK_ADDR has no port")?;
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
        stream.write_all(b"GET /health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n").await?;
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).await?;
        anyhow::Ok(head)
    };
    let head =
        tokio::time::timeout(std::time::Duration::from_secs(4), exchange).await.context("no answer in 4 s")??;
    let status = String::from_utf8_lossy(&head[9..12]).into_owned();
    anyhow::ensure!(status == "200", "/health/ready answered {status}");
    Ok(())
}

/// The new user's password: `TRACETRACK_NEW_USER_PASSWORD`, or the first line of `input`.
pub fn new_user_password(env: Option<String>, input: impl std::io::BufRead) -> anyhow::Result<SecretString> {
    if let Some(password) = env.filter(|p| !p.is_empty()) {
        return Ok(SecretString::from(password));
    }
    let line = input.lines().next().transpose().context("reading the password from standard input")?;
    let password = line.map(|l| l.trim_end_matches('\r').to_owned()).filter(|l| !l.is_empty());
    password.map(SecretString::from).context(
        "give the password in TRACETRACK_NEW_USER_PASSWORD or on standard input (it is never taken from the command line)",
    )
}

pub async fn create_user(
    settings: &Settings,
    username: &str,
    role: Role,
    area: Option<&str>,
    password: &SecretString,
) -> anyhow::Result<()> {
    let password = password.expose_secret();
    let username = Username::parse("username", username)?;
    let password = Password::parse("password", password)?;
    let area = area.map(|a| AreaCode::parse("area", a)).transpose()?;
    UserRules::check_area(role, area.as_ref())?;
    let pool = pool(settings)?;
    storage::MIGRATOR.run(&pool).await.context("applying migrations")?;
    let hash = PasswordHasher::new(1)
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?
        .hash(&password)
        .await
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
    let mut conn = pool.acquire().await?;
    let record = NewUserRecord {
        username: username.as_str(),
        display_name: "",
        password_hash: &hash,
        role: role.as_str(),
        area: area.as_ref().map(AreaCode::as_str),
    };
    let created = user::insert(&mut conn, record).await.context("creating the user")?;
    println!("created {} ({}) with id {}", created.username, created.role, created.id);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_never_an_argument() {
        let with_flag =
            ["tracetrack", "create-user", "--username", "ravi", "--role", "biller", "--password", "Pw-1-abc!"];
        assert!(Cli::try_parse_from(with_flag).is_err());
        assert!(Cli::try_parse_from(["tracetrack", "create-user", "--username", "ravi", "--role", "biller"]).is_ok());
    }

    #[test]
    fn the_password_comes_from_the_environment_or_standard_input() {
        let from_env = new_user_password(Some("Env-Pass-2026!".into()), &b"ignored\n"[..]).unwrap();
        assert_eq!(from_env.expose_secret(), "Env-Pass-2026!");
        let from_stdin = new_user_password(None, &b"Stdin-Pass-2026!\r\nmore\n"[..]).unwrap();
        assert_eq!(from_stdin.expose_secret(), "Stdin-Pass-2026!");
        assert!(new_user_password(None, &b""[..]).is_err());
    }
}
