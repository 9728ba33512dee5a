#!/usr/bin/env bash
# Preliminary single-client measurements of a running TraceTrack server (issue notes; not the
# load test of issue 7). Tools: bash, curl, psql (to pick real seeded QRs), python3 stdlib.
# Every loop is bounded by a request count and every request by a timeout.
#
# Usage (the server must already run against a database seeded with `tracetrack seed`):
#   TT_BASE=http://127.0.0.1:18181 TT_ADMIN_PASSWORD='…' TT_SERVER_PID=<pid of tracetrack serve> \
#   TT_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tt_measure \
#   [TT_REDIS_HOST=127.0.0.1 TT_REDIS_PORT=6379 TT_REDIS_PREFIX=measure:] [TT_OUT=/tmp/measure-out] \
#   [PHASES="a b c d e"] [EXPORT_FORMATS="csv xlsx"] [IMPORT_FORMAT=csv|xlsx] loadtest/measure.sh
#
# Phases: a child scans · b stats · c trace and bag detail · d import · e export memory.
# RSS in phase e is the server's VmRSS: memory freed earlier (e.g. by an import) stays mapped, so
# run phase e on a freshly started server to see what an export itself costs.
# Latencies are measured client-side around one urllib request each (a new TCP connection per
# request, as urllib does), reported as median/p95/p99/max (nearest-rank percentiles) in ms.
# Results: human-readable lines on stdout and one JSON file per phase in $TT_OUT.
set -euo pipefail

: "${TT_BASE:=http://127.0.0.1:18181}"
: "${TT_ADMIN_PASSWORD:?set TT_ADMIN_PASSWORD}"
: "${TT_SERVER_PID:?set TT_SERVER_PID (the tracetrack serve process)}"
: "${TT_DATABASE_URL:?set TT_DATABASE_URL (to pick seeded QRs)}"
: "${TT_REDIS_HOST:=127.0.0.1}"
: "${TT_REDIS_PORT:=6379}"
: "${TT_REDIS_PREFIX:=measure:}"
: "${TT_OUT:=/tmp/measure-out}"
: "${PHASES:=a b c d e}"
export TT_BASE TT_ADMIN_PASSWORD TT_SERVER_PID TT_DATABASE_URL TT_REDIS_HOST TT_REDIS_PORT TT_REDIS_PREFIX TT_OUT

mkdir -p "$TT_OUT"
LIB="$TT_OUT/measure_lib.py"

cat >"$LIB" <<'PY'
import json, math, os, socket, time, urllib.error, urllib.request

BASE = os.environ["TT_BASE"]
OUT = os.environ["TT_OUT"]
TIMEOUT = 30  # seconds, per request


def request(method, path, token=None, body=None):
    """One request; returns (status, parsed JSON or None, seconds)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
            raw = resp.read()
            status = resp.status
    except urllib.error.HTTPError as err:
        raw = err.read()
        status = err.code
    elapsed = time.perf_counter() - start
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = None
    return status, parsed, elapsed


def login():
    status, body, _ = request("POST", "/api/v1/auth/login",
                              body={"username": "admin", "password": os.environ["TT_ADMIN_PASSWORD"]})
    if status != 200:
        raise SystemExit(f"login failed: {status} {body}")
    return body["access_token"]


def pct(sorted_values, p):
    """Nearest-rank percentile."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summary(seconds):
    ms = sorted(s * 1000 for s in seconds)
    return {"n": len(ms), "median_ms": round(pct(ms, 50), 2), "p95_ms": round(pct(ms, 95), 2),
            "p99_ms": round(pct(ms, 99), 2), "max_ms": round(ms[-1], 2), "min_ms": round(ms[0], 2),
            "mean_ms": round(sum(ms) / len(ms), 2)}


def line(label, s):
    return (f"{label}: n={s['n']} median={s['median_ms']} ms p95={s['p95_ms']} ms "
            f"p99={s['p99_ms']} ms max={s['max_ms']} ms")


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[:3]


def redis_del(key):
    """DEL one key over RESP (stdlib only); returns the number of keys removed."""
    k = key.encode()
    cmd = b"*2\r\n$3\r\nDEL\r\n$" + str(len(k)).encode() + b"\r\n" + k + b"\r\n"
    with socket.create_connection((os.environ["TT_REDIS_HOST"], int(os.environ["TT_REDIS_PORT"])), timeout=5) as s:
        s.sendall(cmd)
        reply = s.recv(64)
    if not reply.startswith(b":"):
        raise SystemExit(f"redis DEL failed: {reply!r}")
    return int(reply[1:].split(b"\r\n")[0])


def save(name, result):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(result, f, indent=2)
PY

phase_a() {
  echo "== a. child scans: 40 new parents SB60000-SB60039 (area lucknow), 1,200 sequential child scans"
  python3 - <<'PY'
import sys; sys.path.insert(0, __import__("os").environ["TT_OUT"])
from measure_lib import *
token = login()
result = {"loadavg_start": loadavg()}
parents = [f"SB{60000 + i}" for i in range(40)]
lat, codes = [], {}
for qr in parents:
    status, body, t = request("POST", "/api/v1/scans/parent", token, {"qr": qr, "area": "lucknow"})
    codes[status] = codes.get(status, 0) + 1
    lat.append(t)
result["parent_scans"] = summary(lat) | {"status_codes": codes}
print(line("parent scans (POST /scans/parent)", result["parent_scans"]), "codes", codes)
lat, codes, n = [], {}, 0
last = None
for p, qr in enumerate(parents):
    for k in range(30):
        n += 1
        status, body, t = request("POST", "/api/v1/scans/child", token,
                                  {"parent_qr": qr, "child_qr": f"MEAS{n:06d}"})
        codes[status] = codes.get(status, 0) + 1
        lat.append(t)
        last = body
result["child_scans"] = summary(lat) | {"status_codes": codes, "wall_s": round(sum(lat), 2)}
result["last_parent_after_scans"] = last.get("parent") if isinstance(last, dict) else last
result["loadavg_end"] = loadavg()
print(line("child scans (POST /scans/child)", result["child_scans"]), "codes", codes,
      "sum of latencies", result["child_scans"]["wall_s"], "s")
print("last parent:", {k: result["last_parent_after_scans"].get(k) for k in ("qr", "status", "child_count")})
save("a_child_scans", result)
PY
}

phase_b() {
  echo "== b. GET /api/v1/stats: 500 sequential (first uncached), then 100 with the cache key deleted before each"
  python3 - <<'PY'
import sys; sys.path.insert(0, __import__("os").environ["TT_OUT"])
from measure_lib import *
token = login()
key = os.environ["TT_REDIS_PREFIX"] + "stats:v1:*"  # the admin's (all areas) key
result = {"loadavg_start": loadavg(), "cache_key": key}
redis_del(key)
lat, computed, codes, prev = [], 0, {}, None
for i in range(500):
    status, body, t = request("GET", "/api/v1/stats", token)
    codes[status] = codes.get(status, 0) + 1
    lat.append(t)
    gen = body.get("generated_at") if isinstance(body, dict) else None
    if gen != prev:
        computed += 1  # a new generated_at means the server computed the figures
    prev = gen
result["first_uncached_ms"] = round(lat[0] * 1000, 2)
result["sequential_500"] = summary(lat) | {"status_codes": codes, "computed_responses": computed,
                                           "cached_responses": 500 - computed, "wall_s": round(sum(lat), 3)}
result["sequential_500_without_first"] = summary(lat[1:])
print("first request (cache key deleted before):", result["first_uncached_ms"], "ms")
print(line("500 sequential", result["sequential_500"]), f"computed={computed} cached={500 - computed}")
print(line("  the 499 after the first", result["sequential_500_without_first"]))
lat, codes, deleted = [], {}, 0
for i in range(100):
    deleted += redis_del(key)  # not timed
    status, body, t = request("GET", "/api/v1/stats", token)
    codes[status] = codes.get(status, 0) + 1
    lat.append(t)
result["uncached_100"] = summary(lat) | {"status_codes": codes, "keys_deleted_before": deleted}
result["stats_body_sample"] = body
result["loadavg_end"] = loadavg()
print(line("100 uncached (key deleted before each)", result["uncached_100"]), "codes", codes,
      f"(key existed before {deleted}/100)")
save("b_stats", result)
PY
}

phase_c() {
  echo "== c. GET /api/v1/trace/{qr} and GET /api/v1/bags/{qr}: 300 random seeded QRs (150 parents SB0xxxx-SB4xxxx, 150 children C#####S##)"
  psql "$TT_DATABASE_URL" -Atc "
    (select qr from bags where kind = 'parent' and qr ~ '^SB[0-4][0-9]{4}\$' order by random() limit 150)
    union all
    (select qr from bags where kind = 'child' and qr ~ '^C[0-9]{5}S[0-9]{2}\$' order by random() limit 150)" \
    >"$TT_OUT/c_qrs.txt"
  echo "picked $(wc -l <"$TT_OUT/c_qrs.txt") QRs, e.g. $(head -2 "$TT_OUT/c_qrs.txt" | tr '\n' ' ')$(tail -2 "$TT_OUT/c_qrs.txt" | tr '\n' ' ')"
  python3 - <<'PY'
import sys, random, urllib.parse; sys.path.insert(0, __import__("os").environ["TT_OUT"])
from measure_lib import *
qrs = [l.strip() for l in open(os.path.join(OUT, "c_qrs.txt")) if l.strip()]
random.Random(7).shuffle(qrs)
token = login()
result = {"loadavg_start": loadavg(), "qrs": len(qrs)}
for name, path in (("trace", "/api/v1/trace/"), ("bag_detail", "/api/v1/bags/")):
    lat, by_kind, codes = [], {"parent": [], "child": []}, {}
    for qr in qrs:
        status, body, t = request("GET", path + urllib.parse.quote(qr), token)
        codes[status] = codes.get(status, 0) + 1
        lat.append(t)
        by_kind["parent" if qr.startswith("SB") else "child"].append(t)
    result[name] = summary(lat) | {"status_codes": codes,
                                   "parents": summary(by_kind["parent"]), "children": summary(by_kind["child"])}
    print(line(f"GET {path}{{qr}}", result[name]), "codes", codes)
    print(line("   parents only", result[name]["parents"]))
    print(line("   children only", result[name]["children"]))
result["loadavg_end"] = loadavg()
save("c_trace_bags", result)
PY
}

phase_d() {
  echo "== d. import: 2,000 parents SB70000-SB71999 x 30 children IMP0000001-IMP0060000 (60,000 rows, ${IMPORT_FORMAT:-csv})"
  local csv="$TT_OUT/import_bags.${IMPORT_FORMAT:-csv}"
  python3 - "$csv" <<'PY'
import sys, zipfile
path = sys.argv[1]
rows = [("parent_qr", "child_qr")]
n = 0
for p in range(2000):
    for k in range(30):
        n += 1
        rows.append((f"SB{70000 + p}", f"IMP{n:07d}"))
if path.endswith(".csv"):
    with open(path, "w") as f:
        f.writelines(f"{a},{b}\n" for a, b in rows)
else:
    # A workbook as spreadsheet programs write it: every text cell points into a shared-strings table.
    strings, index = [], {}
    def sid(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]
    sheet = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>{sid(a)}</v></c><c r="B{r}" t="s"><v>{sid(b)}</v></c></row>'
                    for r, (a, b) in enumerate(rows, 1))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
                   f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/></Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="bags" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{sheet}</sheetData></worksheet>')
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
                   + "".join(f"<si><t>{t}</t></si>" for t in strings) + "</sst>")
PY
  echo "file: 60000 data rows, $(stat -c %s "$csv") bytes"
  local token
  token=$(python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); from measure_lib import login; print(login())' "$TT_OUT")
  echo "loadavg before: $(cut -d' ' -f1-3 /proc/loadavg)"
  local w
  w=$(curl -sS --max-time 900 -o "$TT_OUT/d_import_response.json" -H "Authorization: Bearer $token" \
    -F "file=@$csv" -w '%{http_code} %{time_total} %{time_starttransfer}' "$TT_BASE/api/v1/imports/bags")
  echo "curl: http_code time_total time_starttransfer = $w"
  python3 - "$w" <<'PY'
import sys, json; sys.path.insert(0, __import__("os").environ["TT_OUT"])
from measure_lib import *
code, total, ttfb = sys.argv[1].split()
report = json.load(open(os.path.join(OUT, "d_import_response.json")))
accepted = report.get("accepted") if isinstance(report, dict) else None
result = {"http_code": int(code), "time_total_s": float(total), "rows": 60000, "accepted": accepted,
          "batches_accepted": report.get("batches_accepted"), "rejected": len(report.get("rejected", [])),
          "rows_per_s": round(60000 / float(total), 1), "loadavg_end": loadavg()}
print(f"import: HTTP {code}, {total} s, accepted {accepted}, batches {result['batches_accepted']}, "
      f"rejected {result['rejected']}, {result['rows_per_s']} rows/s")
save("d_import", result)
PY
}

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$TT_SERVER_PID/status"; }
hwm_kib() { awk '/^VmHWM/ {print $2}' "/proc/$TT_SERVER_PID/status"; }

export_one() {
  local fmt=$1 token=$2
  local samples="$TT_OUT/e_rss_${fmt}.txt" stop="$TT_OUT/e_stop_${fmt}"
  rm -f "$samples" "$stop"
  local before hwm_before
  before=$(rss_kib)
  hwm_before=$(hwm_kib)
  # Sampler: VmRSS every 0.2 s until the stop file appears, at most 30 min.
  python3 - "$TT_SERVER_PID" "$samples" "$stop" <<'PY' &
import os, sys, time
pid, out, stop = sys.argv[1], sys.argv[2], sys.argv[3]
start = time.monotonic()
with open(out, "w") as f:
    while not os.path.exists(stop) and time.monotonic() - start < 1800:
        for l in open(f"/proc/{pid}/status"):
            if l.startswith("VmRSS"):
                f.write(f"{time.monotonic() - start:.2f} {l.split()[1]}\n")
                f.flush()
        time.sleep(0.2)
PY
  local sampler=$!
  local w
  w=$(curl -sS --max-time 1800 -o /dev/null -H "Authorization: Bearer $token" \
    -w '%{http_code} %{size_download} %{time_starttransfer} %{time_total}' "$TT_BASE/api/v1/exports/bags.$fmt")
  touch "$stop"
  wait "$sampler"
  local after hwm_after
  after=$(rss_kib)
  hwm_after=$(hwm_kib)
  python3 - "$fmt" "$w" "$before" "$after" "$hwm_before" "$hwm_after" "$samples" <<'PY'
import sys; sys.path.insert(0, __import__("os").environ["TT_OUT"])
from measure_lib import *
fmt, w, before, after, hwm_before, hwm_after, samples = sys.argv[1:]
code, size, ttfb, total = w.split()
rss = [int(l.split()[1]) for l in open(samples) if l.strip()]
result = {"format": fmt, "http_code": int(code), "size_bytes": int(size), "size_mib": round(int(size) / 2**20, 1),
          "time_starttransfer_s": float(ttfb), "time_total_s": float(total),
          "rss_before_mib": round(int(before) / 1024, 1), "rss_peak_sampled_mib": round(max(rss) / 1024, 1),
          "rss_after_mib": round(int(after) / 1024, 1), "samples": len(rss),
          "vmhwm_before_mib": round(int(hwm_before) / 1024, 1), "vmhwm_after_mib": round(int(hwm_after) / 1024, 1),
          "loadavg_end": loadavg()}
print(f"bags.{fmt}: HTTP {code}, {result['size_mib']} MiB ({size} B), first byte {ttfb} s, total {total} s; "
      f"RSS before {result['rss_before_mib']} MiB, peak (0.2 s samples, n={len(rss)}) {result['rss_peak_sampled_mib']} MiB, "
      f"after {result['rss_after_mib']} MiB; VmHWM {result['vmhwm_before_mib']} -> {result['vmhwm_after_mib']} MiB")
save(f"e_export_{fmt}", result)
PY
}

phase_e() {
  echo "== e. server RSS while exporting every bag: ${EXPORT_FORMATS:-csv xlsx}"
  psql "$TT_DATABASE_URL" -Atc "select 'bags in the database: ' || count(*) from bags"
  local token fmt
  for fmt in ${EXPORT_FORMATS:-csv xlsx}; do
    token=$(python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); from measure_lib import login; print(login())' "$TT_OUT")
    sleep 2
    echo "loadavg before bags.$fmt: $(cut -d' ' -f1-3 /proc/loadavg)"
    export_one "$fmt" "$token"
  done
}

for phase in $PHASES; do
  "phase_$phase"
done
