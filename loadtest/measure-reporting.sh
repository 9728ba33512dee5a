#!/usr/bin/env bash
# The figures of issue 5 in one go, each on a freshly started release server: the seed of 50,000
# parents (~1.5 M bags), the 60,000-row import (CSV and XLSX, into that database and into an empty
# one) and the server's memory and time to first byte while exporting every bag (CSV and XLSX).
# Every run gets its own copy of the seeded database, so runs do not see each other's rows.
#
# Usage: PG=postgres://postgres@127.0.0.1:5432 loadtest/measure-reporting.sh
# Needs a release build (`cargo build --release -p tracetrack-server`), curl, psql and python3.
# Results: the lines of `measure.sh` on stdout, JSON in $TT_OUT (default /tmp/measure-reporting).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${PG:=postgres://postgres@127.0.0.1:5432}"
: "${TT_OUT:=/tmp/measure-reporting}"
: "${PORT:=18900}"
BIN=target/release/tracetrack
BASE_DB=tt_reporting_seeded
RUN_DB=tt_reporting_run
PASSWORD="Admin-Measure-$RANDOM-2026!"
[[ -x $BIN ]] || { echo "build first: cargo build --release -p tracetrack-server" >&2; exit 1; }

sql() { psql -qAt "$PG/postgres" -c "$1" >/dev/null; }

seed() {
    sql "drop database if exists $BASE_DB with (force)"
    sql "create database $BASE_DB"
    echo "== seed: tracetrack seed --parents 50000"
    local start=$SECONDS
    DATABASE_URL="$PG/$BASE_DB" "$BIN" seed --parents 50000 2>&1 | tail -1
    echo "seed wall time: $((SECONDS - start)) s"
}

# run <template or empty> <phases> [env…]: a fresh copy, a fresh server, one measure.sh pass.
run() {
    local template=$1 phases=$2
    shift 2
    sql "drop database if exists $RUN_DB with (force)"
    sql "create database $RUN_DB ${template:+template $template}"
    env -u REDIS_URL DATABASE_URL="$PG/$RUN_DB" TRACETRACK_ADDR="127.0.0.1:$PORT" TRACETRACK_ADMIN_PASSWORD="$PASSWORD" \
        TRACETRACK_JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -dc A-Za-z0-9 | head -c 48)" "$BIN" serve >"$TT_OUT/server.log" 2>&1 &
    local pid=$!
    for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null && break; sleep 0.2; done
    env "$@" TT_BASE="http://127.0.0.1:$PORT" TT_ADMIN_PASSWORD="$PASSWORD" TT_SERVER_PID=$pid \
        TT_DATABASE_URL="$PG/$RUN_DB" TT_OUT="$TT_OUT" PHASES="$phases" loadtest/measure.sh | grep -v '^\s*$'
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

mkdir -p "$TT_OUT"
seed
for format in csv xlsx; do
    echo "-- into the seeded database (1.5 M bags)"
    run "$BASE_DB" d IMPORT_FORMAT=$format
    echo "-- into an empty database"
    run "" d IMPORT_FORMAT=$format
done
run "$BASE_DB" e
sql "drop database if exists $RUN_DB with (force)"
sql "drop database if exists $BASE_DB with (force)"
