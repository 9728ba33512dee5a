//! One API call of a simulated user: bearer token (refreshed before it expires), JSON body,
//! optional Idempotency-Key, timing through the last body byte, and the outcome by problem
//! `code` — a refusal the flow asked for counts as expected, not as an error.

use std::time::{Duration, Instant};

use goose::prelude::*;
use serde_json::{Value, json};

use crate::plan::{Account, plan};
use crate::record::{Outcome, recorder};

/// What a user carries between transactions.
#[derive(Clone, Default)]
pub struct UserState {
    pub account: Option<Account>,
    pub tokens: Option<Tokens>,
    /// The parent this user is packing and how many children it scanned into it.
    pub packing: Option<Packing>,
    /// Children of the parent packed before, for provoking `child_linked_elsewhere`.
    pub previous_children: Vec<String>,
}

#[derive(Clone)]
pub struct Tokens {
    access: String,
    refresh: String,
    renew_after: Instant,
}

#[derive(Clone)]
pub struct Packing {
    pub parent_qr: String,
    pub seq: u64,
    pub scanned: u32,
}

/// A response as it came: the body is parsed only when a flow reads it (a few calls do), so the
/// load generator does not spend the cores it shares with the server on JSON nobody looks at.
pub struct Reply {
    pub status: u16,
    bytes: Vec<u8>,
}

impl Reply {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as JSON (`Null` when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }

    /// The problem's `code`, or "" for a success or a body without one.
    pub fn code(&self) -> String {
        if self.ok() {
            return String::new();
        }
        self.json().get("code").and_then(Value::as_str).unwrap_or("").to_owned()
    }
}

pub struct Call<'a> {
    pub method: GooseMethod,
    pub path: String,
    /// The endpoint's name in the report (`POST /scans/child`), so paths with ids group.
    pub name: &'a str,
    pub body: Option<Value>,
    pub idempotency_key: Option<String>,
    /// Problem codes this call provokes on purpose.
    pub expect: &'a [&'a str],
}

impl<'a> Call<'a> {
    pub fn get(path: impl Into<String>, name: &'a str) -> Self {
        Self { method: GooseMethod::Get, path: path.into(), name, body: None, idempotency_key: None, expect: &[] }
    }

    pub fn post(path: impl Into<String>, name: &'a str, body: Value) -> Self {
        Self {
            method: GooseMethod::Post,
            path: path.into(),
            name,
            body: Some(body),
            idempotency_key: None,
            expect: &[],
        }
    }

    pub fn delete(path: impl Into<String>, name: &'a str) -> Self {
        Self { method: GooseMethod::Delete, path: path.into(), name, body: None, idempotency_key: None, expect: &[] }
    }

    pub fn expecting(mut self, codes: &'a [&'a str]) -> Self {
        self.expect = codes;
        self
    }

    pub fn idempotent(mut self, key: String) -> Self {
        self.idempotency_key = Some(key);
        self
    }
}

pub fn state(user: &mut GooseUser) -> &mut UserState {
    if user.get_session_data::<UserState>().is_none() {
        user.set_session_data(UserState::default());
    }
    user.get_session_data_unchecked_mut::<UserState>()
}

/// Sends one request as the signed-in user and records how it ended.
pub async fn call(user: &mut GooseUser, call: Call<'_>) -> Result<Reply, Box<TransactionError>> {
    if let Some(key) = state(user).account.as_ref().and_then(|a| a.api_key.clone()) {
        return send(user, call, Some(Credential::Key(key))).await;
    }
    renew_if_due(user).await?;
    let token = state(user).tokens.as_ref().map(|t| Credential::Bearer(t.access.clone()));
    send(user, call, token).await
}

enum Credential {
    Bearer(String),
    Key(String),
}

async fn send(
    user: &mut GooseUser,
    call: Call<'_>,
    credential: Option<Credential>,
) -> Result<Reply, Box<TransactionError>> {
    let mut builder = user.get_request_builder(&call.method, &format!("/api/v1{}", call.path))?;
    match credential {
        Some(Credential::Bearer(token)) => builder = builder.bearer_auth(token),
        Some(Credential::Key(key)) => builder = builder.header("X-Api-Key", key),
        None => {}
    }
    if let Some(body) = &call.body {
        builder = builder.json(body);
    }
    if let Some(key) = &call.idempotency_key {
        builder = builder.header("Idempotency-Key", key);
    }
    let request = GooseRequest::builder().method(call.method).name(call.name).set_request_builder(builder).build();
    let started = Instant::now();
    let mut response = user.request(request).await?;
    let (status, bytes) = match response.response {
        Ok(r) => {
            let status = r.status().as_u16();
            (status, r.bytes().await)
        }
        Err(error) => {
            let tag = if error.is_timeout() { "timeout" } else { "transport" };
            recorder().record(call.name, started.elapsed(), &Outcome::Error(tag.into()));
            return Err(Box::new(TransactionError::Reqwest(error)));
        }
    };
    let took = started.elapsed();
    let bytes = match bytes {
        Ok(bytes) => bytes.to_vec(),
        Err(error) => {
            recorder().record(call.name, took, &Outcome::Error("body read".into()));
            return Err(Box::new(TransactionError::Reqwest(error)));
        }
    };
    let reply = Reply { status, bytes };
    let outcome = if reply.ok() {
        Outcome::Ok
    } else {
        let code = reply.code();
        if call.expect.contains(&code.as_str()) {
            user.set_success(&mut response.request)?;
            Outcome::Expected(format!("{status} {code}"))
        } else {
            Outcome::Error(format!("{status} {code}"))
        }
    };
    recorder().record(call.name, took, &outcome);
    Ok(reply)
}

/// Signs in with the user's account and keeps the token pair.
pub async fn login(user: &mut GooseUser) -> Result<Reply, Box<TransactionError>> {
    let Some(account) = state(user).account.clone() else {
        return Err(custom("login before an account was assigned"));
    };
    let body = json!({"username": account.username, "password": account.password});
    let reply = send(user, Call::post("/auth/login", "POST /auth/login", body), None).await?;
    keep_tokens(user, &reply);
    Ok(reply)
}

async fn renew_if_due(user: &mut GooseUser) -> TransactionResult {
    let due = state(user).tokens.as_ref().filter(|t| Instant::now() >= t.renew_after).map(|t| t.refresh.clone());
    let Some(refresh) = due else { return Ok(()) };
    let reply =
        send(user, Call::post("/auth/refresh", "POST /auth/refresh", json!({"refresh_token": refresh})), None).await?;
    if reply.ok() {
        keep_tokens(user, &reply);
    } else {
        login(user).await?;
    }
    Ok(())
}

fn keep_tokens(user: &mut GooseUser, reply: &Reply) {
    if !reply.ok() {
        return;
    }
    let body = reply.json();
    let text = |field: &str| body.get(field).and_then(Value::as_str).map(str::to_owned);
    let (Some(access), Some(refresh)) = (text("access_token"), text("refresh_token")) else { return };
    let lifetime = body.get("expires_in").and_then(Value::as_u64).unwrap_or(900);
    // Renew a little early so no request is ever sent with an expired token.
    let renew_after = Instant::now() + Duration::from_secs(lifetime.saturating_sub(30).max(1));
    state(user).tokens = Some(Tokens { access, refresh, renew_after });
}

/// Waits the role's think time.
pub async fn think(user: &mut GooseUser) {
    let [min, max] = state(user).account.as_ref().map(|a| plan().roles[a.role_index].think_ms).unwrap_or([0, 0]);
    if max > 0 {
        let ms = if min == max { min } else { rand::random_range(min..=max) };
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
}

pub fn custom(message: &str) -> Box<TransactionError> {
    Box::new(TransactionError::Custom(message.to_owned()))
}
