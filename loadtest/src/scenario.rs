//! Scenario files (`loadtest/scenarios/*.toml`): how many users, for how long, in which roles,
//! doing what and how often. The transactions a file may name are listed in `flows::by_name`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Simulated users in all; split between the roles by their `share`.
    pub users: usize,
    /// How long the users run, in seconds (ignored when `iterations` is set).
    #[serde(default)]
    pub run_time_secs: usize,
    /// Users started per second; the whole crowd at once when it equals `users`.
    pub hatch_per_sec: usize,
    /// Run each user's transactions this many times, then stop (0: until `run_time_secs`).
    #[serde(default)]
    pub iterations: usize,
    /// Dashboards holding the live stream open for the whole run, beside the users.
    #[serde(default)]
    pub stream_listeners: usize,
    pub roles: Vec<RoleMix>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoleMix {
    /// `admin`, `biller` or `dispatcher`: the role of the accounts these users sign in with;
    /// `integration`: users sharing one API key (read, epcis) that never sign in.
    pub role: String,
    /// Relative number of users in this role.
    pub share: usize,
    /// Pause between two steps of a user, uniformly drawn from `[min, max]` milliseconds.
    #[serde(default)]
    pub think_ms: [u64; 2],
    /// Sign in before the first transaction (false when signing in is what is measured).
    #[serde(default = "yes")]
    pub login_first: bool,
    /// Accounts to create for this role (default: one per user of the role).
    #[serde(default)]
    pub accounts: Option<usize>,
    /// Transaction name → weight.
    pub transactions: BTreeMap<String, usize>,
}

fn yes() -> bool {
    true
}

impl ScenarioFile {
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let scenario: Self = toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        scenario.check()?;
        Ok(scenario)
    }

    fn check(&self) -> anyhow::Result<()> {
        anyhow::ensure!(self.users > 0, "{}: users must be at least 1", self.name);
        anyhow::ensure!(self.hatch_per_sec > 0, "{}: hatch_per_sec must be at least 1", self.name);
        anyhow::ensure!(
            self.iterations > 0 || self.run_time_secs > 0,
            "{}: give run_time_secs or iterations",
            self.name
        );
        anyhow::ensure!(!self.roles.is_empty(), "{}: no roles", self.name);
        for role in &self.roles {
            anyhow::ensure!(
                matches!(role.role.as_str(), "admin" | "biller" | "dispatcher" | "integration"),
                "{}: unknown role {}",
                self.name,
                role.role
            );
            anyhow::ensure!(role.share > 0, "{}: role {} has share 0", self.name, role.role);
            anyhow::ensure!(role.think_ms[0] <= role.think_ms[1], "{}: think_ms must be [min, max]", self.name);
            for name in role.transactions.keys() {
                anyhow::ensure!(
                    crate::flows::NAMES.contains(&name.as_str()),
                    "{}: unknown transaction {name} (known: {})",
                    self.name,
                    crate::flows::NAMES.join(", ")
                );
            }
        }
        Ok(())
    }

    /// Users of each role, in the order of `roles`, adding up to `users`.
    pub fn users_per_role(&self) -> Vec<usize> {
        let total_share: usize = self.roles.iter().map(|r| r.share).sum();
        let mut counts: Vec<usize> = self.roles.iter().map(|r| self.users * r.share / total_share).collect();
        let mut missing = self.users - counts.iter().sum::<usize>();
        for count in counts.iter_mut() {
            if missing == 0 {
                break;
            }
            *count += 1;
            missing -= 1;
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> anyhow::Result<ScenarioFile> {
        let scenario: ScenarioFile = toml::from_str(text)?;
        scenario.check()?;
        Ok(scenario)
    }

    #[test]
    fn every_shipped_scenario_parses() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("scenarios dir: {e}")) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if let Err(error) = ScenarioFile::load(&path) {
                panic!("{}: {error:#}", path.display());
            }
            seen += 1;
        }
        assert!(seen >= 4, "expected the four scenarios of the issue, found {seen}");
    }

    #[test]
    fn users_are_split_by_share_and_add_up() {
        let scenario = parse(
            r#"name = "t"
users = 500
run_time_secs = 1
hatch_per_sec = 10
[[roles]]
role = "dispatcher"
share = 60
transactions = { pack_parent = 1 }
[[roles]]
role = "biller"
share = 30
transactions = { fill_bill = 1 }
[[roles]]
role = "admin"
share = 10
transactions = { stats = 1 }"#,
        );
        let scenario = scenario.unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(scenario.users_per_role(), vec![300, 150, 50]);
    }

    #[test]
    fn unknown_transactions_and_roles_are_refused() {
        let base = "name = \"t\"\nusers = 3\nrun_time_secs = 1\nhatch_per_sec = 1\n[[roles]]\nshare = 1\n";
        assert!(parse(&format!("{base}role = \"admin\"\ntransactions = {{ nope = 1 }}")).is_err());
        assert!(parse(&format!("{base}role = \"root\"\ntransactions = {{ stats = 1 }}")).is_err());
        assert!(parse(&format!("{base}role = \"admin\"\ntransactions = {{ stats = 1 }}")).is_ok());
    }
}
