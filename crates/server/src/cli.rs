//! The subcommands of `tracetrack`.

use std::io::Write;
use std::path::PathBuf;
use std::str::FromStr;

use anyhow::Context;
use api::auth::PasswordHasher;
use clap::{Parser, Subcommand};
use domain::{AreaCode, Password, Role, UserRules, Username};
use secrecy::ExposeSecret;
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
        /// Parents to create; each holds up to 30 children (50000 ≈ 1.5 million bags).
        #[arg(long)]
        parents: i64,
        /// Bills to create (default: one per 25 parents).
        #[arg(long)]
        bills: Option<i64>,
    },
    /// Create a user (needs DATABASE_URL). The password is read from TRACETRACK_NEW_USER_PASSWORD.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[arg(long)]
        area: Option<String>,
        #[arg(long, env = "TRACETRACK_NEW_USER_PASSWORD", hide_env_values = true)]
        password: String,
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

pub async fn create_user(
    settings: &Settings,
    username: &str,
    role: Role,
    area: Option<&str>,
    password: &str,
) -> anyhow::Result<()> {
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
