#!/usr/bin/env bash
# The load test runner (issue 7): one pass that seeds, measures this machine's ceilings, runs
# every scenario against the release server, checks the invariants and writes RESULTS.md.
#
#   loadtest/run.sh                     # ~27 min on 2 cores (plus a release build if stale)
#   HUGE=1 loadtest/run.sh              # and the ten-times pass: PARENTS_HUGE (500000) parents,
#                                       # ~15 M bags: its seed time, `lookup` and `lookup-paced`
#                                       # there (not in CI)
#
# Needs a PostgreSQL it may create databases in (LOADTEST_PG_URL, default the local one) and
# uses Redis when LOADTEST_REDIS_URL is set (default redis://127.0.0.1:6379; "" = in process).
# Installs wrk (Debian package) when missing. Everything it writes goes to $OUT and to
# loadtest/RESULTS.md; the databases tt_load_small, tt_load_large and tt_pgbench are
# recreated (KEEP_DB=1 keeps them afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/lib.sh
source scripts/lib.sh

: "${LOADTEST_PG_URL:=postgres://postgres@127.0.0.1:5432/postgres}"
LOADTEST_REDIS_URL="${LOADTEST_REDIS_URL-redis://127.0.0.1:6379}"
: "${PARENTS_SMALL:=5000}"
: "${PARENTS_LARGE:=50000}"
: "${PARENTS_HUGE:=500000}"
: "${HUGE:=0}"
: "${OUT:=target/loadtest-run}"
: "${PORT:=18700}"
: "${KEEP_DB:=0}"
# A load generator is hundreds of users on one address: the request-rate limits would measure
# themselves. RESULTS.md states what was set.
: "${TRACETRACK_RATE_LIMITS:=off}"
PASSWORD="Loadtest-Admin-2026!"
HOST="http://127.0.0.1:$PORT"
SERVER=target/release/tracetrack
LOADGEN=target/release/tracetrack-loadtest
CORES="$(nproc)"

db_url() { echo "${LOADTEST_PG_URL%/*}/$1"; }

SERVER_PID=""
stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
cleanup() {
    stop_server
    if [[ "$KEEP_DB" != 1 ]]; then
        for db in tt_load_small tt_load_large tt_load_huge tt_pgbench; do
            psql "$LOADTEST_PG_URL" -qc "drop database if exists $db with (force)" >/dev/null 2>&1 || true
        done
    fi
}
trap cleanup EXIT

fresh_db() { # name
    psql "$LOADTEST_PG_URL" -qc "drop database if exists $1 with (force)" >/dev/null
    psql "$LOADTEST_PG_URL" -qc "create database $1" >/dev/null
}

start_server() { # database
    local log="$OUT/server-$1.log"
    if [[ -n "$LOADTEST_REDIS_URL" ]]; then
        redis-cli -u "$LOADTEST_REDIS_URL" --scan --pattern 'loadtest:*' | xargs -r redis-cli -u "$LOADTEST_REDIS_URL" del >/dev/null || true
        export REDIS_URL="$LOADTEST_REDIS_URL" TRACETRACK_REDIS_PREFIX="loadtest:"
    fi
    DATABASE_URL="$(db_url "$1")" TRACETRACK_ADDR="127.0.0.1:$PORT" TRACETRACK_ADMIN_PASSWORD="$PASSWORD" \
        TRACETRACK_RATE_LIMITS="$TRACETRACK_RATE_LIMITS" TRACETRACK_JWT_SECRET="loadtest-secret-loadtest-secret-loadtest-secret" RUST_LOG=warn \
        "$SERVER" serve >"$log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 150); do
        curl -fsS "$HOST/health/ready" >/dev/null 2>&1 && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$log"; die "the server exited"; }
        sleep 0.2
    done
    die "the server did not become ready"
}

# pg_stat_statements, when the PostgreSQL preloads it (shared_preload_libraries): each scenario's
# statements by total time, with their buffer hit ratio, in $OUT/<size>/<scenario>.statements.txt.
# These are the excerpts loadtest/NOTES.md quotes.
PGSS=0
size_db() { case $1 in small) echo tt_load_small ;; huge) echo tt_load_huge ;; *) echo tt_load_large ;; esac; }
statements_reset() { # size
    ((PGSS)) || return 0
    psql "$(db_url "$(size_db "$1")")" -qc 'create extension if not exists pg_stat_statements' >/dev/null
    psql "$(db_url "$(size_db "$1")")" -qAtc 'select pg_stat_statements_reset()' >/dev/null
}
statements_dump() { # size name
    ((PGSS)) || return 0
    psql "$(db_url "$(size_db "$1")")" -P pager=off -c "
        select calls, round(total_exec_time::numeric, 0) as total_ms, round(mean_exec_time::numeric, 3) as mean_ms,
               round(rows::numeric / greatest(calls, 1), 1) as rows_per_call,
               round(shared_blks_read::numeric / greatest(calls, 1), 2) as reads_per_call,
               round(100.0 * shared_blks_hit / nullif(shared_blks_hit + shared_blks_read, 0), 2) as hit_pct,
               left(regexp_replace(query, '\s+', ' ', 'g'), 140) as statement
        from pg_stat_statements
        where dbid = (select oid from pg_database where datname = current_database())
        order by total_exec_time desc limit 20" >"$OUT/$1/$2.statements.txt" 2>&1 || true
}

scenario() { # size name
    log "scenario $2 at the $1 size"
    statements_reset "$1"
    TRACETRACK_ADMIN_PASSWORD="$PASSWORD" "$LOADGEN" run --scenario "loadtest/scenarios/$2.toml" --host "$HOST" \
        --seed-parents "$(case $1 in small) echo "$PARENTS_SMALL" ;; huge) echo "$PARENTS_HUGE" ;; *) echo "$PARENTS_LARGE" ;; esac)" \
        --out "$OUT/$1" --server-pid "$SERVER_PID" >"$OUT/$1/$2.stdout" 2>"$OUT/$1/$2.progress"
    tail -n 3 "$OUT/$1/$2.progress" >&2
    statements_dump "$1" "$2"
}

seed() { # database parents → seconds
    local started ended
    started=$(date +%s.%N)
    DATABASE_URL="$(db_url "$1")" "$SERVER" migrate >/dev/null
    DATABASE_URL="$(db_url "$1")" "$SERVER" seed --parents "$2" >&2
    ended=$(date +%s.%N)
    # The load leaves gigabytes of dirty pages (11 GB at 15 M bags) for the checkpointer: left
    # to it, they are written while the first scenario runs and every commit's WAL flush queues
    # behind them (child-scan p99 132 ms at 15 M bags, 5 ms once written). A site is measured
    # in its steady state, not in the minutes after a bulk load. Not part of the seed's time.
    psql "$(db_url "$1")" -qc checkpoint >/dev/null
    echo "$ended - $started" | bc
}

# Reads every table and index of the database once (pg_prewarm, into the operating system's
# cache), so a size is measured as a server that has run for a while holds it, not as a bulk load
# left it. After the 15 M seed only ~9 of its 12 GB were cached: a bag detail then waited for
# ~4.4 disk reads of ~0.15 ms each (NOTES.md, session 17). A site whose memory is smaller than
# its data pays those reads for whatever lies outside its working set.
prewarm() { # database
    local url
    url="$(db_url "$1")"
    psql "$url" -qc "create extension if not exists pg_prewarm" 2>/dev/null \
        || { warn "pg_prewarm is not available: $1 is measured with a cold cache"; return 0; }
    psql "$url" -Atc "select pg_size_pretty(sum(pg_prewarm(c.oid, 'read')) * 8192) from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'i', 'm', 't')" | sed "s/^/prewarm $1: read /" >&2
}

bags_in() { psql "$(db_url "$1")" -Atc "select count(*) from bags"; }

login_single_ms() { # median of 15 sequential logins, in ms
    for _ in $(seq 1 15); do
        curl -s -o /dev/null -w '%{time_total}\n' -H 'content-type: application/json' \
            -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" "$HOST/api/v1/auth/login"
    done | sort -n | sed -n 8p | awk '{printf "%.2f", $1 * 1000}'
}

wrk_live() {
    wrk -t2 -c64 -d15s "$HOST/health/live" | tee "$OUT/wrk-live.txt" | awk '/Requests\/sec/ {print $2}'
}

# GET /stats under the same wrk load as /health/live, so the ratio is the server's own cost
# (goose's clients are far heavier than wrk's and would cap the figure themselves).
wrk_stats() { # → "requests/s p99-ms"
    local token
    token=$(curl -fsS -H 'content-type: application/json' -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" \
        "$HOST/api/v1/auth/login" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
    wrk -t2 -c64 -d15s --latency -H "Authorization: Bearer $token" "$HOST/api/v1/stats" >"$OUT/wrk-stats.txt"
    awk '/Requests\/sec/ {rps = $2}
         $1 == "99%" {v = $2; ms = v + 0; if (v ~ /us$/) ms = ms / 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) ms = ms * 1000; p99 = ms}
         / Non-2xx/ {bad = $NF}
         END {printf "%s %.3f %d\n", rps, p99, bad}' "$OUT/wrk-stats.txt"
}

pgbench_tps() {
    local url
    url="$(db_url tt_pgbench)"
    fresh_db tt_pgbench
    pgbench -i -s 10 -q "$url" >"$OUT/pgbench-init.txt" 2>&1
    pgbench -c 16 -j 2 -T 20 "$url" 2>&1 | tee "$OUT/pgbench.txt" | awk '/^tps/ {print $3; exit}'
}

invariants() { # database → violations on the last line
    psql "$(db_url "$1")" -At -f loadtest/invariants.sql
}

machine() {
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD)"
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p') × $CORES cores; memory $(free -g | awk '/Mem:/ {print $2}') GiB"
    echo "kernel: $(uname -sr)"
    echo "postgresql: $(psql "$LOADTEST_PG_URL" -Atc 'show server_version'), shared_buffers $(psql "$LOADTEST_PG_URL" -Atc 'show shared_buffers'), effective_cache_size $(psql "$LOADTEST_PG_URL" -Atc 'show effective_cache_size'); each database read once into the operating system's cache after its seed (pg_prewarm)"
    echo "redis: ${LOADTEST_REDIS_URL:-none (in-process cache)}"
    echo "load generator and server on the same machine, same cores"
}

main() {
    command -v wrk >/dev/null || need_apt wrk
    command -v pgbench >/dev/null || need_apt postgresql-contrib
    command -v bc >/dev/null || need_apt bc
    psql "$LOADTEST_PG_URL" -Atc 'select 1' >/dev/null || die "PostgreSQL at $LOADTEST_PG_URL is not reachable"
    # 1.5 M bags with their history are ~1.5 GB with indexes; Debian's default 128 MB of shared
    # buffers sends most single-bag reads to the kernel (and showed as a 2-3x growth in p99).
    if (($(psql "$LOADTEST_PG_URL" -Atc "select setting::bigint * 8 / 1024 from pg_settings where name = 'shared_buffers'") < 1024)); then
        warn "shared_buffers is below 1GB: expect single-bag reads to slow down at 1.5 M bags" \
            "(ALTER SYSTEM SET shared_buffers = '1GB' and restart PostgreSQL)"
    fi
    if [[ "$(psql "$LOADTEST_PG_URL" -Atc 'show shared_preload_libraries')" == *pg_stat_statements* ]]; then
        PGSS=1
    else
        warn "pg_stat_statements is not preloaded: no per-statement figures" \
            "(ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements' and restart PostgreSQL)"
    fi
    log "building the release server and load generator"
    cargo build --release -q -p tracetrack-server -p tracetrack-loadtest
    rm -rf "$OUT"
    mkdir -p "$OUT/small" "$OUT/large"
    machine >"$OUT/machine.txt"

    log "small size: seeding $PARENTS_SMALL parents"
    fresh_db tt_load_small
    seed tt_load_small "$PARENTS_SMALL" >/dev/null
    local bags_small
    bags_small=$(bags_in tt_load_small)
    prewarm tt_load_small
    start_server tt_load_small
    scenario small lookup
    scenario small lookup-paced
    stop_server
    [[ "$KEEP_DB" == 1 ]] || psql "$LOADTEST_PG_URL" -qc "drop database tt_load_small with (force)" >/dev/null

    log "large size: seeding $PARENTS_LARGE parents"
    fresh_db tt_load_large
    local seed_seconds bags_large
    seed_seconds=$(seed tt_load_large "$PARENTS_LARGE")
    bags_large=$(bags_in tt_load_large)
    prewarm tt_load_large
    log "seeded $bags_large bags in $seed_seconds s"
    start_server tt_load_large

    log "ceilings: wrk on /health/live, one login alone, pgbench tpcb-like"
    local live_rps login_ms tps
    live_rps=$(wrk_live)
    read -r stats_rps stats_p99 stats_non2xx < <(wrk_stats)
    login_ms=$(login_single_ms)
    tps=$(pgbench_tps)
    log "ceilings: /health/live $live_rps req/s, /stats $stats_rps req/s (p99 $stats_p99 ms, $stats_non2xx non-2xx), login $login_ms ms, pgbench $tps tps"

    for name in seed-report stats lookup lookup-paced scan-burst scan-burst-listeners shift shift-integrations login-storm; do
        scenario large "$name"
    done
    stop_server

    local seed_seconds_huge=0 bags_huge=0
    if [[ "$HUGE" == 1 ]]; then
        [[ "$KEEP_DB" == 1 ]] || psql "$LOADTEST_PG_URL" -qc "drop database tt_load_large with (force)" >/dev/null
        log "huge size: seeding $PARENTS_HUGE parents"
        mkdir -p "$OUT/huge"
        fresh_db tt_load_huge
        seed_seconds_huge=$(seed tt_load_huge "$PARENTS_HUGE")
        bags_huge=$(bags_in tt_load_huge)
        prewarm tt_load_huge
        log "seeded $bags_huge bags in $seed_seconds_huge s"
        start_server tt_load_huge
        scenario huge lookup
        scenario huge lookup-paced
        stop_server
        invariants tt_load_huge >"$OUT/invariants-huge.txt"
        [[ "$KEEP_DB" == 1 ]] || psql "$LOADTEST_PG_URL" -qc "drop database tt_load_huge with (force)" >/dev/null
    fi

    log "checking invariants"
    [[ "$HUGE" == 1 && "$KEEP_DB" != 1 ]] && cp "$OUT/invariants-huge.txt" "$OUT/invariants.txt" \
        || invariants tt_load_large | tee "$OUT/invariants.txt" >&2
    local violations
    violations=$(tail -n 1 "$OUT/invariants.txt" | sed 's/^total: //')
    python3 - "$OUT/ceilings.json" <<PY
import json, sys
json.dump({
    "health_live_rps": float("$live_rps"), "stats_wrk_rps": float("$stats_rps"), "stats_wrk_p99_ms": float("$stats_p99"),
    "stats_wrk_non2xx": int("$stats_non2xx"), "pgbench_tps": float("$tps"), "login_single_ms": float("$login_ms"),
    "cores": float("$CORES"), "seed_seconds_large": float("$seed_seconds"), "bags_large": int("$bags_large"),
    "bags_small": int("$bags_small"), "invariant_violations": int("$violations"),
    "seed_seconds_huge": float("$seed_seconds_huge"), "bags_huge": int("$bags_huge"), "parents_huge": int("$PARENTS_HUGE"),
    "invariants": open("$OUT/invariants.txt").read(),
    "command": "$( [[ $HUGE == 1 ]] && echo "HUGE=1 PARENTS_HUGE=$PARENTS_HUGE " )loadtest/run.sh (PARENTS_SMALL=$PARENTS_SMALL PARENTS_LARGE=$PARENTS_LARGE)",
}, open(sys.argv[1], "w"), indent=2)
PY
    TRACETRACK_RATE_LIMITS="$TRACETRACK_RATE_LIMITS" "$LOADGEN" results --dir "$OUT" --notes loadtest/NOTES.md --out loadtest/RESULTS.md
    log "done: loadtest/RESULTS.md"
}

main "$@"
