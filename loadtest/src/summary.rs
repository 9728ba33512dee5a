//! `tracetrack-loadtest results`: one runner pass's reports, ceilings and invariant checks
//! → `loadtest/RESULTS.md`, every target of the issue with its measured figure and verdict.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Parser;
use serde::Deserialize;

use crate::report::Report;

#[derive(Parser)]
pub struct ResultsArgs {
    /// The runner's output: `large/*.json`, `small/*.json`, `ceilings.json`, `machine.txt`.
    #[arg(long)]
    pub dir: PathBuf,
    /// Hand-written notes (causes, what was learned) appended after the figures.
    #[arg(long)]
    pub notes: Option<PathBuf>,
    #[arg(long, default_value = "loadtest/RESULTS.md")]
    pub out: PathBuf,
}

/// What the runner measured besides the scenarios (written by `loadtest/run.sh`).
#[derive(Debug, Deserialize)]
pub struct Ceilings {
    pub health_live_rps: f64,
    /// `GET /stats` under the same wrk load as `/health/live`.
    pub stats_wrk_rps: f64,
    pub stats_wrk_p99_ms: f64,
    pub stats_wrk_non2xx: u64,
    pub pgbench_tps: f64,
    /// Median of sequential single logins: one argon2 verification plus the round trip.
    pub login_single_ms: f64,
    pub cores: f64,
    pub seed_seconds_large: f64,
    pub bags_large: u64,
    pub bags_small: u64,
    pub invariant_violations: u64,
    pub invariants: String,
    pub command: String,
    /// The ten-times pass (`HUGE=1`): zero when it did not run.
    #[serde(default)]
    pub seed_seconds_huge: f64,
    #[serde(default)]
    pub bags_huge: u64,
    #[serde(default)]
    pub parents_huge: u64,
}

struct Row {
    what: String,
    target: String,
    measured: String,
    met: bool,
}

pub fn write(args: &ResultsArgs) -> anyhow::Result<()> {
    let ceilings: Ceilings = serde_json::from_str(&std::fs::read_to_string(args.dir.join("ceilings.json"))?)?;
    let large = |name: &str| Report::load(&args.dir.join("large").join(format!("{name}.json")));
    let small = |name: &str| Report::load(&args.dir.join("small").join(format!("{name}.json")));
    let (seed_report, scan_burst, stats, lookup, login, shift) = (
        large("seed-report")?,
        large("scan-burst")?,
        large("stats")?,
        large("lookup")?,
        large("login-storm")?,
        large("shift")?,
    );
    let lookup_small = small("lookup")?;
    let mut rows = targets(&ceilings, &seed_report, &scan_burst, &stats, &lookup, &login, &shift);
    // Growth is compared at a fixed pace when the pass ran `lookup-paced` at both sizes (a p99 at
    // saturation is the length of the queue, which any added cost lengthens), else without pause.
    let paced = (large("lookup-paced").ok(), small("lookup-paced").ok());
    let (growth_large, growth_small) = match &paced {
        (Some(large), Some(small)) => (large, small),
        _ => (&lookup, &lookup_small),
    };
    rows.extend(growth_targets(&ceilings, growth_large, growth_small));
    // Issue 18's scenarios; absent from passes made before them.
    let integrations = large("shift-integrations").ok();
    let listening = large("scan-burst-listeners").ok();
    rows.extend(integration_targets(&scan_burst, integrations.as_ref(), listening.as_ref()));
    let huge = Report::load(&args.dir.join("huge").join("lookup.json")).ok();
    let huge_paced = Report::load(&args.dir.join("huge").join("lookup-paced.json")).ok();
    match (&huge_paced, &paced.0, &huge) {
        (Some(huge_paced), Some(large_paced), _) => rows.extend(huge_targets(&ceilings, large_paced, huge_paced)),
        (_, _, Some(huge)) => rows.extend(huge_targets(&ceilings, &lookup, huge)),
        _ => {}
    }

    let mut everything = vec![&seed_report, &scan_burst, &stats, &lookup, &login, &shift, &lookup_small];
    let optional = [&paced.0, &paced.1, &integrations, &listening, &huge, &huge_paced];
    everything.extend(optional.into_iter().flatten());
    rows.push(memory_target(&everything));

    let mut md = String::new();
    md.push_str("# Load test results\n\n");
    md.push_str(
        "Written by `tracetrack-loadtest results` from one pass of `loadtest/run.sh`; every figure below comes\n",
    );
    md.push_str(
        "from that pass, on the machine described at the end, with the load generator on the same 2 cores.\n\n",
    );
    let _ = writeln!(md, "Command: `{}`\n", ceilings.command);
    let limits = std::env::var("TRACETRACK_RATE_LIMITS").unwrap_or_else(|_| "on (defaults)".to_owned());
    let _ = writeln!(
        md,
        "Request-rate limits of the server under test: `TRACETRACK_RATE_LIMITS={limits}` (a load generator is many \
         users on one address, far past one client's limit; the limits are measured by their own tests).\n"
    );
    md.push_str("## Targets\n\n| what | target | measured | met |\n|---|---|---|---|\n");
    for row in &rows {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            row.what,
            row.target,
            row.measured,
            if row.met { "yes" } else { "**no**" }
        );
    }
    let _ = writeln!(
        md,
        "\n## Ceilings measured in the same pass\n\n- `wrk -t2 -c64 -d15s` on `/health/live`: {:.0} requests/s; on `GET /stats` with a bearer token: {:.0} requests/s\n- `pgbench` tpcb-like on the same PostgreSQL: {:.0} transactions/s\n- one login alone (argon2id verification + round trip): {:.1} ms → 100 logins over {} cores: {:.0} ms\n- seeding {} bags: {:.0} s\n\n## Invariants after all scenarios\n\n```\n{}\n```\n",
        ceilings.health_live_rps,
        ceilings.stats_wrk_rps,
        ceilings.pgbench_tps,
        ceilings.login_single_ms,
        ceilings.cores,
        argon2_bound(&ceilings),
        ceilings.bags_large,
        ceilings.seed_seconds_large,
        ceilings.invariants.trim_end()
    );
    md.push_str("## Scenarios at the large size\n\n");
    for report in [&seed_report, &shift, &scan_burst, &stats, &lookup, &login]
        .into_iter()
        .chain(&paced.0)
        .chain(&integrations)
        .chain(&listening)
    {
        md.push_str(&report.markdown());
        md.push('\n');
    }
    let _ = writeln!(md, "## At the small size ({} bags)\n", ceilings.bags_small);
    md.push_str(&lookup_small.markdown());
    if let Some(paced) = &paced.1 {
        md.push('\n');
        md.push_str(&paced.markdown());
    }
    if huge.is_some() || huge_paced.is_some() {
        let _ = writeln!(md, "\n## At ten times the large size ({} bags)\n", ceilings.bags_huge);
    }
    for report in huge.iter().chain(&huge_paced) {
        md.push_str(&report.markdown());
        md.push('\n');
    }
    if let Some(notes) = &args.notes {
        md.push('\n');
        md.push_str(&std::fs::read_to_string(notes)?);
    }
    if let Ok(machine) = std::fs::read_to_string(args.dir.join("machine.txt")) {
        let _ = writeln!(md, "\n## Machine\n\n```\n{}\n```", machine.trim_end());
    }
    std::fs::write(&args.out, md)?;
    eprintln!("wrote {}", args.out.display());
    Ok(())
}

/// `shift` with an integration polling EPCIS and 200 stream listeners: as clean as `shift`; 500
/// listeners beside `scan-burst`: child-scan p99 within 10 % of `scan-burst` without them.
fn integration_targets(scan_burst: &Report, integrations: Option<&Report>, listening: Option<&Report>) -> Vec<Row> {
    let mut rows = Vec::new();
    if let Some(run) = integrations {
        let p99 = run.overall_without_logins.p99_ms;
        let stream = run.stream.clone().unwrap_or_default();
        let epcis = run
            .endpoint("GET /epcis/events")
            .map_or("none".into(), |e| format!("{} at p99 {:.1} ms", e.requests, e.p99_ms));
        rows.push(Row {
            what: "`shift-integrations` (shift + EPCIS polling + 200 stream listeners)".into(),
            target: "0 errors; p99 ≤ 100 ms; every listener connected, none failed".into(),
            measured: format!(
                "{} errors; p99 {p99:.1} ms; EPCIS polls {epcis}; {} of {} listeners connected, {} failures, {} changes heard",
                run.errors, stream.connected, stream.listeners, stream.failures, stream.change_messages
            ),
            met: run.errors == 0 && p99 <= 100.0 && stream.failures == 0 && stream.connected as usize >= stream.listeners,
        });
    }
    if let (Some(run), Some(alone)) = (listening, scan_burst.endpoint("POST /scans/child")) {
        let with = run.endpoint("POST /scans/child").map_or(f64::NAN, |e| e.p99_ms);
        let stream = run.stream.clone().unwrap_or_default();
        rows.push(Row {
            what: "500 stream listeners beside `scan-burst`".into(),
            target: "child-scan p99 ≤ 1.1 × without them".into(),
            measured: format!(
                "{with:.1} ms vs {:.1} ms = {:.2}×; {} of {} listeners connected",
                alone.p99_ms,
                with / alone.p99_ms.max(0.001),
                stream.connected,
                stream.listeners
            ),
            met: with <= 1.1 * alone.p99_ms && stream.connected as usize >= stream.listeners,
        });
    }
    rows
}

/// The endpoints whose p99 must not grow with the data (`lookup` runs them at every size).
const GROWTH: [&str; 7] =
    ["GET /bags/{qr}", "GET /trace/{qr}", "GET /stats", "POST /scans/child", "GET /bags", "GET /events", "GET /bills"];

/// 150 k → 1.5 M: each endpoint's p99 within 1.3×, in the same scenario at both sizes.
fn growth_targets(c: &Ceilings, large: &Report, small: &Report) -> Vec<Row> {
    let mut rows = Vec::new();
    for name in GROWTH {
        let (Some(big), Some(little)) = (large.endpoint(name), small.endpoint(name)) else { continue };
        let growth = big.p99_ms / little.p99_ms.max(0.001);
        rows.push(Row {
            what: format!("growth of `{name}` (`{}`)", large.scenario),
            target: format!("p99 at {} bags ≤ 1.3 × p99 at {}", c.bags_large, c.bags_small),
            measured: format!("{:.2} ms vs {:.2} ms = {growth:.2}×", big.p99_ms, little.p99_ms),
            met: growth <= 1.3,
        });
    }
    rows
}

/// The ten-times pass: p99s within 1.5× of the large size's in the same scenario, and its seed in 8 minutes.
fn huge_targets(c: &Ceilings, lookup: &Report, huge: &Report) -> Vec<Row> {
    let mut rows = vec![Row {
        what: format!("`tracetrack seed --parents {}`", c.parents_huge),
        target: "≤ 8 minutes".into(),
        measured: format!("{:.0} s for {} bags", c.seed_seconds_huge, c.bags_huge),
        met: c.seed_seconds_huge > 0.0 && c.seed_seconds_huge <= 480.0,
    }];
    for name in GROWTH {
        let (Some(big), Some(large)) = (huge.endpoint(name), lookup.endpoint(name)) else { continue };
        let growth = big.p99_ms / large.p99_ms.max(0.001);
        rows.push(Row {
            what: format!("growth of `{name}` to {} bags (`{}`)", c.bags_huge, huge.scenario),
            target: format!("p99 ≤ 1.5 × p99 at {} bags", c.bags_large),
            measured: format!("{:.2} ms vs {:.2} ms = {growth:.2}×", big.p99_ms, large.p99_ms),
            met: growth <= 1.5,
        });
    }
    rows
}

fn login_p99(report: &Report) -> String {
    report.endpoint(crate::report::LOGIN).map_or("none".into(), |e| format!("{} at p99 {:.0} ms", e.requests, e.p99_ms))
}

fn argon2_bound(c: &Ceilings) -> f64 {
    100.0 * c.login_single_ms / c.cores.max(1.0)
}

#[allow(clippy::too_many_arguments)]
fn targets(
    c: &Ceilings,
    seed_report: &Report,
    scan_burst: &Report,
    stats: &Report,
    lookup: &Report,
    login: &Report,
    shift: &Report,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let p99 = seed_report.overall_without_logins.p99_ms;
    rows.push(Row {
        what: "`seed-report` (55 users)".into(),
        target: "0 errors; p99 ≤ 30 ms; ≥ 4,400 requests/s (200 × the old 22)".into(),
        measured: format!(
            "{} errors; p99 {p99:.1} ms (sign-ins apart: {}); {:.0} requests/s",
            seed_report.errors,
            login_p99(seed_report),
            seed_report.per_sec
        ),
        met: seed_report.errors == 0 && p99 <= 30.0 && seed_report.per_sec >= 4400.0,
    });
    let child = scan_burst.endpoint("POST /scans/child");
    let (child_rps, child_p99, child_errors) =
        child.map_or((0.0, f64::NAN, 1), |e| (e.per_sec, e.p99_ms, e.errors.values().sum::<u64>()));
    let ratio = child_rps / c.pgbench_tps.max(1.0);
    rows.push(Row {
        what: "child scans (`scan-burst`)".into(),
        target: "≥ 50 % of pgbench tps; p99 ≤ 30 ms; every scan linked; invariants intact".into(),
        measured: format!(
            "{child_rps:.0}/s = {:.0} % of {:.0}; p99 {child_p99:.1} ms; {child_errors} failed; {} invariant violations",
            ratio * 100.0,
            c.pgbench_tps,
            c.invariant_violations
        ),
        met: ratio >= 0.5 && child_p99 <= 30.0 && child_errors == 0 && c.invariant_violations == 0,
    });
    let stats_ratio = c.stats_wrk_rps / c.health_live_rps.max(1.0);
    let goose_stats_p99 = stats.endpoint("GET /stats").map_or(f64::NAN, |e| e.p99_ms);
    rows.push(Row {
        what: "`GET /stats` (wrk, 64 connections, as for `/health/live`)".into(),
        target: "≥ 80 % of `/health/live` requests/s; p99 ≤ 5 ms".into(),
        measured: format!(
            "{:.0}/s = {:.0} % of {:.0}; p99 {:.2} ms ({} non-2xx); with 16 goose users p99 {goose_stats_p99:.2} ms",
            c.stats_wrk_rps,
            stats_ratio * 100.0,
            c.health_live_rps,
            c.stats_wrk_p99_ms,
            c.stats_wrk_non2xx
        ),
        met: stats_ratio >= 0.8 && c.stats_wrk_p99_ms <= 5.0 && c.stats_wrk_non2xx == 0,
    });
    for name in ["GET /bags/{qr}", "GET /trace/{qr}"] {
        let p = lookup.endpoint(name).map_or(f64::NAN, |e| e.p99_ms);
        rows.push(Row {
            what: format!("`{name}` at {} bags", c.bags_large),
            target: "p99 ≤ 10 ms".into(),
            measured: format!("p99 {p:.2} ms"),
            met: p <= 10.0,
        });
    }
    let bound = argon2_bound(c);
    let login_row = login.endpoint("POST /auth/login");
    let (logins, login_ok, storm_p99) = login_row.map_or((0, 0, f64::NAN), |e| (e.requests, e.ok, e.p99_ms));
    rows.push(Row {
        what: "`login-storm` (100 users at once)".into(),
        target: format!("every login succeeds; p99 ≤ 2 × {bound:.0} ms"),
        measured: format!("{login_ok}/{logins} succeeded; p99 {storm_p99:.0} ms"),
        met: logins == 100 && login_ok == 100 && storm_p99 <= 2.0 * bound,
    });
    let shift_p99 = shift.overall_without_logins.p99_ms;
    rows.push(Row {
        what: "`shift` (500 users)".into(),
        target: "0 errors; p99 ≤ 50 ms".into(),
        measured: format!("{} errors; p99 {shift_p99:.1} ms (sign-ins apart: {})", shift.errors, login_p99(shift)),
        met: shift.errors == 0 && shift_p99 <= 50.0,
    });
    rows
}

/// The server's resident memory over every scenario of the pass (each size's server sampled
/// while each ran), with the scenario that peaked.
fn memory_target(reports: &[&Report]) -> Row {
    let peak = reports
        .iter()
        .filter_map(|r| r.server_peak_rss_mib.map(|mib| (mib, r.scenario.as_str())))
        .fold((0.0, ""), |most, this| if this.0 > most.0 { this } else { most });
    Row {
        what: "server memory".into(),
        target: "≤ 100 MiB resident throughout every scenario".into(),
        measured: format!("peak {:.0} MiB (in `{}`)", peak.0, peak.1),
        met: peak.0 > 0.0 && peak.0 <= 100.0,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::report::EndpointRow;

    fn row(endpoint: &str, requests: u64, ok: u64, per_sec: f64, p99_ms: f64, errors: u64) -> EndpointRow {
        let errors = if errors > 0 { BTreeMap::from([("500 internal".to_owned(), errors)]) } else { BTreeMap::new() };
        EndpointRow {
            endpoint: endpoint.into(),
            requests,
            ok,
            expected_refusals: BTreeMap::new(),
            errors,
            per_sec,
            p50_ms: p99_ms / 4.0,
            p95_ms: p99_ms / 2.0,
            p99_ms,
            max_ms: p99_ms * 2.0,
        }
    }

    fn report(name: &str, per_sec: f64, errors: u64, rows: Vec<EndpointRow>) -> Report {
        let p99 = rows.iter().map(|r| r.p99_ms).fold(0.0, f64::max);
        Report {
            scenario: name.into(),
            description: String::new(),
            host: "http://test".into(),
            started_at: String::new(),
            users: 1,
            seconds: 1.0,
            requests: rows.iter().map(|r| r.requests).sum(),
            errors,
            per_sec,
            server_peak_rss_mib: Some(90.0),
            stream: None,
            overall: row("all requests", 0, 0, per_sec, p99, errors),
            overall_without_logins: row("all but sign-ins", 0, 0, per_sec, p99, errors),
            endpoints: rows,
        }
    }

    fn ceilings() -> Ceilings {
        Ceilings {
            health_live_rps: 80_000.0,
            stats_wrk_rps: 68_000.0,
            stats_wrk_p99_ms: 4.0,
            stats_wrk_non2xx: 0,
            pgbench_tps: 2_000.0,
            login_single_ms: 20.0,
            cores: 2.0,
            seed_seconds_large: 70.0,
            bags_large: 1_500_000,
            bags_small: 150_000,
            invariant_violations: 0,
            invariants: String::new(),
            command: String::new(),
            seed_seconds_huge: 0.0,
            bags_huge: 0,
            parents_huge: 0,
        }
    }

    /// (seed-report, scan-burst, stats, lookup large, lookup small, login-storm, shift), all passing.
    fn passing() -> [Report; 7] {
        let lookup = |p99| {
            vec![
                row("GET /bags/{qr}", 100, 100, 10.0, p99, 0),
                row("GET /trace/{qr}", 100, 100, 10.0, p99, 0),
                row("GET /stats", 100, 100, 10.0, p99 / 2.0, 0),
                row("POST /scans/child", 100, 100, 10.0, p99, 0),
                row("GET /bags", 100, 100, 10.0, p99, 0),
                row("GET /events", 100, 100, 10.0, p99, 0),
                row("GET /bills", 100, 100, 10.0, p99, 0),
            ]
        };
        [
            report("seed-report", 4_500.0, 0, vec![row("GET /bills", 1000, 1000, 4_500.0, 25.0, 0)]),
            report("scan-burst", 1_100.0, 0, vec![row("POST /scans/child", 1000, 1000, 1_100.0, 25.0, 0)]),
            report("stats", 9_000.0, 0, vec![row("GET /stats", 1000, 1000, 9_000.0, 2.0, 0)]),
            report("lookup", 500.0, 0, lookup(9.0)),
            report("lookup", 500.0, 0, lookup(8.0)),
            report("login-storm", 50.0, 0, vec![row("POST /auth/login", 100, 100, 50.0, 1_500.0, 0)]),
            report("shift", 200.0, 0, vec![row("POST /scans/child", 1000, 1000, 100.0, 40.0, 0)]),
        ]
    }

    fn verdicts(c: &Ceilings, r: &[Report; 7]) -> Vec<(String, bool)> {
        let mut rows = targets(c, &r[0], &r[1], &r[2], &r[3], &r[5], &r[6]);
        rows.extend(growth_targets(c, &r[3], &r[4]));
        rows.push(memory_target(&r.iter().collect::<Vec<_>>()));
        rows.into_iter().map(|row| (row.what, row.met)).collect()
    }

    #[test]
    fn every_target_is_met_when_every_figure_is_inside_it() {
        let all = verdicts(&ceilings(), &passing());
        assert_eq!(all.len(), 15, "{all:?}");
        assert!(all.iter().all(|(_, met)| *met), "{all:?}");
    }

    #[test]
    fn each_kind_of_miss_is_reported_as_a_miss() {
        let missed = |c: &Ceilings, r: &[Report; 7]| -> Vec<String> {
            verdicts(c, r).into_iter().filter(|(_, met)| !met).map(|(what, _)| what).collect()
        };
        // Child scans at 45 % of pgbench.
        let mut slow = passing();
        slow[1] = report("scan-burst", 900.0, 0, vec![row("POST /scans/child", 1000, 1000, 900.0, 25.0, 0)]);
        assert_eq!(missed(&ceilings(), &slow), ["child scans (`scan-burst`)"]);
        // One login of 100 failed.
        let mut failed = passing();
        failed[5] = report("login-storm", 50.0, 1, vec![row("POST /auth/login", 100, 99, 50.0, 1_500.0, 1)]);
        assert_eq!(missed(&ceilings(), &failed), ["`login-storm` (100 users at once)"]);
        // A broken invariant fails the scan target even when the speed is fine.
        let broken = Ceilings { invariant_violations: 1, ..ceilings() };
        assert_eq!(missed(&broken, &passing()), ["child scans (`scan-burst`)"]);
        // /stats below 80 % of /health/live.
        let slow_stats = Ceilings { stats_wrk_rps: 60_000.0, ..ceilings() };
        assert_eq!(missed(&slow_stats, &passing()), ["`GET /stats` (wrk, 64 connections, as for `/health/live`)"]);
        // Bag reads twice as slow at the large size: both the absolute and the growth target miss.
        let mut grown = passing();
        grown[3].endpoints[0].p99_ms = 12.0;
        assert_eq!(
            missed(&ceilings(), &grown),
            ["`GET /bags/{qr}` at 1500000 bags", "growth of `GET /bags/{qr}` (`lookup`)"]
        );
        // A list 1.4 times slower at the large size: within the first round's 1.5, not this one's 1.3.
        let mut list = passing();
        list[3].endpoints[4].p99_ms = 11.2;
        assert_eq!(missed(&ceilings(), &list), ["growth of `GET /bags` (`lookup`)"]);
        // The seed mix below 200 × the old system's 22 requests/s.
        let mut few = passing();
        few[0] = report("seed-report", 4_000.0, 0, vec![row("GET /bills", 1000, 1000, 4_000.0, 25.0, 0)]);
        assert_eq!(missed(&ceilings(), &few), ["`seed-report` (55 users)"]);
    }

    #[test]
    fn memory_is_the_peak_of_every_scenario_with_its_name() {
        let fine = passing();
        let mut listeners = report("shift-integrations", 200.0, 0, Vec::new());
        listeners.server_peak_rss_mib = Some(101.0);
        let mut all: Vec<&Report> = fine.iter().collect();
        assert!(memory_target(&all).met);
        all.push(&listeners);
        let row = memory_target(&all);
        assert!(!row.met, "a scenario outside the core six over 100 MiB is a miss");
        assert_eq!(row.measured, "peak 101 MiB (in `shift-integrations`)");
        assert!(!memory_target(&[]).met, "no sample is not a pass");
    }

    #[test]
    fn the_ten_times_pass_holds_growth_and_seed_time() {
        let lookup = |p99| report("lookup", 100.0, 0, vec![row("GET /bags/{qr}", 100, 100, 10.0, p99, 0)]);
        let c = Ceilings { seed_seconds_huge: 400.0, bags_huge: 15_000_000, parents_huge: 500_000, ..ceilings() };
        assert!(huge_targets(&c, &lookup(8.0), &lookup(11.0)).iter().all(|r| r.met));
        let grown = huge_targets(&c, &lookup(8.0), &lookup(13.0));
        assert!(!grown[1].met, "13 ms is more than 1.5 × 8 ms");
        let slow = Ceilings { seed_seconds_huge: 600.0, ..c };
        assert!(!huge_targets(&slow, &lookup(8.0), &lookup(8.0))[0].met);
    }
}
