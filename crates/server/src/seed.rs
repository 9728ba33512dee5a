//! `tracetrack seed --parents N [--bills M]`: fills a database with realistic data, showing
//! progress, for demos and the load test.

use std::str::FromStr;
use std::time::Instant;

use anyhow::Context;
use api::auth::PasswordHasher;
use domain::{Password, Role};
use secrecy::ExposeSecret;
use sqlx::ConnectOptions;
use sqlx::postgres::PgConnectOptions;
use storage::user::{self, NewUserRecord};
use uuid::Uuid;

use crate::settings::Settings;

/// The password of every seeded operator (`op-<area>`), printed at the end.
pub const OPERATOR_PASSWORD: &str = "Operator-Seed-2026!";
const BATCH: i64 = 5_000;
/// Parents 0–99,999 get the default types' five-digit codes, the rest the wide types' seven.
pub const MAX_PARENTS: i64 = 9_999_999;
const AREAS: [&str; 10] =
    ["lucknow", "indore", "jaipur", "hisar", "sri_ganganagar", "sangaria", "bathinda", "raipur", "ranchi", "akola"];

pub async fn run(settings: &Settings, parents: i64, bills: Option<i64>) -> anyhow::Result<()> {
    anyhow::ensure!(
        (1..=MAX_PARENTS).contains(&parents),
        "--parents must be between 1 and {MAX_PARENTS} (parent QRs have at most 7 digits)"
    );
    let url = settings.database_url.as_ref().context("set DATABASE_URL to the database to seed")?;
    // Seeding statements are slow by design; they are not worth a warning each.
    let options = PgConnectOptions::from_str(url.expose_secret())?.disable_statement_logging();
    let pool = storage::connect(options, 4);
    storage::MIGRATOR.run(&pool).await.context("applying migrations")?;
    fill(&pool, parents, bills, settings.site.zone.name()).await
}

/// Seeds `parents` parents (and `bills` bills) into a migrated database, their history in the
/// working hours of past days in the site's time zone `zone`.
pub async fn fill(pool: &sqlx::PgPool, parents: i64, bills: Option<i64>, zone: &str) -> anyhow::Result<()> {
    let pool = pool.clone();
    let started = Instant::now();

    let operators = operators(&pool).await?;
    let admin_like = operators[0].0;
    // One transaction: the indexes and keys dropped for the load come back even if it fails half-way.
    let mut tx = pool.begin().await?;
    // Losing the seed in a crash is harmless here; waiting for each flush is not.
    sqlx::query("set local synchronous_commit = off").execute(&mut *tx).await?;
    sqlx::query("set local maintenance_work_mem = '256MB'").execute(&mut *tx).await?;
    // History lands in the working hours (08:00–19:00) of past days where the site is.
    sqlx::query("select set_config('TimeZone', $1, true)").bind(zone).execute(&mut *tx).await?;
    if parents > storage::seed::WIDE_FROM {
        storage::seed::wide_types(&mut tx).await?;
    }
    let suspended = storage::seed::suspend_for_load(&mut tx).await?;
    let mut first = 0;
    while first < parents {
        let count = BATCH.min(parents - first);
        storage::seed::parents(&mut tx, first, count, &operators).await?;
        first += count;
        eprintln!(
            "seed: parents {first:>7}/{parents} ({:>3}%)  {:>5.1} s",
            first * 100 / parents,
            started.elapsed().as_secs_f64()
        );
    }
    // About 24 children per parent on average, plus five loose ones: 50,000 parents ≈ 1.5 M bags.
    storage::seed::loose_children(&mut tx, parents * 5, &operators).await?;
    eprintln!("seed: {} loose children  {:>5.1} s", parents * 5, started.elapsed().as_secs_f64());
    let bills = bills.unwrap_or((parents / 25).max(1));
    storage::seed::bills(&mut tx, bills, admin_like).await?;
    eprintln!("seed: {bills} bills loaded  {:>5.1} s", started.elapsed().as_secs_f64());
    storage::seed::settle(&mut tx).await?;
    for (n, index) in suspended.iter().enumerate() {
        storage::seed::restore(&mut tx, index).await?;
        eprintln!(
            "seed: index or key {:>2}/{} {:<28} {:>5.1} s",
            n + 1,
            suspended.len(),
            index.name,
            started.elapsed().as_secs_f64()
        );
    }
    tx.commit().await?;
    // Vacuum now rather than let autovacuum work through 3 M fresh rows while the database is
    // being measured; it also sets the visibility map, so index-only scans stay index-only.
    // Only the tables the seed filled: analysing an empty table records it as empty, and until
    // the next analyse the planner then scans it whole however large it grows (every
    // idempotency key lookup did, in the first minute of a load test). Never analysed, a table
    // is sized by its pages.
    eprintln!("seed: vacuum and analyze  {:>5.1} s", started.elapsed().as_secs_f64());
    sqlx::query("vacuum (analyze) bags, events, bills, stat_counters, users, dispatch_areas, parent_types")
        .execute(&pool)
        .await?;
    let (bags,): (i64,) = sqlx::query_as("select count(*) from bags").fetch_one(&pool).await?;
    println!(
        "seeded {parents} parents, {bags} bags in all, {bills} bills in {:.1} s; operators op-<area> / {OPERATOR_PASSWORD}",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One dispatcher per area (`op-lucknow`, …), created or reset; all share one password hash.
async fn operators(pool: &sqlx::PgPool) -> anyhow::Result<Vec<(Uuid, String)>> {
    let hasher = PasswordHasher::new(1).map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    let password = Password::parse("password", OPERATOR_PASSWORD)?;
    let hash = hasher.hash(&password).await.map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
    let mut operators = Vec::new();
    for area in AREAS {
        let username = format!("op-{area}");
        let mut conn = pool.acquire().await?;
        let record = NewUserRecord {
            username: &username,
            display_name: "",
            password_hash: &hash,
            role: Role::Dispatcher.as_str(),
            area: Some(area),
        };
        let created = user::upsert(&mut conn, record).await?;
        operators.push((created.id, area.to_owned()));
    }
    Ok(operators)
}
