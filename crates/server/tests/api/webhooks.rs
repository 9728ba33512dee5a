//! Webhooks: a local receiver that fails, times out and recovers; signatures checked here with
//! our own HMAC (not the server's code); the outbox's transactionality; two instances.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::helpers::{TestApp, TestOptions, assert_problem, spawn_app_with};

#[derive(Debug, Clone)]
struct Received {
    id: String,
    timestamp: String,
    signature: String,
    body: String,
}

#[derive(Debug, Clone, Copy)]
enum Answer {
    Status(u16),
    Hang,
    /// 200 after a while (within the sender's deadline).
    Slow(Duration),
}

#[derive(Clone, Default)]
struct Receiver {
    received: Arc<Mutex<Vec<Received>>>,
    script: Arc<Mutex<VecDeque<Answer>>>,
    /// Answered once the script is spent.
    then: Arc<Mutex<Option<Answer>>>,
}

impl Receiver {
    /// Listens on a free loopback port; answers per `script`, then 200.
    async fn start(script: &[Answer]) -> (Self, String) {
        let receiver = Receiver::default();
        receiver.script.lock().unwrap().extend(script.iter().copied());
        let state = receiver.clone();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://127.0.0.1:{}/hooks", listener.local_addr().unwrap().port());
        let server = actix_web::HttpServer::new(move || {
            let state = state.clone();
            actix_web::App::new().default_service(actix_web::web::to(
                move |req: actix_web::HttpRequest, body: String| {
                    let state = state.clone();
                    async move {
                        let header = |name: &str| {
                            req.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
                        };
                        state.received.lock().unwrap().push(Received {
                            id: header("webhook-id"),
                            timestamp: header("webhook-timestamp"),
                            signature: header("webhook-signature"),
                            body,
                        });
                        let next = state.script.lock().unwrap().pop_front();
                        let answer = next.or(*state.then.lock().unwrap()).unwrap_or(Answer::Status(200));
                        match answer {
                            Answer::Hang => {
                                tokio::time::sleep(Duration::from_secs(5)).await;
                                actix_web::HttpResponse::Ok().finish()
                            }
                            Answer::Slow(wait) => {
                                tokio::time::sleep(wait).await;
                                actix_web::HttpResponse::Ok().finish()
                            }
                            Answer::Status(code) => {
                                actix_web::HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap())
                                    .body(format!("answered {code}"))
                            }
                        }
                    }
                },
            ))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        tokio::spawn(server);
        (receiver, url)
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..200 {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the receiver got {} of {count} requests in 10 s", self.received().len());
    }
}

/// Standard Webhooks verification, written from the specification.
fn verify(secret: &str, message: &Received) {
    let key = STANDARD.decode(secret.strip_prefix("whsec_").unwrap()).unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{}.{}.{}", message.id, message.timestamp, message.body).as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    assert!(message.signature.split(' ').any(|s| s == expected), "signature {} for {message:?}", message.signature);
    let sent: i64 = message.timestamp.parse().unwrap();
    assert!((chrono::Utc::now().timestamp() - sent).abs() < 60, "timestamp {sent}");
}

fn fast(settings: &mut tracetrack_server::Settings) {
    settings.webhooks.retry_unit = Duration::from_millis(20);
    settings.webhooks.timeout = Duration::from_secs(1);
    settings.webhooks.poll = Duration::from_millis(50);
}

async fn fast_app() -> TestApp {
    spawn_app_with(TestOptions { configure: fast, ..TestOptions::default() }).await
}

async fn subscribe(app: &TestApp, admin: &str, url: &str, events: Value) -> (String, String) {
    let response = app.post("/api/v1/webhooks", admin, json!({"url": url, "events": events})).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    (created["id"].as_str().unwrap().to_owned(), created["secret"].as_str().unwrap().to_owned())
}

async fn create_bill(app: &TestApp, token: &str, id: &str) {
    let response = app.post("/api/v1/bills", token, json!({"bill_id": id, "capacity": 2})).await;
    assert_eq!(response.status(), StatusCode::CREATED, "bill {id}");
}

#[tokio::test]
async fn a_subscriber_gets_signed_messages_retried_through_failures_and_a_timeout() {
    let (receiver, url) = Receiver::start(&[Answer::Status(500), Answer::Status(503), Answer::Hang]).await;
    let app = fast_app().await;
    let admin = app.admin_token().await;
    let (id, secret) = subscribe(&app, &admin, &url, json!(["bill.created", "bill.completed"])).await;
    assert!(secret.starts_with("whsec_"));
    create_bill(&app, &admin, "HOOK-1").await;

    let received = receiver.wait_for(4).await;
    assert!(received.iter().all(|r| r.id == received[0].id), "one webhook-id for every attempt");
    for message in &received {
        verify(&secret, message);
    }
    let body: Value = serde_json::from_str(&received[0].body).unwrap();
    assert_eq!(body["type"], "bill.created");
    assert_eq!(body["data"]["bill_id"], "HOOK-1");
    assert_eq!(body["data"]["actor"], "admin");

    crate::helpers::eventually(|| async {
        let log: Value = app.get(&format!("/api/v1/webhooks/{id}/deliveries"), &admin).await.json().await.unwrap();
        log[0]["state"] == "delivered"
    })
    .await;
    let log: Value = app.get(&format!("/api/v1/webhooks/{id}/deliveries"), &admin).await.json().await.unwrap();
    assert_eq!(log[0]["attempts"], 4, "{log}");
    assert_eq!(log[0]["last_status"], 200);
    assert_eq!(log[0]["last_response"], "answered 200");
    assert_eq!(log[0]["message_id"].as_str(), Some(received[0].id.as_str()));
    // Not subscribed: nothing sent.
    let listed: Value = app.get("/api/v1/webhooks", &admin).await.json().await.unwrap();
    assert!(listed[0].get("secret").is_none(), "{listed}");
    assert_eq!(receiver.received().len(), 4);
}

#[tokio::test]
async fn only_committed_changes_are_announced() {
    let (receiver, url) = Receiver::start(&[]).await;
    let app = fast_app().await;
    let admin = app.admin_token().await;
    subscribe(&app, &admin, &url, json!(["bill.created"])).await;

    // A change the database rolls back after its event was written leaves nothing behind.
    let mut tx = app.pool.begin().await.unwrap();
    sqlx::query("insert into events (kind, bill_code) values ('bill_created', 'GHOST')")
        .execute(&mut *tx)
        .await
        .unwrap();
    let staged: i64 = sqlx::query_scalar("select count(*) from webhook_outbox").fetch_one(&mut *tx).await.unwrap();
    assert_eq!(staged, 1, "the outbox row is written in the change's transaction");
    tx.rollback().await.unwrap();

    create_bill(&app, &admin, "REAL-1").await;
    let refused = app.post("/api/v1/bills", &admin, json!({"bill_id": "REAL-1", "capacity": 2})).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    receiver.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let bodies: Vec<Value> = receiver.received().iter().map(|r| serde_json::from_str(&r.body).unwrap()).collect();
    assert_eq!(bodies.len(), 1, "{bodies:?}");
    assert_eq!(bodies[0]["data"]["bill_id"], "REAL-1");
}

#[tokio::test]
async fn two_instances_deliver_each_message_once() {
    let (receiver, url) = Receiver::start(&[]).await;
    let first = fast_app().await;
    let second = spawn_app_with(TestOptions {
        configure: fast,
        same_database_as: Some(first.database_url.clone()),
        ..TestOptions::default()
    })
    .await;
    let admin = first.admin_token().await;
    subscribe(&first, &admin, &url, json!(["bill.created"])).await;
    let other = second.admin_token().await;
    let mut writes = Vec::new();
    for n in 0..30 {
        let (app, token) = if n % 2 == 0 { (&first, &admin) } else { (&second, &other) };
        writes.push(async move { create_bill(app, token, &format!("TWIN-{n}")).await });
    }
    futures::future::join_all(writes).await;
    receiver.wait_for(30).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for message in receiver.received() {
        *seen.entry(message.id).or_default() += 1;
    }
    assert_eq!(seen.len(), 30);
    assert!(seen.values().all(|n| *n == 1), "each message sent once: {seen:?}");
}

#[tokio::test]
async fn persistent_failure_disables_the_subscription_and_an_admin_sends_again() {
    let (receiver, url) = Receiver::start(&[]).await;
    *receiver.then.lock().unwrap() = Some(Answer::Status(500));
    let app = fast_app().await;
    let admin = app.admin_token().await;
    let (id, _) = subscribe(&app, &admin, &url, json!(["bill.created"])).await;
    create_bill(&app, &admin, "DOWN-1").await;
    receiver.wait_for(1).await;
    // Skip to the last step of the schedule rather than wait a day. An attempt in flight at this
    // moment loses its claim (its outcome is not recorded), so the lease is ended too: the next
    // claim comes at once rather than after the lease.
    sqlx::query("update webhook_deliveries set attempts = 10, next_attempt_at = now()")
        .execute(&app.pool)
        .await
        .unwrap();
    crate::helpers::eventually(|| async {
        let hooks: Value = app.get("/api/v1/webhooks", &admin).await.json().await.unwrap();
        hooks[0]["enabled"] == false
    })
    .await;
    let hooks: Value = app.get("/api/v1/webhooks", &admin).await.json().await.unwrap();
    assert!(hooks[0]["disabled_reason"].as_str().unwrap().contains("attempts"), "{hooks}");
    assert_eq!(hooks[0]["failed"], 1);
    let log: Value =
        app.get(&format!("/api/v1/webhooks/{id}/deliveries?state=failed"), &admin).await.json().await.unwrap();
    let delivery = log[0]["id"].as_i64().unwrap();
    assert_eq!(log[0]["last_status"], 500);

    let redeliver = format!("/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver");
    assert_problem(app.post(&redeliver, &admin, json!({})).await, StatusCode::CONFLICT, "webhook_disabled").await;
    *receiver.then.lock().unwrap() = Some(Answer::Status(204));
    let enabled = app
        .request(Method::PATCH, &format!("/api/v1/webhooks/{id}"), Some(&admin), Some(json!({"enabled": true})))
        .await;
    assert_eq!(enabled.status(), StatusCode::OK);
    let before = receiver.received().len();
    assert_eq!(app.post(&redeliver, &admin, json!({})).await.status(), StatusCode::ACCEPTED);
    let received = receiver.wait_for(before + 1).await;
    assert_eq!(received.last().unwrap().id, received[0].id, "the same webhook-id");
    crate::helpers::eventually(|| async {
        let log: Value = app.get(&format!("/api/v1/webhooks/{id}/deliveries"), &admin).await.json().await.unwrap();
        log[0]["state"] == "delivered"
    })
    .await;
    let missing = format!("/api/v1/webhooks/{id}/deliveries/999999/redeliver");
    assert_problem(app.post(&missing, &admin, json!({})).await, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_gone_receiver_disables_at_once_and_bad_subscriptions_are_refused() {
    let (receiver, url) = Receiver::start(&[Answer::Status(410)]).await;
    let app = fast_app().await;
    let admin = app.admin_token().await;
    subscribe(&app, &admin, &url, json!(["bill.created"])).await;
    create_bill(&app, &admin, "GONE-1").await;
    receiver.wait_for(1).await;
    crate::helpers::eventually(|| async {
        let hooks: Value = app.get("/api/v1/webhooks", &admin).await.json().await.unwrap();
        hooks[0]["enabled"] == false && hooks[0]["disabled_reason"].as_str().is_some_and(|r| r.contains("410"))
    })
    .await;

    for body in [
        json!({"url": "http://example.com/hook", "events": ["bill.created"]}),
        json!({"url": "ftp://127.0.0.1/hook", "events": ["bill.created"]}),
        json!({"url": "https://user:pw@example.com/hook", "events": ["bill.created"]}),
        json!({"url": "https://example.com/hook", "events": []}),
        json!({"url": "https://example.com/hook", "events": ["bill.exploded"]}),
        json!({"url": "https://example.com/hook", "events": ["bill.created"], "description": "a\u{0}b"}),
    ] {
        let refused = app.post("/api/v1/webhooks", &admin, body.clone()).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let biller = app.user_token("hook-biller", "biller", None).await;
    let refused = app.post("/api/v1/webhooks", &biller, json!({"url": url, "events": ["bill.created"]})).await;
    assert_problem(refused, StatusCode::FORBIDDEN, "forbidden").await;
}

/// A claim lasts the answer's deadline plus a margin; deliveries claimed together are sent
/// together, so none waits out its claim while another instance takes it and sends it again.
#[tokio::test]
async fn a_slow_receiver_still_gets_each_message_once_from_two_instances() {
    fn slow(settings: &mut tracetrack_server::Settings) {
        fast(settings);
        settings.webhooks.timeout = Duration::from_secs(2);
        settings.webhooks.lease_margin = Duration::from_millis(500);
    }
    let (receiver, url) = Receiver::start(&[]).await;
    *receiver.then.lock().unwrap() = Some(Answer::Slow(Duration::from_millis(1000)));
    let first = spawn_app_with(TestOptions { configure: slow, ..TestOptions::default() }).await;
    // Delivers too, for as long as it lives.
    let _second = spawn_app_with(TestOptions {
        configure: slow,
        same_database_as: Some(first.database_url.clone()),
        ..TestOptions::default()
    })
    .await;
    let admin = first.admin_token().await;
    let (id, _) = subscribe(&first, &admin, &url, json!(["bill.created"])).await;
    // Written at once, so one round finds them all due.
    let mut tx = first.pool.begin().await.unwrap();
    sqlx::query("lock table webhook_deliveries in exclusive mode").execute(&mut *tx).await.unwrap();
    let (app, token) = (&first, &admin);
    let writes: Vec<_> = (0..24).map(|n| async move { create_bill(app, token, &format!("SLOW-{n}")).await }).collect();
    let released = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        tx.commit().await.unwrap();
    };
    tokio::join!(futures::future::join_all(writes), released);

    receiver.wait_for(24).await;
    crate::helpers::eventually(|| async {
        let log: Value =
            first.get(&format!("/api/v1/webhooks/{id}/deliveries?limit=100"), &admin).await.json().await.unwrap();
        log.as_array().unwrap().iter().filter(|d| d["state"] == "delivered").count() == 24
    })
    .await;
    // Past every claim's end: a second send would have happened by now.
    tokio::time::sleep(Duration::from_millis(3000)).await;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for message in receiver.received() {
        *seen.entry(message.id).or_default() += 1;
    }
    assert_eq!(seen.len(), 24);
    assert!(seen.values().all(|n| *n == 1), "each message sent once: {seen:?}");
    let log: Value =
        first.get(&format!("/api/v1/webhooks/{id}/deliveries?limit=100"), &admin).await.json().await.unwrap();
    assert!(log.as_array().unwrap().iter().all(|d| d["attempts"] == 1), "{log}");
}

/// Outside development a receiver must be public: literal addresses are refused when saved, and
/// a saved name that now resolves to this machine (or to a literal one) is not sent to.
#[tokio::test]
async fn a_receiver_that_turns_out_to_be_this_machine_is_not_sent_to_outside_development() {
    fn production_reach(settings: &mut tracetrack_server::Settings) {
        fast(settings);
        settings.webhooks.reach = domain::webhook_reach::Reach::default();
    }
    let (receiver, url) = Receiver::start(&[]).await;
    let port = url.split(':').nth(2).unwrap().split('/').next().unwrap().to_owned();
    let app = spawn_app_with(TestOptions { configure: production_reach, ..TestOptions::default() }).await;
    let admin = app.admin_token().await;
    for refused in [
        url.clone(),
        format!("https://127.0.0.1:{port}/hooks"),
        format!("https://localhost:{port}/hooks"),
        "https://169.254.169.254/latest/meta-data/".to_owned(),
        "https://10.0.0.7/hooks".to_owned(),
        "https://[::ffff:127.0.0.1]/hooks".to_owned(),
    ] {
        let response = app.post("/api/v1/webhooks", &admin, json!({"url": refused, "events": ["bill.created"]})).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    let (id, _) = subscribe(&app, &admin, "https://erp.example.com/hooks", json!(["bill.created"])).await;
    // What a DNS change does to a saved name, and a URL written before these rules.
    for (n, target, refusal) in [
        (1, format!("http://localhost:{port}/hooks"), "localhost resolves to"),
        (2, format!("http://127.0.0.1:{port}/hooks"), "127.0.0.1 is this machine"),
    ] {
        sqlx::query("update webhook_subscriptions set url = $2 where id = $1::uuid")
            .bind(&id)
            .bind(&target)
            .execute(&app.pool)
            .await
            .unwrap();
        create_bill(&app, &admin, &format!("NEAR-{n}")).await;
        crate::helpers::eventually(|| async {
            let log: Value = app.get(&format!("/api/v1/webhooks/{id}/deliveries"), &admin).await.json().await.unwrap();
            log.as_array().unwrap().iter().any(|d| {
                d["payload"]["data"]["bill_id"] == format!("NEAR-{n}")
                    && d["last_error"].as_str().is_some_and(|e| e.starts_with("not sent") && e.contains(refusal))
            })
        })
        .await;
    }
    assert!(receiver.received().is_empty(), "{:?}", receiver.received());
}

/// Changing a subscription and reading its log: every hostile or careless input is a clear 4xx,
/// and nothing changes.
#[tokio::test]
async fn hostile_changes_and_log_queries_are_refused_and_change_nothing() {
    let app = fast_app().await;
    let admin = app.admin_token().await;
    let (id, _) = subscribe(&app, &admin, "https://erp.example.com/hooks", json!(["bill.created"])).await;
    let path = format!("/api/v1/webhooks/{id}");
    for body in [
        json!({"url": "https://erp.example.com/ho\u{0}ok"}),
        json!({"url": format!("https://e.com/{}", "a".repeat(2000))}),
        json!({"url": "https://169.254.169.254/latest/meta-data/"}),
        json!({"url": "https://10.0.0.7/hooks"}),
        json!({"url": 42}),
        json!({"events": []}),
        json!({"events": vec!["bill.created"; 11]}),
        json!({"events": ["bill.exploded"]}),
        json!({"events": "bill.created"}),
        json!({"description": "a\u{0}b"}),
        json!({"description": "x".repeat(201)}),
        json!({"enabled": "yes"}),
        json!({"secret": "whsec_mine"}),
        json!([1, 2]),
    ] {
        let response = app.request(Method::PATCH, &path, Some(&admin), Some(body.clone())).await;
        assert!(
            matches!(response.status(), StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY),
            "{body}: {}",
            response.status()
        );
        assert_eq!(response.headers()["content-type"], "application/problem+json", "{body}");
    }
    let hooks: Value = app.get("/api/v1/webhooks", &admin).await.json().await.unwrap();
    assert_eq!(hooks[0]["url"], "https://erp.example.com/hooks");
    assert_eq!(hooks[0]["events"], json!(["bill.created"]));
    assert_eq!(hooks[0]["enabled"], true);

    for query in [
        "limit=0",
        "limit=201",
        "limit=abc",
        "limit=-1",
        "limit=99999999999999999999",
        "state=gone",
        "state=pending%00",
        "before=0",
        "before=x",
        "color=red",
    ] {
        let response = app.get(&format!("{path}/deliveries?{query}"), &admin).await;
        assert!(
            matches!(response.status(), StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY),
            "{query}: {}",
            response.status()
        );
    }
    let missing = app.get("/api/v1/webhooks/not-a-uuid/deliveries", &admin).await;
    assert!(missing.status().is_client_error(), "{}", missing.status());
    let unknown = app.get(&format!("/api/v1/webhooks/{}/deliveries", uuid::Uuid::new_v4()), &admin).await;
    assert_problem(unknown, StatusCode::NOT_FOUND, "not_found").await;
}
