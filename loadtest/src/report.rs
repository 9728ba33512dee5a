//! The end-of-run report, as JSON (for the results summary) and Markdown (for people).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::record::{EndpointSummary, Recorder};
use crate::scenario::ScenarioFile;

#[derive(Debug, Serialize, Deserialize)]
pub struct Report {
    pub scenario: String,
    pub description: String,
    pub host: String,
    pub started_at: String,
    pub users: usize,
    pub seconds: f64,
    pub requests: u64,
    /// Requests that ended in an error (expected refusals are not errors).
    pub errors: u64,
    pub per_sec: f64,
    /// The server's peak resident memory while the scenario ran, when its pid was given.
    pub server_peak_rss_mib: Option<f64>,
    /// What the live-stream listeners heard, when the scenario had some.
    #[serde(default)]
    pub stream: Option<crate::stream::StreamSummary>,
    pub endpoints: Vec<EndpointRow>,
    /// Every request of the run in one row.
    pub overall: EndpointRow,
    /// Every request but the sign-ins (deliberately ~18 ms of argon2 each; `login-storm`
    /// measures them against their own bound).
    pub overall_without_logins: EndpointRow,
}

pub const LOGIN: &str = "POST /auth/login";

#[derive(Debug, Serialize, Deserialize)]
pub struct EndpointRow {
    pub endpoint: String,
    pub requests: u64,
    pub ok: u64,
    pub expected_refusals: std::collections::BTreeMap<String, u64>,
    pub errors: std::collections::BTreeMap<String, u64>,
    pub per_sec: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl From<EndpointSummary> for EndpointRow {
    fn from(s: EndpointSummary) -> Self {
        Self {
            endpoint: s.endpoint,
            requests: s.requests,
            ok: s.ok,
            expected_refusals: s.expected_refusals,
            errors: s.errors,
            per_sec: s.per_sec,
            p50_ms: s.p50_ms,
            p95_ms: s.p95_ms,
            p99_ms: s.p99_ms,
            max_ms: s.max_ms,
        }
    }
}

impl Report {
    pub fn new(
        scenario: &ScenarioFile,
        host: &str,
        started_at: String,
        seconds: f64,
        peak_rss_mib: Option<f64>,
        recorder: &Recorder,
        stream: Option<crate::stream::StreamSummary>,
    ) -> Self {
        let endpoints = recorder.summary(seconds);
        let overall = recorder.overall("all requests", seconds, &[]);
        let overall_without_logins = recorder.overall("all but sign-ins", seconds, &[LOGIN]);
        let requests = endpoints.iter().map(|e| e.requests).sum();
        let errors = endpoints.iter().map(|e| e.errors.values().sum::<u64>()).sum();
        Self {
            scenario: scenario.name.clone(),
            description: scenario.description.clone(),
            host: host.to_owned(),
            started_at,
            users: scenario.users,
            seconds,
            requests,
            errors,
            per_sec: requests as f64 / seconds.max(0.001),
            server_peak_rss_mib: peak_rss_mib,
            stream,
            endpoints: endpoints.into_iter().map(EndpointRow::from).collect(),
            overall: overall.into(),
            overall_without_logins: overall_without_logins.into(),
        }
    }

    pub fn load(path: &Path) -> anyhow::Result<Self> {
        Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
    }

    pub fn endpoint(&self, name: &str) -> Option<&EndpointRow> {
        self.endpoints.iter().find(|e| e.endpoint == name)
    }

    /// Writes `<dir>/<scenario>.json` and `.md`, returning the Markdown's path.
    pub fn write(&self, dir: &Path) -> anyhow::Result<PathBuf> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join(format!("{}.json", self.scenario)), serde_json::to_string_pretty(self)?)?;
        let markdown = dir.join(format!("{}.md", self.scenario));
        std::fs::write(&markdown, self.markdown())?;
        Ok(markdown)
    }

    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "## Scenario `{}`\n\n{}\n", self.scenario, self.description);
        let rss = self.server_peak_rss_mib.map_or("not sampled".to_owned(), |m| format!("{m:.0} MiB"));
        let _ = writeln!(
            md,
            "{} users against {} from {} for {:.1} s: **{} requests, {:.0} requests/s, {} errors**; server peak RSS {rss}.\n",
            self.users, self.host, self.started_at, self.seconds, self.requests, self.per_sec, self.errors
        );
        if let Some(s) = &self.stream {
            let _ = writeln!(
                md,
                "Live stream: {} listeners held `/stream` open (streams opened {}, failures {}); they heard {} activity and {} change messages.\n",
                s.listeners, s.connected, s.failures, s.activity_messages, s.change_messages
            );
        }
        md.push_str(
            "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | expected refusals |\n",
        );
        md.push_str("|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        for e in self.endpoints.iter().chain([&self.overall_without_logins, &self.overall]) {
            let _ = writeln!(
                md,
                "| {} | {} | {:.1} | {:.2} | {:.2} | {:.2} | {:.1} | {} | {} |",
                if e.endpoint.starts_with("all ") {
                    format!("**{}**", e.endpoint)
                } else {
                    format!("`{}`", e.endpoint)
                },
                e.requests,
                e.per_sec,
                e.p50_ms,
                e.p95_ms,
                e.p99_ms,
                e.max_ms,
                counts(&e.errors),
                counts(&e.expected_refusals)
            );
        }
        md
    }
}

fn counts(map: &std::collections::BTreeMap<String, u64>) -> String {
    if map.is_empty() {
        return "0".into();
    }
    map.iter().map(|(code, n)| format!("{n}× {code}")).collect::<Vec<_>>().join(", ")
}
