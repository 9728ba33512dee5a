#!/usr/bin/env bash
# What a bag costs on disk and a scan costs in WAL: the figures behind docs/scaling.md.
# Seeds a fresh database with `tracetrack seed --parents N` (release build), reports table and
# index sizes per bag, then sends child scans through a real server and reads the WAL written.
#
# Usage: cargo build --release -p tracetrack-server
#        [ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres] [PARENTS=50000] [SCANS=2000] \
#        loadtest/measure-sizes.sh
set -euo pipefail
cd "$(dirname "$0")/.."

: "${ADMIN_URL:=postgres://postgres@127.0.0.1:5432/postgres}"
: "${PARENTS:=50000}"
: "${SCANS:=2000}"
BIN=target/release/tracetrack
DB="tt_sizes_$$"
DB_URL="${ADMIN_URL%/*}/$DB"
PORT=18790
PASSWORD='Sizes-Admin-2026!'

[[ -x $BIN ]] || { echo "build first: cargo build --release -p tracetrack-server" >&2; exit 1; }
psql "$ADMIN_URL" -qc "create database $DB"
cleanup() {
    [[ -n "${SERVER:-}" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    psql "$ADMIN_URL" -qc "drop database if exists $DB with (force)"
}
trap cleanup EXIT

DATABASE_URL=$DB_URL $BIN migrate >/dev/null
started=$(date +%s.%N)
DATABASE_URL=$DB_URL $BIN seed --parents "$PARENTS" >/dev/null
echo "seed --parents $PARENTS: $(python3 -c "print(round($(date +%s.%N) - $started, 1))") s"
psql "$DB_URL" -qc "vacuum analyze"

echo
echo "| Relation | Rows | Table | Indexes | Total | Bytes per bag |"
echo "|---|---|---|---|---|---|"
psql "$DB_URL" -At -F '|' <<'SQL' | while IFS='|' read -r name rows table indexes total per_bag; do
with bags as (select count(*)::numeric as n from bags)
select c.relname, c.reltuples::bigint,
       pg_size_pretty(pg_relation_size(c.oid)), pg_size_pretty(pg_indexes_size(c.oid)),
       pg_size_pretty(pg_total_relation_size(c.oid)),
       round(pg_total_relation_size(c.oid) / greatest((select n from bags), 1))
from pg_class c
where c.relname in ('bags', 'events', 'bills', 'audit_log', 'stat_counters', 'scan_minutes', 'idempotency_keys')
order by pg_total_relation_size(c.oid) desc;
SQL
    echo "| \`$name\` | $rows | $table | $indexes | $total | $per_bag |"
done
echo
echo "Largest indexes:"
psql "$DB_URL" -At -F ' ' -c "select indexrelname, pg_size_pretty(pg_relation_size(indexrelid)) from pg_stat_user_indexes
                                order by pg_relation_size(indexrelid) desc limit 8" | sed 's/^/- /'
bags=$(psql "$DB_URL" -Atc "select count(*) from bags")
echo "bags: $bags; database: $(psql "$DB_URL" -Atc "select pg_size_pretty(pg_database_size(current_database()))")"

# WAL per scan: one parent after another, SCANS children in all, through the API.
TRACETRACK_ADDR=127.0.0.1:$PORT DATABASE_URL=$DB_URL TRACETRACK_RATE_LIMITS=off RUST_LOG=warn \
    TRACETRACK_ADMIN_PASSWORD=$PASSWORD $BIN serve >/dev/null 2>&1 &
SERVER=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.2; done
# The seed's admin exists already: sign in as a fresh one made for this.
TRACETRACK_NEW_USER_PASSWORD=$PASSWORD DATABASE_URL=$DB_URL $BIN create-user --username sizes --role admin >/dev/null
TOKEN=$(curl -fs "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"sizes\",\"password\":\"$PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
before=$(psql "$DB_URL" -Atc "select pg_current_wal_lsn()")
python3 - "$PORT" "$TOKEN" "$SCANS" <<'PY'
import json, sys, urllib.request
port, token, scans = sys.argv[1], sys.argv[2], int(sys.argv[3])
def post(path, body):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1{path}", json.dumps(body).encode(),
                                     {"content-type": "application/json", "authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status < 300, answer.status
for n in range(scans):
    parent = f"M444-{90000 + n // 15:05d}"
    if n % 15 == 0:
        post("/scans/parent", {"qr": parent, "area": "lucknow"})
    post("/scans/child", {"parent_qr": parent, "child_qr": f"WAL{n:07d}"})
PY
after=$(psql "$DB_URL" -Atc "select pg_current_wal_lsn()")
psql "$DB_URL" -Atc "select 'WAL per child scan (a parent scan every 15): ' ||
    round(pg_wal_lsn_diff('$after', '$before') / $SCANS) || ' bytes (' || $SCANS || ' scans)'"
