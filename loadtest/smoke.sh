#!/usr/bin/env bash
# CI smoke of the load generator: builds it, starts the debug server against a fresh, lightly
# seeded database, runs `seed-report` for 10 seconds and prints the report. No thresholds:
# the figures belong in RESULTS.md (loadtest/run.sh). It fails when the generator cannot run
# (build, setup, sign-in) or when its token refresh did not work: access tokens live 35 s here,
# so every user renews its token (5 s before expiry, i.e. after 5 s) during the run.
#
# Uses TEST_DATABASE_URL (a server URL whose database can create others; default the local
# PostgreSQL) and TEST_REDIS_URL when set (else the server caches in process).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/lib.sh
source scripts/lib.sh

: "${TEST_DATABASE_URL:=postgres://postgres@127.0.0.1:5432/postgres}"
RUN_SECONDS="${SMOKE_SECONDS:-10}"
DB="tt_smoke_$(date +%s)_$$"
DB_URL="${TEST_DATABASE_URL%/*}/$DB"
OUT="target/loadtest-smoke"
PASSWORD="Smoke-Admin-2026!"

free_port() {
    local port
    for port in $(seq 18500 18999); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
    die "no free port in 18500-18999"
}

SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    psql "$TEST_DATABASE_URL" -qc "drop database if exists \"$DB\" with (force)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

log "smoke: building the server and the load generator"
cargo build -q -p tracetrack-server -p tracetrack-loadtest
psql "$TEST_DATABASE_URL" -qc "create database \"$DB\"" >/dev/null
export DATABASE_URL="$DB_URL" RUST_LOG="${RUST_LOG:-warn}"
[[ -n "${TEST_REDIS_URL:-}" ]] && export REDIS_URL="$TEST_REDIS_URL" TRACETRACK_REDIS_PREFIX="smoke$$:"
target/debug/tracetrack migrate
target/debug/tracetrack seed --parents 200 --bills 10

PORT="$(free_port)"
# 55 users on one address as fast as they can go: far past the per-client limit, so it is off.
TRACETRACK_ADDR="127.0.0.1:$PORT" TRACETRACK_ADMIN_PASSWORD="$PASSWORD" TRACETRACK_ACCESS_TOKEN_TTL_SECS=35 \
    TRACETRACK_RATE_LIMITS=off target/debug/tracetrack serve >"$OUT.server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$OUT.server.log"; die "the server exited"; }
    sleep 0.2
done

log "smoke: seed-report for ${RUN_SECONDS} s against 127.0.0.1:$PORT"
TRACETRACK_ADMIN_PASSWORD="$PASSWORD" target/debug/tracetrack-loadtest run \
    --scenario loadtest/scenarios/seed-report.toml --host "http://127.0.0.1:$PORT" \
    --seed-parents 200 --run-time "$RUN_SECONDS" --out "$OUT" --server-pid "$SERVER_PID"

# Not a threshold: a check that the refresh path ran and never failed.
python3 - "$OUT/seed-report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
refresh = [e for e in report["endpoints"] if e["endpoint"] == "POST /auth/refresh"]
if not refresh or refresh[0]["ok"] == 0 or refresh[0]["errors"]:
    sys.exit(f"token refresh did not work in the smoke run: {refresh}")
print(f"token refresh: {refresh[0]['ok']} renewals, no errors")
PY
