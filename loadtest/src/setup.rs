//! Before the users start, an admin prepares what they need through the public API: the
//! `loadtest` parent type and one account per simulated user. Both survive the run, so a
//! second run finds them (409 duplicate is fine).

use anyhow::{Context, bail};
use serde_json::{Value, json};

use crate::plan::{Account, PARENT_PATTERN, PARENT_TYPE, RolePlan};
use crate::scenario::ScenarioFile;

pub const PASSWORD: &str = "Loadtest-Pass-2026!";
/// Accounts created at once: each costs an argon2 hash on the server.
const PARALLEL: usize = 8;

pub struct Admin {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Admin {
    pub async fn sign_in(host: &str, username: &str, password: &str) -> anyhow::Result<Self> {
        let http = reqwest::Client::new();
        let base = format!("{}/api/v1", host.trim_end_matches('/'));
        let response = http
            .post(format!("{base}/auth/login"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .with_context(|| format!("cannot reach {host}"))?;
        if !response.status().is_success() {
            bail!("admin sign-in failed: {} {}", response.status(), response.text().await.unwrap_or_default());
        }
        let body: Value = response.json().await?;
        let token = body["access_token"].as_str().context("no access_token in the login answer")?.to_owned();
        Ok(Self { http, base, token })
    }

    async fn post(&self, path: &str, body: Value) -> anyhow::Result<(u16, Value)> {
        let response =
            self.http.post(format!("{}{path}", self.base)).bearer_auth(&self.token).json(&body).send().await?;
        let status = response.status().as_u16();
        Ok((status, response.json().await.unwrap_or(Value::Null)))
    }

    /// A new key with the `read` and `epcis` scopes; its secret.
    async fn api_key(&self, name: &str) -> anyhow::Result<String> {
        match self.post("/api-keys", json!({"name": name, "scopes": ["read", "epcis"]})).await? {
            (201, body) => Ok(body["secret"].as_str().context("no secret in the key's answer")?.to_owned()),
            (status, body) => bail!("creating an API key: {status} {body}"),
        }
    }

    /// An access token for the stream listeners (`stream.rs`).
    pub fn token(&self) -> &str {
        &self.token
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    async fn areas(&self) -> anyhow::Result<Vec<String>> {
        let response = self.http.get(format!("{}/areas", self.base)).bearer_auth(&self.token).send().await?;
        let body: Value = response.error_for_status()?.json().await?;
        let codes: Vec<String> = body["items"]
            .as_array()
            .map(|items| items.iter().filter_map(|a| a["code"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        anyhow::ensure!(!codes.is_empty(), "the server has no areas");
        Ok(codes)
    }

    async fn ensure_parent_type(&self) -> anyhow::Result<()> {
        let body = json!({"code": PARENT_TYPE, "name": "Load test", "qr_pattern": PARENT_PATTERN,
                          "max_children": 30, "expected_weight_kg": 30.0, "child_weight_kg": 1.0});
        match self.post("/parent-types", body).await? {
            (201 | 409, _) => Ok(()),
            (status, body) => bail!("creating the parent type: {status} {body}"),
        }
    }
}

/// Creates the parent type and the accounts the scenario's roles use, returning the plan's roles.
pub async fn prepare(admin: Admin, scenario: &ScenarioFile) -> anyhow::Result<Vec<RolePlan>> {
    admin.ensure_parent_type().await?;
    let areas = admin.areas().await?;
    let admin = std::sync::Arc::new(admin);
    let per_role = scenario.users_per_role();
    let mut roles = Vec::new();
    for (role_index, (mix, users)) in scenario.roles.iter().zip(per_role).enumerate() {
        let count = mix.accounts.unwrap_or(users).max(1);
        if mix.role == "integration" {
            // One API key for the integration's users, as a partner system would hold.
            let key = admin.api_key(&format!("load test {}", scenario.name)).await?;
            eprintln!("setup: an API key for {users} integration users");
            let accounts = vec![Account {
                username: "integration".into(),
                password: String::new(),
                area: areas[0].clone(),
                role_index,
                api_key: Some(key),
            }];
            roles.push(RolePlan::new(mix.think_ms, false, accounts));
            continue;
        }
        let accounts: Vec<Account> = (0..count)
            .map(|i| Account {
                username: format!("lt-{}-{i:03}", mix.role),
                password: PASSWORD.to_owned(),
                area: areas[i % areas.len()].clone(),
                role_index,
                api_key: None,
            })
            .collect();
        eprintln!("setup: {count} {} accounts", mix.role);
        for chunk in accounts.chunks(PARALLEL) {
            let mut tasks = tokio::task::JoinSet::new();
            for account in chunk {
                let (admin, account, role) = (admin.clone(), account.clone(), mix.role.clone());
                tasks.spawn(async move { create_account(&admin, &account, &role).await });
            }
            while let Some(done) = tasks.join_next().await {
                done??;
            }
        }
        roles.push(RolePlan::new(mix.think_ms, mix.login_first, accounts));
    }
    Ok(roles)
}

async fn create_account(admin: &Admin, account: &Account, role: &str) -> anyhow::Result<()> {
    let area = (role == "dispatcher").then_some(account.area.as_str());
    let body = json!({"username": account.username, "password": account.password, "role": role, "area": area,
                      "display_name": format!("Load test {}", account.username)});
    match admin.post("/users", body).await? {
        (201 | 409, _) => Ok(()),
        (status, body) => bail!("creating {}: {status} {body}", account.username),
    }
}
