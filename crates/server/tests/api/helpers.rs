//! Starts the real server on port 0 against a fresh PostgreSQL database and a real Redis.

use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::{Method, Response, StatusCode};
use secrecy::SecretString;
use serde_json::{Value, json};
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgPool};
use tracetrack_server::{Application, Settings};

pub const ADMIN_PASSWORD: &str = "Admin-Test-2026!";
pub const JWT_SECRET: &str = "integration-test-secret-of-at-least-32-bytes";
pub const METRICS_TOKEN: &str = "integration-test-metrics-token";

pub fn test_database_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub fn test_redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub pool: PgPool,
    pub database_url: String,
    /// The `tracetrack serve` process behind `address`, when the server is one: held, never
    /// read, so the process lives exactly as long as the app (killed on drop).
    #[allow(dead_code)]
    pub process: Option<std::sync::Arc<ServerProcess>>,
}

/// `tracetrack serve` as a child process of the test: the real binary, its own runtime and
/// pools, stopped (SIGKILL) when dropped.
pub struct ServerProcess {
    pub child: std::sync::Mutex<std::process::Child>,
    pub address: String,
}

impl ServerProcess {
    /// Starts one on `database_url`, sharing `redis_prefix` with its siblings, and waits until
    /// it is ready.
    pub async fn start(database_url: &str, redis_prefix: &str) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = std::fs::File::create(std::env::temp_dir().join(format!("tracetrack-process-{port}.log"))).unwrap();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_tracetrack"))
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("REDIS_URL", test_redis_url())
            .env("TRACETRACK_REDIS_PREFIX", redis_prefix)
            .env("TRACETRACK_ADDR", format!("127.0.0.1:{port}"))
            .env("TRACETRACK_JWT_SECRET", JWT_SECRET)
            .env("TRACETRACK_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("TRACETRACK_RATE_LIMITS", "off")
            .env("TRACETRACK_WORKERS", "2")
            .env("TRACETRACK_DB_POOL_SIZE", "6")
            .env("RUST_LOG", "info")
            .stdout(log)
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("tracetrack serve starts");
        let server = Self { child: std::sync::Mutex::new(child), address: format!("http://127.0.0.1:{port}") };
        let client = reqwest::Client::new();
        for _ in 0..300 {
            let ready = client.get(format!("{}/health/ready", server.address)).send().await;
            if ready.is_ok_and(|r| r.status() == StatusCode::OK) {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not become ready in 30 s");
    }

    pub fn signal(&self, name: &str) {
        let pid = self.child.lock().unwrap().id().to_string();
        let status = std::process::Command::new("kill").args([&format!("-{name}"), &pid]).status().unwrap();
        assert!(status.success());
    }

    /// A test app talking to this process.
    pub async fn app(self: std::sync::Arc<Self>, database_url: &str) -> TestApp {
        let pool = PgPool::connect_with(PgConnectOptions::from_str(database_url).unwrap().disable_statement_logging())
            .await
            .expect("test pool");
        TestApp {
            address: self.address.clone(),
            client: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
            pool,
            database_url: database_url.to_owned(),
            process: Some(self),
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Ok(mut child) = self.child.lock() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Options for the server under test; `spawn_app()` uses the defaults.
pub struct TestOptions {
    pub redis_url: Option<String>,
    /// Overrides the database URL the server connects to (e.g. through a proxy).
    pub database_url_override: Option<String>,
    /// Changes to the settings, after the defaults below are set.
    pub configure: fn(&mut Settings),
    /// Another server on the same database (a second instance), instead of a fresh database.
    pub same_database_as: Option<String>,
    /// A built SPA to serve (`TRACETRACK_STATIC_DIR`).
    pub static_dir: Option<std::path::PathBuf>,
}

impl Default for TestOptions {
    fn default() -> Self {
        Self {
            redis_url: Some(test_redis_url()),
            database_url_override: None,
            configure: |_| {},
            same_database_as: None,
            static_dir: None,
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(TestOptions::default()).await
}

pub async fn spawn_app_with(options: TestOptions) -> TestApp {
    let database_url = match options.same_database_as.clone() {
        Some(url) => url,
        None => create_database().await,
    };
    let mut settings = Settings {
        addr: "127.0.0.1:0".into(),
        database_url: Some(SecretString::from(
            options.database_url_override.clone().unwrap_or_else(|| database_url.clone()),
        )),
        // Many test databases exist at once; keep each server's share of max_connections small.
        db_pool_size: 4,
        redis_url: options.redis_url.map(SecretString::from),
        redis_prefix: format!("tt-test:{}:", uuid::Uuid::new_v4().simple()),
        jwt_secret: Some(SecretString::from(JWT_SECRET)),
        admin_password: Some(SecretString::from(ADMIN_PASSWORD)),
        workers: Some(2),
        metrics_token: Some(SecretString::from(METRICS_TOKEN)),
        static_dir: options.static_dir.clone(),
        ..Settings::default()
    };
    (options.configure)(&mut settings);
    let application = Application::build(settings).await.expect("the server starts");
    let port = application.port();
    tokio::spawn(application.run_until_stopped());
    let pool = PgPool::connect_with(PgConnectOptions::from_str(&database_url).unwrap().disable_statement_logging())
        .await
        .expect("test pool");
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
        pool,
        database_url,
        process: None,
    }
}

/// A fresh database per test, named with its creation time so stale ones can be dropped.
pub async fn create_database() -> String {
    let admin_url = test_database_url();
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("TEST_DATABASE_URL reachable");
    drop_stale_databases(&mut admin).await;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    let name = format!("tt_{now}_{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    sqlx::query(&format!("create database {name}")).execute(&mut admin).await.expect("create database");
    let options = PgConnectOptions::from_str(&admin_url).unwrap().database(&name);
    options.to_url_lossy().to_string()
}

/// Databases of test runs more than two hours old: nothing can still be using them.
async fn drop_stale_databases(admin: &mut sqlx::PgConnection) {
    let cutoff = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() - 2 * 3600;
    let names: Vec<(String,)> = sqlx::query_as("select datname from pg_database where datname ~ '^tt_[0-9]+_'")
        .fetch_all(&mut *admin)
        .await
        .unwrap_or_default();
    for (name,) in names {
        let created: u64 = name.split('_').nth(1).and_then(|t| t.parse().ok()).unwrap_or(u64::MAX);
        if created < cutoff {
            let _ = sqlx::query(&format!("drop database if exists {name} with (force)")).execute(&mut *admin).await;
        }
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn request(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Response {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request sent")
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Response {
        self.request(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn login(&self, username: &str, password: &str) -> Response {
        self.request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"username": username, "password": password})),
        )
        .await
    }

    /// Signs in and returns the whole token pair.
    pub async fn session(&self, username: &str, password: &str) -> Value {
        let response = self.login(username, password).await;
        assert_eq!(response.status(), StatusCode::OK, "login of {username}");
        response.json().await.unwrap()
    }

    pub async fn token(&self, username: &str, password: &str) -> String {
        self.session(username, password).await["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn admin_token(&self) -> String {
        self.token("admin", ADMIN_PASSWORD).await
    }

    /// Creates a user through the API and returns its JSON.
    pub async fn create_user(&self, admin: &str, username: &str, role: &str, area: Option<&str>) -> Value {
        let body = json!({"username": username, "password": password_of(username), "role": role, "area": area});
        let response = self.post("/api/v1/users", admin, body).await;
        assert_eq!(response.status(), StatusCode::CREATED, "create {username}");
        response.json().await.unwrap()
    }

    /// A signed-in user of the given role, created for the test.
    pub async fn user_token(&self, username: &str, role: &str, area: Option<&str>) -> String {
        let admin = self.admin_token().await;
        self.create_user(&admin, username, role, area).await;
        self.token(username, &password_of(username)).await
    }
}

/// The password the helpers give each test user.
pub fn password_of(username: &str) -> String {
    format!("Pw-{username}-2026!")
}

/// Asserts the problem+json contract and returns the body.
pub async fn assert_problem(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status, "status");
    let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(content_type.as_deref(), Some("application/problem+json"), "content type");
    let header_id = response.headers().get("x-request-id").map(|v| v.to_str().unwrap().to_owned());
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], code, "code in {body}");
    assert_eq!(body["status"], status.as_u16(), "status in {body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "message in {body}");
    assert_eq!(body["detail"], body["message"], "RFC 9457 detail in {body}");
    let instance = format!("urn:tracetrack:request:{}", header_id.as_deref().unwrap_or_default());
    assert_eq!(body["instance"].as_str(), Some(instance.as_str()), "instance in {body}");
    assert!(body["type"].as_str().is_some_and(|t| t.ends_with(code)), "type in {body}");
    assert_eq!(body["request_id"].as_str(), header_id.as_deref(), "request id in body and header");
    body
}

pub async fn eventually<F, Fut>(mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..50 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("condition not met within 5 s");
}

/// A TCP proxy in front of PostgreSQL that a test can cut and restore, to see the server
/// through a database outage without stopping the shared database server.
pub struct DatabaseProxy {
    pub port: u16,
    up: std::sync::Arc<std::sync::atomic::AtomicBool>,
    connections: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>>,
}

impl DatabaseProxy {
    pub async fn start() -> Self {
        let target = PgConnectOptions::from_str(&test_database_url()).unwrap();
        Self::start_to(format!("{}:{}", target.get_host(), target.get_port())).await
    }

    /// A proxy to any TCP service (`host:port`), e.g. Redis.
    pub async fn start_to(target: String) -> Self {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let connections = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (accept_up, accept_connections) = (up.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !accept_up.load(Ordering::SeqCst) {
                    continue; // dropping the socket refuses the connection
                }
                let target = target.clone();
                let task = tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                accept_connections.lock().unwrap().push(task.abort_handle());
            }
        });
        Self { port, up, connections }
    }

    /// The database URL of `database_url` reached through this proxy.
    pub fn url_for(&self, database_url: &str) -> String {
        let options = PgConnectOptions::from_str(database_url).unwrap().host("127.0.0.1").port(self.port);
        options.to_url_lossy().to_string()
    }

    pub fn cut(&self) {
        self.up.store(false, std::sync::atomic::Ordering::SeqCst);
        for connection in self.connections.lock().unwrap().drain(..) {
            connection.abort();
        }
    }

    pub fn restore(&self) {
        self.up.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

impl TestApp {
    /// Scans a parent (as the token's user) and returns the response.
    pub async fn scan_parent(&self, token: &str, qr: &str, area: Option<&str>) -> Response {
        self.post("/api/v1/scans/parent", token, json!({"qr": qr, "area": area})).await
    }

    pub async fn scan_child(&self, token: &str, parent_qr: &str, child_qr: &str) -> Response {
        self.post("/api/v1/scans/child", token, json!({"parent_qr": parent_qr, "child_qr": child_qr})).await
    }

    /// Creates a parent and fills it with `count` children named `{prefix}{n:04}`.
    pub async fn packed_parent(&self, token: &str, parent_qr: &str, prefix: &str, count: usize) {
        assert!(self.scan_parent(token, parent_qr, Some("lucknow")).await.status().is_success());
        for n in 0..count {
            let response = self.scan_child(token, parent_qr, &format!("{prefix}{n:04}")).await;
            assert_eq!(response.status(), StatusCode::CREATED, "child {n} into {parent_qr}");
        }
    }
}
