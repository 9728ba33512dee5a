//! `tracetrack-loadtest`: runs a scenario file against a TraceTrack server with goose and
//! writes a Markdown and a JSON report; `results` turns a runner's reports into RESULTS.md.

mod client;
mod flows;
mod plan;
mod record;
mod report;
mod rss;
mod scenario;
mod setup;
mod stream;
mod summary;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use goose::config::GooseConfiguration;
use goose::prelude::*;

use crate::report::Report;
use crate::scenario::ScenarioFile;

#[derive(Parser)]
#[command(name = "tracetrack-loadtest", about = "Load scenarios against TraceTrack's public API")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run one scenario file and write its report.
    Run(RunArgs),
    /// Turn the reports and ceilings of one runner pass into RESULTS.md.
    Results(summary::ResultsArgs),
    /// Only hold live streams open (dashboards) for a while, then print what they heard as
    /// JSON: run beside `run` in a process of its own (e.g. under `nice`), so the dashboards'
    /// own reading is not charged to the scenario's users, as when they sit on other machines.
    Listen(ListenArgs),
}

/// The server under test and the admin the generator signs in as.
#[derive(clap::Args)]
struct Server {
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    host: String,
    #[arg(long, default_value = "admin")]
    admin_user: String,
    #[arg(long, env = "TRACETRACK_ADMIN_PASSWORD", hide_env_values = true)]
    admin_password: String,
}

impl Server {
    async fn sign_in(&self) -> anyhow::Result<setup::Admin> {
        setup::Admin::sign_in(&self.host, &self.admin_user, &self.admin_password).await
    }
}

#[derive(Parser)]
struct ListenArgs {
    #[command(flatten)]
    server: Server,
    #[arg(long, default_value_t = 500)]
    listeners: usize,
    #[arg(long, default_value_t = 90)]
    seconds: u64,
}

async fn listen(args: ListenArgs) -> anyhow::Result<()> {
    let admin = args.server.sign_in().await?;
    let listeners = stream::start(admin.base(), admin.token(), args.listeners);
    tokio::time::sleep(Duration::from_secs(args.seconds)).await;
    println!("{}", serde_json::to_string(&listeners.stop())?);
    Ok(())
}

#[derive(Parser)]
struct RunArgs {
    /// The scenario file (loadtest/scenarios/*.toml).
    #[arg(long)]
    scenario: PathBuf,
    #[command(flatten)]
    server: Server,
    /// Parents the database was seeded with (`tracetrack seed --parents N`).
    #[arg(long, default_value_t = 50_000)]
    seed_parents: u64,
    /// Override the file's run time, in seconds (the CI smoke uses 10).
    #[arg(long)]
    run_time: Option<usize>,
    /// Override the file's number of users.
    #[arg(long)]
    users: Option<usize>,
    /// Where the reports go.
    #[arg(long, default_value = "loadtest/reports")]
    out: PathBuf,
    /// The server's pid, to sample its resident memory during the run.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Override the file's number of live-stream listeners (dashboards holding `/stream` open).
    #[arg(long)]
    stream_listeners: Option<usize>,
    /// Four digits that make this run's QRs and bill ids unique (default: from the clock).
    #[arg(long)]
    run_id: Option<u32>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Run(args) => run(args).await,
        Command::Results(args) => summary::write(&args),
        Command::Listen(args) => listen(args).await,
    }
}

async fn run(args: RunArgs) -> anyhow::Result<()> {
    let mut scenario = ScenarioFile::load(&args.scenario)?;
    if let Some(users) = args.users {
        scenario.users = users;
        scenario.hatch_per_sec = scenario.hatch_per_sec.min(users);
    }
    if let Some(seconds) = args.run_time {
        scenario.run_time_secs = seconds;
    }
    let run_id = args.run_id.unwrap_or_else(|| (chrono::Utc::now().timestamp() / 10 % 10_000) as u32);
    eprintln!("{}: {} users, run id {run_id:04}, against {}", scenario.name, scenario.users, args.server.host);

    if let Some(listeners) = args.stream_listeners {
        scenario.stream_listeners = listeners;
    }
    let admin = args.server.sign_in().await?;
    let (base, token) = (admin.base().to_owned(), admin.token().to_owned());
    let roles = setup::prepare(admin, &scenario).await?;
    plan::install(run_id, args.seed_parents, roles);

    let attack = build_attack(&scenario, &args.server.host)?;
    let sampler = args.server_pid.map(rss::Sampler::start);
    record::spawn_progress(Duration::from_secs(5));
    let started_at = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC").to_string();
    let listeners = (scenario.stream_listeners > 0).then(|| stream::start(&base, &token, scenario.stream_listeners));
    let started = Instant::now();
    attack.execute().await?;
    let seconds = started.elapsed().as_secs_f64();
    let heard = listeners.map(stream::Listeners::stop);

    let peak = sampler.map(|s| s.stop());
    let report = Report::new(&scenario, &args.server.host, started_at, seconds, peak, record::recorder(), heard);
    let path = report.write(&args.out)?;
    println!("{}", report.markdown());
    eprintln!("report written to {} (and .json)", path.display());
    Ok(())
}

fn build_attack(scenario: &ScenarioFile, host: &str) -> anyhow::Result<GooseAttack> {
    let mut attack = GooseAttack::initialize_with_config(GooseConfiguration::default())?;
    for (index, (mix, users)) in scenario.roles.iter().zip(scenario.users_per_role()).enumerate() {
        if users == 0 {
            continue;
        }
        let mut goose_scenario = Scenario::new(&mix.role).set_weight(users)?.register_transaction(flows::start(index));
        for (name, weight) in &mix.transactions {
            goose_scenario = goose_scenario.register_transaction(flows::by_name(name)?.set_weight(*weight)?);
        }
        attack = attack.register_scenario(goose_scenario);
    }
    let mut attack = *attack
        .set_default(GooseDefault::Host, host)?
        .set_default(GooseDefault::Users, scenario.users)?
        .set_default(GooseDefault::IncreaseRate, scenario.hatch_per_sec.to_string().as_str())?
        .set_default(GooseDefault::NoTelnet, true)?
        .set_default(GooseDefault::NoWebSocket, true)?
        .set_default(GooseDefault::NoPrintMetrics, true)?
        .set_default(GooseDefault::NoErrorSummary, true)?
        // Every figure in the report is `record.rs`'s own; goose's copy of each request, sent to
        // its parent task and aggregated there, cost the cores the server is measured on.
        .set_default(GooseDefault::NoMetrics, true)?;
    attack = if scenario.iterations > 0 {
        *attack.set_default(GooseDefault::Iterations, scenario.iterations)?
    } else {
        *attack
            .set_default(GooseDefault::RunTime, scenario.run_time_secs)?
            .set_default(GooseDefault::NoResetMetrics, true)?
    };
    Ok(attack)
}
