#!/usr/bin/env bash
# Peak RSS of the server while it imports a 1,000,000-row XLSX workbook (loadtest/MEASUREMENTS.md).
# Usage: loadtest/measure-import-rss.sh [path to tracetrack] — needs PostgreSQL on
# PG (default postgres://postgres@127.0.0.1:5432), python3 and curl; makes database tt_import_rss.
set -euo pipefail
BIN="${1:-target/debug/tracetrack}"
PG="${PG:-postgres://postgres@127.0.0.1:5432}"
OUT="${OUT:-/tmp/import-rss}"
PORT="${PORT:-18977}"
PASSWORD='Measure-Admin-2026!'
mkdir -p "$OUT"

# 100,000 parents (SB00000–SB49999, M444-00000–M444-49999) of 10 children each, inline strings.
python3 - "$OUT/million.xlsx" <<'PY'
import io, sys, zipfile
NS = "http://schemas.openxmlformats.org"
parts = {
    "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{NS}/package/2006/relationships"><Relationship Id="rId1" Type="{NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{NS}/spreadsheetml/2006/main" xmlns:r="{NS}/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{NS}/package/2006/relationships"><Relationship Id="rId1" Type="{NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}
rows = [f'<?xml version="1.0"?><worksheet xmlns="{NS}/spreadsheetml/2006/main"><sheetData>',
        '<row r="1"><c r="A1" t="inlineStr"><is><t>parent_qr</t></is></c><c r="B1" t="inlineStr"><is><t>child_qr</t></is></c></row>']
for i in range(1_000_000):
    p = i // 10
    parent = f"SB{p:05d}" if p < 50_000 else f"M444-{p - 50_000:05d}"
    r = i + 2
    rows.append(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{parent}</t></is></c>'
                f'<c r="B{r}" t="inlineStr"><is><t>K{i:07d}</t></is></c></row>')
rows.append("</sheetData></worksheet>")
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
    for name, text in parts.items():
        archive.writestr(name, text)
    archive.writestr("xl/worksheets/sheet1.xml", "".join(rows))
open(sys.argv[1], "wb").write(buffer.getvalue())
PY

psql -q "$PG/postgres" -c "drop database if exists tt_import_rss" -c "create database tt_import_rss"
export DATABASE_URL="$PG/tt_import_rss"
"$BIN" migrate >/dev/null
TRACETRACK_ADDR="127.0.0.1:$PORT" TRACETRACK_ADMIN_PASSWORD="$PASSWORD" TRACETRACK_RATE_LIMITS=off \
    TRACETRACK_LOG_FORMAT=text NO_COLOR=1 "$BIN" serve >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.2; done
TOKEN=$(curl -sf "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
start=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
( peak=0; while kill -0 "$SERVER" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status" 2>/dev/null || echo 0)
    if [[ -n "$rss" && "$rss" -gt "$peak" ]]; then peak=$rss; echo "$peak" >"$OUT/peak"; fi
    sleep 0.05
  done ) &
curl -s -o "$OUT/report.json" -w 'HTTP %{http_code}, %{time_total} s\n' -H "Authorization: Bearer $TOKEN" \
    -F "file=@$OUT/million.xlsx" "http://127.0.0.1:$PORT/api/v1/imports/bags"
sleep 0.3
echo "RSS at start $((start / 1024)) MiB, peak $(( $(cat "$OUT/peak") / 1024 )) MiB"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print({k: r.get(k) for k in ("rows","accepted","batches_accepted","rejected_count","skipped_count")})' "$OUT/report.json"
