# shellcheck shell=bash
# Helpers shared by scripts/test and scripts/run. Source it; it defines functions and
# REPO_ROOT, and changes nothing by itself.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    printf '[%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2
    exit 1
}

is_root() { [[ $EUID -eq 0 ]]; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if is_root; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "'$*' needs root, and this user is not root and has no sudo"
    fi
}

is_apt_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# need_apt PKG... installs the Debian packages that are missing. The package index is
# refreshed once per script run, and only when something has to be installed, so a machine
# that already has everything never touches the network.
APT_INDEX_UPDATED=0
need_apt() {
    local pkg missing=()
    for pkg in "$@"; do
        is_apt_installed "$pkg" || missing+=("$pkg")
    done
    ((${#missing[@]} > 0)) || return 0

    command -v apt-get >/dev/null 2>&1 ||
        die "Debian packages needed (${missing[*]}) but apt-get is not available; install them by hand"
    log "installing Debian packages: ${missing[*]}"
    if ((APT_INDEX_UPDATED == 0)); then
        as_root apt-get update -q
        APT_INDEX_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Prints the bin directory of the newest PostgreSQL server installed from Debian's
# packages (the one holding initdb), or nothing.
postgres_bindir() {
    local initdb
    initdb="$(find /usr/lib/postgresql -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$initdb" ]] && dirname "$initdb"
    return 0
}

# Both the private test cluster and `tracetrack serve` without DATABASE_URL start their own
# PostgreSQL from the system's server binaries, so those must be on the machine.
ensure_postgres_server_binaries() {
    if [[ -z "$(postgres_bindir)" ]]; then
        need_apt postgresql
    fi
    [[ -n "$(postgres_bindir)" ]] ||
        die "no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/*/bin"
}

# Cleanups registered with add_cleanup run in reverse order when the script exits,
# whatever the reason (success, failure, Ctrl-C), so no service outlives the run.
CLEANUPS=()
add_cleanup() { CLEANUPS+=("$1"); }
run_cleanups() {
    local i
    for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do
        "${CLEANUPS[i]}" || warn "cleanup '${CLEANUPS[i]}' failed"
    done
    CLEANUPS=()
}
