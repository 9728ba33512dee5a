//! The live stream: activity and changes as they happen, across instances, by area, resumable.

use std::time::Duration;

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestOptions, spawn_app, spawn_app_with};

/// One SSE message.
#[derive(Debug, Clone)]
struct Message {
    event: String,
    id: Option<String>,
    data: Value,
}

struct Listener {
    body: futures::stream::BoxStream<'static, reqwest::Result<actix_web::web::Bytes>>,
    buffer: String,
}

impl Listener {
    async fn open(app: &TestApp, credentials: (&str, &str), last_event_id: Option<i64>) -> Self {
        let mut request = app.client.get(app.url("/api/v1/stream")).header(credentials.0, credentials.1);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
        Self { body: response.bytes_stream().boxed(), buffer: String::new() }
    }

    /// The next message that is not a comment, within `wait`.
    async fn next(&mut self, wait: Duration) -> Option<Message> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let frame: String = self.buffer.drain(..end + 2).collect();
                let mut message = Message { event: "message".into(), id: None, data: Value::Null };
                let mut any = false;
                for line in frame.lines() {
                    if let Some(value) = line.strip_prefix("event: ") {
                        message.event = value.to_owned();
                        any = true;
                    } else if let Some(value) = line.strip_prefix("id: ") {
                        message.id = Some(value.to_owned());
                    } else if let Some(value) = line.strip_prefix("data: ") {
                        message.data = serde_json::from_str(value).unwrap();
                    }
                }
                if any {
                    return Some(message);
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.body.next()).await.ok()??.ok()?;
            self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    /// Messages until one matches, within `wait`.
    async fn until(&mut self, wait: Duration, matches: impl Fn(&Message) -> bool) -> Option<Message> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let message = self.next(left).await?;
            if matches(&message) {
                return Some(message);
            }
        }
    }
}

fn bearer(token: &str) -> (&'static str, String) {
    ("Authorization", format!("Bearer {token}"))
}

#[tokio::test]
async fn a_dashboard_hears_scans_and_completions_from_another_instance() {
    let first = spawn_app().await;
    let second =
        spawn_app_with(TestOptions { same_database_as: Some(first.database_url.clone()), ..TestOptions::default() })
            .await;
    let admin = first.admin_token().await;
    let (name, value) = bearer(&admin);
    let mut listener = Listener::open(&first, (name, &value), None).await;
    let hello = listener.next(Duration::from_secs(2)).await.expect("an activity message on connect");
    assert_eq!(hello.event, "activity");

    let other = second.admin_token().await;
    second.packed_parent(&other, "SB00010", "LIVE", 3).await;
    let completed = second.post("/api/v1/parents/SB00010/complete", &other, json!({})).await;
    assert!(completed.status().is_success());

    let change = listener
        .until(Duration::from_secs(5), |m| m.event == "change" && m.data["kind"] == "parent_completed")
        .await
        .expect("the completion on the other instance");
    assert_eq!(change.data["parent_qr"], "SB00010");
    assert_eq!(change.id.as_deref(), Some(change.data["id"].to_string().as_str()));
    let activity = listener
        .until(Duration::from_secs(8), |m| m.event == "activity" && m.data["scans_last_minute"].as_u64() >= Some(3))
        .await
        .expect("the scans counted");
    let lucknow = activity.data["areas"].as_array().unwrap().iter().find(|a| a["area"] == "lucknow").cloned();
    assert!(lucknow.is_some_and(|a| a["scans_last_minute"].as_u64() >= Some(3)), "{activity:?}");
}

#[tokio::test]
async fn a_client_resumes_after_the_last_change_it_saw_and_dispatchers_hear_their_area_only() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for qr in ["SB00020", "SB00021"] {
        app.packed_parent(&admin, qr, &format!("R{qr}"), 1).await;
        assert!(app.post(&format!("/api/v1/parents/{qr}/complete"), &admin, json!({})).await.status().is_success());
    }
    let ids: Vec<i64> = sqlx::query_scalar("select id from events where kind = 'parent_completed' order by id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let (name, value) = bearer(&admin);
    let mut resumed = Listener::open(&app, (name, &value), Some(ids[0])).await;
    let replayed = resumed.until(Duration::from_secs(3), |m| m.event == "change").await.unwrap();
    assert_eq!(replayed.data["id"], ids[1], "only what came after the last id seen");

    let dispatcher = app.user_token("indore-disp", "dispatcher", Some("indore")).await;
    let (name, value) = bearer(&dispatcher);
    let mut confined = Listener::open(&app, (name, &value), Some(0)).await;
    let heard = confined.until(Duration::from_secs(3), |m| m.event == "change").await;
    assert!(heard.is_none(), "another area's changes: {heard:?}");

    let bad = app
        .client
        .get(app.url("/api/v1/stream"))
        .bearer_auth(&admin)
        .header("Last-Event-ID", "x")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let anonymous = app.client.get(app.url("/api/v1/stream")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let key: Value = app
        .post("/api/v1/api-keys", &admin, json!({"name": "no read", "scopes": ["scan"]}))
        .await
        .json()
        .await
        .unwrap();
    let refused = app
        .client
        .get(app.url("/api/v1/stream"))
        .header("X-Api-Key", key["secret"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_resume_from_further_back_than_the_stream_looks_asks_for_a_reload() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    sqlx::query("insert into events (kind, area) select 'child_linked', 'lucknow' from generate_series(1, 200100)")
        .execute(&app.pool)
        .await
        .unwrap();
    let (name, value) = bearer(&admin);
    let mut stale = Listener::open(&app, (name, &value), Some(1)).await;
    let reset = stale.until(Duration::from_secs(3), |m| m.event != "activity").await.expect("a message");
    assert_eq!(reset.event, "reset", "{reset:?}");
}

#[tokio::test]
async fn a_resume_from_an_id_no_event_has_asks_for_a_reload_and_hears_what_follows() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (name, value) = bearer(&admin);
    let mut ahead = Listener::open(&app, (name, &value), Some(999_999_999_999)).await;
    let reset = ahead.until(Duration::from_secs(3), |m| m.event != "activity").await.expect("a message");
    assert_eq!(reset.event, "reset", "{reset:?}");
    app.packed_parent(&admin, "SB00030", "AHEAD", 1).await;
    assert!(app.post("/api/v1/parents/SB00030/complete", &admin, json!({})).await.status().is_success());
    let change = ahead.until(Duration::from_secs(5), |m| m.event == "change").await;
    assert!(change.is_some_and(|c| c.data["parent_qr"] == "SB00030"), "changes after the reset are heard");
}
