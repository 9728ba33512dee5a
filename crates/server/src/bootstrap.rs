//! Accounts that exist because of settings: `admin` from `TRACETRACK_ADMIN_PASSWORD`, and the
//! demo users of `TRACETRACK_DEMO=1`.

use anyhow::Context;
use api::auth::PasswordHasher;
use domain::{Password, Role};
use secrecy::ExposeSecret;
use sqlx::PgPool;
use storage::user::{self, NewUserRecord};

use crate::settings::Settings;

struct DemoUser {
    username: &'static str,
    password: &'static str,
    role: Role,
    area: Option<&'static str>,
}

const DEMO_USERS: [DemoUser; 3] = [
    DemoUser { username: "biller", password: "Biller-Demo-2026!", role: Role::Biller, area: None },
    DemoUser { username: "dispatcher", password: "Dispatch-Demo-2026!", role: Role::Dispatcher, area: Some("lucknow") },
    DemoUser { username: "dispatcher2", password: "Dispatch-Demo-2026!", role: Role::Dispatcher, area: Some("indore") },
];

pub async fn apply(pool: &PgPool, hasher: &PasswordHasher, settings: &Settings) -> anyhow::Result<()> {
    if let Some(password) = &settings.admin_password {
        let password = Password::parse("TRACETRACK_ADMIN_PASSWORD", password.expose_secret())
            .context("TRACETRACK_ADMIN_PASSWORD does not meet the password policy")?;
        first_admin(pool, hasher, &password).await?;
    }
    if settings.demo {
        let mut lines = vec!["Demo accounts:".to_owned()];
        if settings.admin_password.is_some() {
            lines.push("  admin       / (TRACETRACK_ADMIN_PASSWORD)  admin".to_owned());
        }
        for demo in &DEMO_USERS {
            let password = Password::parse("password", demo.password).context("demo password")?;
            upsert(pool, hasher, demo.username, &password, demo.role, demo.area).await?;
            let area = demo.area.map(|a| format!(" ({a})")).unwrap_or_default();
            lines.push(format!("  {:<11} / {:<26} {}{area}", demo.username, demo.password, demo.role));
        }
        println!("{}", lines.join("\n"));
        seed_if_empty(pool, settings.site.zone.name()).await?;
    }
    Ok(())
}

/// Parents the demo starts with: enough for every screen to have something to show.
const DEMO_PARENTS: i64 = 300;

/// A demo with no bags gets a small realistic data set (`tracetrack seed`), once.
async fn seed_if_empty(pool: &PgPool, zone: &str) -> anyhow::Result<()> {
    let (any,): (bool,) = sqlx::query_as("select exists (select 1 from bags)").fetch_one(pool).await?;
    if !any {
        println!("Demo data: seeding {DEMO_PARENTS} parents with their children, bills and history…");
        crate::seed::fill(pool, DEMO_PARENTS, None, zone).await?;
    }
    Ok(())
}

/// `TRACETRACK_ADMIN_PASSWORD` makes the first admin of an empty site. Once any admin exists it
/// is ignored: applying it at every start would silently undo a password rotation. Instances
/// starting together serialise on a lock, so exactly one creates the account.
async fn first_admin(pool: &PgPool, hasher: &PasswordHasher, password: &Password) -> anyhow::Result<()> {
    let hash = hasher.hash(password).await.map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
    let mut tx = pool.begin().await?;
    user::lock_bootstrap(&mut tx).await?;
    if user::admin_exists(&mut tx).await? {
        tracing::info!("an admin exists: TRACETRACK_ADMIN_PASSWORD is not applied (it only creates the first admin)");
        return Ok(());
    }
    let record = NewUserRecord { username: "admin", display_name: "", password_hash: &hash, role: "admin", area: None };
    user::upsert(&mut tx, record).await.context("creating user admin")?;
    tx.commit().await?;
    tracing::info!("user admin created (password from TRACETRACK_ADMIN_PASSWORD)");
    Ok(())
}

async fn upsert(
    pool: &PgPool,
    hasher: &PasswordHasher,
    username: &str,
    password: &Password,
    role: Role,
    area: Option<&str>,
) -> anyhow::Result<()> {
    let hash = hasher.hash(password).await.map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
    let mut tx = pool.begin().await?;
    let record = NewUserRecord { username, display_name: "", password_hash: &hash, role: role.as_str(), area };
    user::upsert(&mut tx, record).await.with_context(|| format!("creating user {username}"))?;
    tx.commit().await?;
    Ok(())
}
