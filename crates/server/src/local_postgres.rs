//! A private PostgreSQL for `tracetrack serve` without `DATABASE_URL`: created from the system's
//! binaries in the data folder on first run, started on a free loopback port, stopped on exit.

use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

pub struct LocalPostgres {
    bin_dir: PathBuf,
    data_dir: PathBuf,
    /// PostgreSQL refuses to run as root; as root we run it as this system user.
    run_as: Option<&'static str>,
    /// False when we found a server already running in the folder (a previous run killed hard):
    /// we use it, and leave it running.
    owned: bool,
    pub port: u16,
}

const SUPERUSER: &str = "tracetrack";

impl LocalPostgres {
    pub fn start(root: &Path) -> anyhow::Result<Self> {
        let bin_dir = find_bin_dir()?;
        let home = absolute(&root.join("postgres"))?;
        let data_dir = home.join("data");
        let run_as = running_as_root().then_some("postgres");
        std::fs::create_dir_all(&home).with_context(|| format!("creating {}", home.display()))?;
        if let Some(user) = run_as {
            run(Command::new("chown").args(["-R", user]).arg(&home), "chown the data folder")?;
        }
        let mut server = Self { bin_dir, data_dir, run_as, owned: true, port: 0 };
        if !server.data_dir.join("PG_VERSION").exists() {
            tracing::info!(data_dir = %server.data_dir.display(), "creating the private PostgreSQL cluster");
            server.run_pg(
                "initdb",
                &["-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-instructions", "-D"],
                Some(&server.data_dir),
            )?;
        }
        if let Some(port) = server.running_port() {
            tracing::warn!(port, "a private PostgreSQL from an earlier run is still up; using it");
            server.owned = false;
            server.port = port;
            return Ok(server);
        }
        server.port = free_port()?;
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200",
            server.port
        );
        let log = home.join("server.log");
        let log = log.to_string_lossy().into_owned();
        server.run_pg(
            "pg_ctl",
            &["-w", "-t", "60", "-l", &log, "-o", &options, "start", "-D"],
            Some(&server.data_dir),
        )?;
        tracing::info!(port = server.port, "private PostgreSQL started");
        Ok(server)
    }

    pub fn admin_url(&self) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/postgres", self.port)
    }

    pub fn url_for(&self, database: &str) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/{database}", self.port)
    }

    pub fn stop(&self) {
        if !self.owned {
            return;
        }
        match self.run_pg("pg_ctl", &["-w", "-m", "fast", "stop", "-D"], Some(&self.data_dir)) {
            Ok(()) => tracing::info!("private PostgreSQL stopped"),
            Err(error) => tracing::warn!(%error, "could not stop the private PostgreSQL"),
        }
    }

    /// The port of a server already running on this data folder, from its `postmaster.pid`.
    fn running_port(&self) -> Option<u16> {
        let status = self.command("pg_ctl").args(["status", "-D"]).arg(&self.data_dir).output().ok()?;
        if !status.status.success() {
            return None;
        }
        let pid_file = std::fs::read_to_string(self.data_dir.join("postmaster.pid")).ok()?;
        pid_file.lines().nth(3)?.trim().parse().ok()
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin_dir.join(program);
        match self.run_as {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(path);
                command
            }
            None => Command::new(path),
        }
    }

    fn run_pg(&self, program: &str, args: &[&str], last: Option<&Path>) -> anyhow::Result<()> {
        let mut command = self.command(program);
        command.args(args);
        if let Some(last) = last {
            command.arg(last);
        }
        run(&mut command, program)
    }
}

fn run(command: &mut Command, what: &str) -> anyhow::Result<()> {
    let output = command.output().with_context(|| format!("running {what}"))?;
    if !output.status.success() {
        bail!(
            "{what} failed ({}): {}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// The newest installed PostgreSQL's binaries (Debian keeps them off the PATH).
fn find_bin_dir() -> anyhow::Result<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    match versions.pop() {
        Some((_, bin)) => Ok(bin),
        None => bail!(
            "no DATABASE_URL and no PostgreSQL server binaries under /usr/lib/postgresql: \
             install them (apt-get install postgresql) or set DATABASE_URL"
        ),
    }
}

fn running_as_root() -> bool {
    std::fs::metadata("/proc/self").map(|meta| meta.uid() == 0).unwrap_or(false)
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    if path.is_absolute() { Ok(path.to_owned()) } else { Ok(std::env::current_dir()?.join(path)) }
}
