//! Faults that only a real process shows: `tracetrack serve` started as a child process and
//! killed with SIGKILL in the middle of an import, or sent SIGTERM while requests are in flight
//! and a second instance takes the rest (as the proxy in front of them would).

use std::time::Duration;

use futures::future::join_all;
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sqlx::{Connection, PgConnection};

use crate::helpers::{ADMIN_PASSWORD, ServerProcess, create_database};

const INVARIANTS: &str = include_str!("../../../../loadtest/invariants.sql");

struct Server(ServerProcess);

impl Server {
    async fn start(database_url: &str) -> Self {
        Self(ServerProcess::start(database_url, &format!("tt-proc:{}:", uuid::Uuid::new_v4().simple())).await)
    }

    fn address(&self) -> &str {
        &self.0.address
    }

    fn signal(&self, name: &str) {
        self.0.signal(name);
    }

    async fn token(&self, client: &Client) -> String {
        let body = json!({"username": "admin", "password": ADMIN_PASSWORD});
        let session: Value = client
            .post(format!("{}/api/v1/auth/login", self.address()))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        session["access_token"].as_str().unwrap().to_owned()
    }
}

async fn scalar(database_url: &str, sql: &str) -> i64 {
    let mut conn = PgConnection::connect(database_url).await.unwrap();
    sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
}

async fn invariant_total(database_url: &str) -> String {
    let mut conn = PgConnection::connect(database_url).await.unwrap();
    let lines: Vec<String> = sqlx::query_scalar(INVARIANTS).fetch_all(&mut conn).await.unwrap();
    lines.join("\n")
}

const PARENTS: usize = 4000;
const CHILDREN: usize = 5;

fn import_file() -> Vec<u8> {
    let mut csv = String::from("parent_qr,child_qr\n");
    for p in 1..=PARENTS {
        for c in 0..CHILDREN {
            csv.push_str(&format!("SB{p:05},K{:07}\n", p * CHILDREN + c));
        }
    }
    csv.into_bytes()
}

async fn upload(client: &Client, server: &str, token: &str) -> reqwest::Result<reqwest::Response> {
    let form = Form::new().part("file", Part::bytes(import_file()).file_name("bags.csv"));
    client.post(format!("{server}/api/v1/imports/bags")).bearer_auth(token).multipart(form).send().await
}

#[tokio::test]
async fn an_import_killed_midway_keeps_whole_batches_and_can_be_run_again() {
    let database_url = create_database().await;
    let client = Client::new();
    let server = Server::start(&database_url).await;
    let token = server.token(&client).await;
    let request = tokio::spawn({
        let (client, address, token) = (client.clone(), server.address().to_owned(), token.clone());
        async move { upload(&client, &address, &token).await }
    });
    // SIGKILL as soon as the first chunk is in.
    let parents = "select count(*) from bags where kind = 'parent'";
    for _ in 0..3000 {
        if scalar(&database_url, parents).await > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.signal("KILL");
    assert!(request.await.unwrap().is_err(), "the connection died with the process");
    drop(server);

    let imported = scalar(&database_url, parents).await as usize;
    assert!(imported > 0 && imported < PARENTS, "killed midway: {imported} of {PARENTS} parents");
    let partial = "select count(*) from bags p where p.kind = 'parent'
                   and (p.child_count <> 5 or (select count(*) from bags c where c.parent_id = p.id) <> 5)";
    assert_eq!(scalar(&database_url, partial).await, 0, "every parent came with all its children, or not at all");
    let loose = "select count(*) from bags where kind = 'child' and parent_id is null";
    assert_eq!(scalar(&database_url, loose).await, 0, "no child of an unfinished batch was left behind");
    let report = invariant_total(&database_url).await;
    assert!(report.ends_with("total: 0"), "{report}");

    // A new process on the same database runs the same file to the end.
    let again = Server::start(&database_url).await;
    let token = again.token(&client).await;
    let answer = upload(&client, again.address(), &token).await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(scalar(&database_url, parents).await as usize, PARENTS);
    assert_eq!(scalar(&database_url, partial).await, 0);
    assert!(invariant_total(&database_url).await.ends_with("total: 0"));
}

/// One child scan through `first`, or through `second` when `first` no longer takes
/// connections; the same `Idempotency-Key` either way. Answers the status it finally got.
async fn scan(client: &Client, servers: [&str; 2], token: &str, parent: &str, child: &str) -> StatusCode {
    let key = uuid::Uuid::new_v4().to_string();
    let body = json!({"parent_qr": parent, "child_qr": child});
    for server in servers {
        let sent = client
            .post(format!("{server}/api/v1/scans/child"))
            .bearer_auth(token)
            .header("Idempotency-Key", &key)
            .json(&body)
            .send()
            .await;
        if let Ok(response) = sent {
            return response.status();
        }
    }
    panic!("neither instance answered");
}

#[tokio::test]
async fn sigterm_lets_requests_in_flight_finish_while_the_other_instance_takes_new_ones() {
    let database_url = create_database().await;
    let (first, second) = (Server::start(&database_url).await, Server::start(&database_url).await);
    let client = Client::new();
    let token = first.token(&client).await;
    // A long answer in flight: an export of 30,000 bags, streamed in batches.
    let mut conn = PgConnection::connect(&database_url).await.unwrap();
    sqlx::query(
        "insert into bags (qr, kind, status, area) select 'L' || lpad(n::text, 7, '0'), 'child', 'unlinked', 'lucknow'
         from generate_series(1, 30000) n",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    sqlx::query(
        "insert into stat_counters (metric, area, parent_type, stripe, value)
         values ('children', 'lucknow', '', 0, 30000), ('unlinked_children', 'lucknow', '', 0, 30000)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    for p in 1..=8 {
        let body = json!({"qr": format!("SB{p:05}"), "area": "lucknow"});
        let created =
            client.post(format!("{}/api/v1/scans/parent", first.address())).bearer_auth(&token).json(&body).send();
        assert!(created.await.unwrap().status().is_success());
    }
    let mut export =
        client.get(format!("{}/api/v1/exports/bags.csv", first.address())).bearer_auth(&token).send().await.unwrap();
    assert_eq!(export.status(), StatusCode::OK);
    let first_bytes = export.chunk().await.unwrap().unwrap();

    let servers = [first.address(), second.address()];
    let load = (0..8).map(|worker| {
        let (client, token) = (&client, &token);
        async move {
            let mut answers = Vec::new();
            for n in 0..25 {
                answers.push(
                    scan(client, servers, token, &format!("SB{:05}", worker + 1), &format!("T{worker}{n:05}")).await,
                );
            }
            answers
        }
    });
    let (answers, ()) = tokio::join!(join_all(load), async {
        tokio::time::sleep(Duration::from_millis(150)).await;
        first.signal("TERM");
    });
    let answers: Vec<StatusCode> = answers.into_iter().flatten().collect();
    assert!(
        answers.iter().all(|s| s.is_success()),
        "every scan answered 2xx by one instance or the other: {answers:?}"
    );

    // The export begun before SIGTERM was served to its last row.
    let mut body = first_bytes.to_vec();
    while let Some(chunk) = export.chunk().await.unwrap() {
        body.extend_from_slice(&chunk);
    }
    // The export reads in keyset batches, not from one snapshot: children scanned while it ran
    // may be in it too. Every bag there was when it began is.
    let text = String::from_utf8(body).unwrap();
    let rows = text.lines().count();
    let at_start = 1 + 30_000 + 8;
    assert!(
        (at_start..=at_start + answers.len()).contains(&rows),
        "the header, every bag there was when it began, at most the children scanned meanwhile: {rows}"
    );
    let loose = text.lines().filter(|line| line.starts_with('L')).count();
    let parents = text.lines().filter(|line| line.starts_with("SB")).count();
    assert_eq!((loose, parents), (30_000, 8), "every bag there was when it began");

    let linked = scalar(&database_url, "select count(*) from events where kind = 'child_linked'").await;
    assert_eq!(linked, answers.len() as i64, "every acknowledged scan is in the database, once");
    let status = tokio::task::spawn_blocking(move || first.0.child.lock().unwrap().wait()).await.unwrap().unwrap();
    assert!(status.success(), "the instance stopped cleanly: {status}");
    assert!(invariant_total(&database_url).await.ends_with("total: 0"));
}

/// A live stream never finishes by itself: on SIGTERM it ends at once, so the process stops in
/// moments rather than after the drain's whole grace period.
#[tokio::test]
async fn sigterm_ends_live_streams_and_the_process_stops_promptly() {
    let database_url = create_database().await;
    let server = Server::start(&database_url).await;
    let client = Client::new();
    let token = server.token(&client).await;
    let mut streams = Vec::new();
    for _ in 0..3 {
        let mut stream =
            client.get(format!("{}/api/v1/stream", server.address())).bearer_auth(&token).send().await.unwrap();
        assert_eq!(stream.status(), StatusCode::OK);
        assert!(stream.chunk().await.unwrap().is_some(), "the stream has begun");
        streams.push(stream);
    }
    let signalled = std::time::Instant::now();
    server.signal("TERM");
    for mut stream in streams {
        while let Ok(Some(_)) = tokio::time::timeout(Duration::from_secs(10), stream.chunk()).await.unwrap() {}
    }
    let mut exited = false;
    for _ in 0..100 {
        if server.0.child.lock().unwrap().try_wait().unwrap().is_some() {
            exited = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(exited, "stopped within 10 s of SIGTERM (the grace period is 30 s)");
    assert!(signalled.elapsed() < Duration::from_secs(15));
}
