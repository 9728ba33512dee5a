//! A private PostgreSQL for `tracetrack serve` without `DATABASE_URL`: created from the system's
//! binaries in the data folder on first run, started on a free loopback port, stopped on exit.
//! Any local user can reach a loopback port, so the server asks for a password (SCRAM): a
//! random one made with the cluster and kept in `<data folder>/postgres/password`, mode 0600.

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
    password: String,
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
        let password_file = home.join("password");
        let password = match std::fs::read_to_string(&password_file) {
            Ok(password) => password.trim().to_owned(),
            Err(_) => {
                let password = api::auth::refresh::generate();
                write_private(&password_file, &password, run_as)?;
                password
            }
        };
        let mut server = Self { bin_dir, data_dir, run_as, owned: true, port: 0, password };
        let mut legacy_trust = false;
        if !server.data_dir.join("PG_VERSION").exists() {
            tracing::info!(data_dir = %server.data_dir.display(), "creating the private PostgreSQL cluster");
            let pwfile = format!("--pwfile={}", password_file.display());
            server.run_pg(
                "initdb",
                &["-U", SUPERUSER, "-A", "scram-sha-256", &pwfile, "-E", "UTF8", "--no-instructions", "-D"],
                Some(&server.data_dir),
            )?;
        } else {
            legacy_trust = server.trusts_everyone()?;
        }
        if let Some(port) = server.running_port() {
            tracing::warn!(port, "a private PostgreSQL from an earlier run is still up; using it");
            server.owned = false;
            server.port = port;
            if legacy_trust {
                server.require_password()?;
            }
            return Ok(server);
        }
        server.port = free_port()?;
        let mut options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200",
            server.port
        );
        for setting in memory_settings(mem_total_kib()) {
            options.push_str(" -c ");
            options.push_str(&setting);
        }
        let log = home.join("server.log");
        let log = log.to_string_lossy().into_owned();
        server.run_pg(
            "pg_ctl",
            &["-w", "-t", "60", "-l", &log, "-o", &options, "start", "-D"],
            Some(&server.data_dir),
        )?;
        if legacy_trust {
            server.require_password()?;
        }
        tracing::info!(port = server.port, "private PostgreSQL started");
        Ok(server)
    }

    pub fn admin_url(&self) -> String {
        self.url_for("postgres")
    }

    pub fn url_for(&self, database: &str) -> String {
        format!("postgres://{SUPERUSER}:{}@127.0.0.1:{}/{database}", self.password, self.port)
    }

    /// A cluster made by an earlier version with trust authentication.
    fn trusts_everyone(&self) -> anyhow::Result<bool> {
        let hba = std::fs::read_to_string(self.data_dir.join("pg_hba.conf")).context("reading pg_hba.conf")?;
        Ok(hba
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with('#'))
            .any(|l| l.split_whitespace().last() == Some("trust")))
    }

    /// Moves a trust cluster to passwords: sets the superuser's password (still over trust),
    /// then makes every connection authenticate and reloads.
    fn require_password(&self) -> anyhow::Result<()> {
        tracing::warn!("the private PostgreSQL accepted anyone on its port (trust); switching it to a password");
        let sql = format!("alter role {SUPERUSER} password '{}'", self.password);
        let port = self.port.to_string();
        let args = ["-h", "127.0.0.1", "-p", port.as_str(), "-U", SUPERUSER, "-d", "postgres", "-qAtc", sql.as_str()];
        self.run_pg("psql", &args, None)?;
        let hba = "# Written by TraceTrack: every connection needs the password in ../password.\n\
                   local all all scram-sha-256\n\
                   host all all 127.0.0.1/32 scram-sha-256\n\
                   host all all ::1/128 scram-sha-256\n";
        write_private(&self.data_dir.join("pg_hba.conf"), hba, self.run_as)?;
        self.run_pg("pg_ctl", &["reload", "-D"], Some(&self.data_dir))
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

/// Writes a file only its owner (the PostgreSQL user, when we run as root) can read.
fn write_private(path: &Path, content: &str, owner: Option<&str>) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    file.write_all(content.as_bytes())?;
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    if let Some(user) = owner {
        run(Command::new("chown").arg(user).arg(path), "chown a private file")?;
    }
    Ok(())
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

/// The machine's memory (`MemTotal` in /proc/meminfo), if it can be read.
fn mem_total_kib() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|l| l.starts_with("MemTotal:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// PostgreSQL's memory for the machine it shares with TraceTrack: a quarter of it for shared
/// buffers (PostgreSQL's own advice), between Debian's 128 MB and 2 GB, so that 1.5 M bags and
/// their history (~1 GB, docs/scaling.md) stay in memory on a 4–8 GiB site; half of it as the
/// planner's estimate of the cache; a sixteenth, up to 512 MB, for index builds (the seed's and
/// an import's). Unknown memory keeps PostgreSQL's defaults.
fn memory_settings(mem_total_kib: Option<u64>) -> Vec<String> {
    let Some(kib) = mem_total_kib else { return Vec::new() };
    let mib = kib / 1024;
    vec![
        format!("shared_buffers={}MB", (mib / 4).clamp(128, 2048)),
        format!("effective_cache_size={}MB", (mib / 2).max(256)),
        format!("maintenance_work_mem={}MB", (mib / 16).clamp(64, 512)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_follows_the_machine_within_bounds() {
        let gib = |n: u64| Some(n * 1024 * 1024);
        assert_eq!(
            memory_settings(gib(4)),
            ["shared_buffers=1024MB", "effective_cache_size=2048MB", "maintenance_work_mem=256MB"]
        );
        assert_eq!(
            memory_settings(gib(8)),
            ["shared_buffers=2048MB", "effective_cache_size=4096MB", "maintenance_work_mem=512MB"]
        );
        assert_eq!(
            memory_settings(gib(64)),
            ["shared_buffers=2048MB", "effective_cache_size=32768MB", "maintenance_work_mem=512MB"]
        );
        assert_eq!(
            memory_settings(Some(256 * 1024)),
            ["shared_buffers=128MB", "effective_cache_size=256MB", "maintenance_work_mem=64MB"]
        );
        assert!(memory_settings(None).is_empty());
        assert!(mem_total_kib().is_some_and(|kib| kib > 0), "this machine's /proc/meminfo reads");
    }
}
