"""Runs schemathesis against a started TraceTrack server, in groups of operations.

Called by scripts/fuzz-api (which makes the virtualenv, the database and the server) with the
virtualenv's Python. It signs in as the bootstrap admin, creates one throw-away admin per group
(random names nobody, the fuzzer included, can guess), runs one `st run` per group, and exits
non-zero when any group found a server error (or could not run), or when fewer cases than
asked for were generated.

Why groups. Every operation is fuzzed with an admin's token, but some operations, called with
that token, end or weaken the very session the fuzzer is using; in one run they would turn the
rest of it into a stream of 401s that test nothing. Each such operation runs in a group of its
own, with its own user:

  sessions  POST /auth/logout. Ends the caller's sessions (its access token stops working).
            This group signs in through schemathesis's dynamic auth, which signs in again and
            replays the request whenever a call answers 401.
  secrets   POST /auth/password, /auth/totp/setup, /auth/totp/enable, /auth/totp/disable. Each
            checks the caller's password or code; the fuzzer's wrong ones lock the account
            (423) after a few tries, and a right one would change the password or turn on a
            second factor. A lock does not end a session, so the group keeps a fixed token.
  main      every other operation but two (below), with a fixed token, dealt out to several
            processes (--lanes). It cannot reach its own user: the operations that change a user by id
            are in `users`, and it cannot guess the password or the user name.
  users     PATCH /users/{id}, DELETE /users/{id}, DELETE /users/{id}/totp. Half the ids
            tried are real ones, the fuzzer's own users' among them (the path parameter `id` is
            drawn from the users there are at the start). With a real id these demote or delete
            a user or reset its second factor, which ends that user's sessions: they run after
            the groups above.
  config    POST /parent-types, PATCH /parent-types/{code}, POST /areas, PATCH /areas/{code}: they
            change the areas and QR patterns the other groups' cases are drawn from, so they
            run last, with a user made after `users` took its ids.
  sign-in   POST /auth/login. Its failures soon make the server refuse every sign-in from
            127.0.0.1 for a while (429), which `sessions` needs: it runs after it.

Every operation is in exactly one group, but those in NOT_FUZZED (each with its reason).
The groups run side by side, sign-in once sessions has finished and users once all the others
but sign-in have. Processes rather than threads: generating cases holds Python's lock, and
hypothesis's threads race in Python 3.11's ast.parse ("AST constructor recursion depth
mismatch").
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from values import (
    HOSTILE_INTEGERS,
    HOSTILE_NUMBERS,
    HOSTILE_PROBABILITY,
    HOSTILE_STRINGS,
    PATH_PARAMETERS,
    PATH_PROBABILITY,
)

HERE = Path(__file__).resolve().parent
API = "/api/v1"

# The groups other than `main`, as "METHOD /path" exactly as in openapi.json.
SESSIONS = [f"POST {API}/auth/logout"]
SECRETS = [
    f"POST {API}/auth/password",
    f"POST {API}/auth/totp/setup",
    f"POST {API}/auth/totp/enable",
    f"POST {API}/auth/totp/disable",
]
SIGN_IN = [f"POST {API}/auth/login"]
# Changes to the configuration the other groups' cases are drawn from (values.py: the areas and
# the parent types' QR patterns): run last, so that a retired area or a new type whose pattern
# claims `NOT-A-UUID` as a parent cannot make another group's schema-breaking case valid.
CONFIG = [
    f"POST {API}/parent-types",
    f"PATCH {API}/parent-types/{{code}}",
    f"POST {API}/areas",
    f"PATCH {API}/areas/{{code}}",
]
# Not fuzzed, with the reason. The live stream stays open for as long as its client listens: a
# request/response fuzzer would wait for an end that never comes. Its one input (Last-Event-ID,
# last_event_id) is covered by crates/server/tests/api/stream.rs.
NOT_FUZZED = [f"GET {API}/stream"]
USERS = [
    f"PATCH {API}/users/{{id}}",
    f"DELETE {API}/users/{{id}}",
    f"DELETE {API}/users/{{id}}/totp",
]


# Well-formed requests this API refuses for reasons no schema can state: positive_data_acceptance
# accepts these statuses from these operations, on top of its defaults (2xx, 3xx, 401, 403, 404,
# 409, 429, 5xx). Every other operation must accept every schema-valid request.
POSITIVE_DEFAULTS = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
DATA_REFUSALS = {
    # The caller's password or one-time code is wrong (422), or wrong too often (423 Locked).
    f"POST {API}/auth/password": ["422", "423"],
    f"POST {API}/auth/totp/setup": ["422", "423"],
    f"POST {API}/auth/totp/enable": ["422", "423"],
    f"POST {API}/auth/totp/disable": ["422", "423"],
    f"POST {API}/auth/login": ["423"],
    # `date` or `from` and `to` (both): OpenAPI cannot make query parameters depend on each other.
    f"GET {API}/stats/activity": ["422"],
    # A QR pattern is a Rust regular expression (JSON Schema's `format: regex` is ECMA 262's), and
    # it must not overlap the other types' patterns, which are data.
    f"POST {API}/parent-types": ["422"],
    f"PATCH {API}/parent-types/{{code}}": ["422"],
    # A key's area must exist, and an area-bound key may not have `bill` or `export` (data, and a
    # rule across two fields the document states in words).
    f"POST {API}/api-keys": ["422"],
    # A webhook URL must be https:// (plain http:// only to loopback, in development) with no
    # credentials: what a URL parser finds in the string, not what a pattern can say.
    f"POST {API}/webhooks": ["422"],
    f"PATCH {API}/webhooks/{{id}}": ["422"],
    # The file's rows and cells: a schema describes the upload, not a spreadsheet's content.
    f"POST {API}/imports/bags": ["422"],
    f"POST {API}/imports/bills": ["422"],
}


def data_refusals() -> list[str]:
    """The `[[operations]]` tables of DATA_REFUSALS."""
    lines: list[str] = []
    for label, statuses in DATA_REFUSALS.items():
        method, path = label.split(" ", 1)
        lines += [
            "[[operations]]", f"include-method = {toml_value(method)}", f"include-path = {toml_value(path)}",
            f"checks.positive_data_acceptance.expected-statuses = {toml_value(POSITIVE_DEFAULTS + statuses)}", "",
        ]
    return lines


def toml_value(value: object) -> str:
    """A TOML literal for a string, integer, float or list of them."""
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TypeError(value)
    if isinstance(value, (int, float)):
        return repr(value)
    escaped = []
    for char in value:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def body_fields(schema: dict) -> dict[str, str]:
    """The top-level fields of the JSON request bodies, each with its type (string, integer or
    number): schemathesis's type-wide dictionaries reach parameters only, body fields need a
    binding each."""
    components = schema.get("components", {}).get("schemas", {})
    fields: dict[str, str] = {}
    for item in schema["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema", {})
            if "$ref" in body:
                body = components.get(body["$ref"].rsplit("/", 1)[-1], {})
            for name, field in body.get("properties", {}).items():
                types = field.get("type", [])
                types = [types] if isinstance(types, str) else types
                kind = next((t for t in ("string", "integer", "number") if t in types), None)
                if kind is not None:
                    fields.setdefault(name, kind)
    return dict(sorted(fields.items()))


def config_text(schema: dict, user_ids: list[str], credentials: tuple[str, str] | None) -> str:
    """The schemathesis.toml of one group."""
    lines = [
        # Persistent state (schemathesis's cache, hypothesis's database) would make two runs
        # with the same seed differ: keep none. The schema's own sign-up/login flow is unused.
        "[cache]", "enabled = false", "",
        "[auth]", "auto-signup = false", "",
        "[dictionaries.hostile-strings]", f"values = {toml_value(HOSTILE_STRINGS)}", "",
        "[dictionaries.hostile-integers]", f"values = {toml_value(HOSTILE_INTEGERS)}", "",
        "[dictionaries.hostile-numbers]", f"values = {toml_value(HOSTILE_NUMBERS)}", "",
        "[generation.dictionaries]",
        f'string = {{ dictionary = "hostile-strings", probability = {HOSTILE_PROBABILITY} }}',
        f'integer = {{ dictionary = "hostile-integers", probability = {HOSTILE_PROBABILITY} }}',
        f'number = {{ dictionary = "hostile-numbers", probability = {HOSTILE_PROBABILITY} }}',
        "",
    ]
    bindings = [
        f'"body.{name}" = {{ dictionary = "hostile-{kind}s", probability = {HOSTILE_PROBABILITY} }}'
        for name, kind in body_fields(schema).items()
    ]
    for name, ids in {**PATH_PARAMETERS, "id": user_ids}.items():
        lines += [f"[dictionaries.path-{name}]", f"values = {toml_value(ids + HOSTILE_STRINGS)}", ""]
        bindings.append(f'"path.{name}" = {{ dictionary = "path-{name}", probability = {PATH_PROBABILITY} }}')
    lines += ["[parameters]", *bindings, ""]
    lines += data_refusals()
    if credentials is not None:
        # Sign in as this group's user, and again (replaying the request) after any 401.
        lines += [
            "[auth.dynamic.openapi.bearer]",
            f'path = "{API}/auth/login"',
            'payload = { username = "${FUZZ_USERNAME}", password = "${FUZZ_PASSWORD}" }',
            'extract_selector = "/access_token"',
            "retry_on = [401]",
            "",
        ]
    return "\n".join(lines)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] fuzz: {message}", file=sys.stderr, flush=True)


def call(base: str, method: str, path: str, body: dict | None = None, token: str | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{method} {path} answered {error.code}: {error.read().decode(errors='replace')}")
    return json.loads(raw) if raw else {}


def new_password() -> str:
    # Upper, lower, digit and symbol, as the password policy asks.
    return f"Fz-{secrets.token_hex(8)}-Q9!"


def login(base: str, username: str, password: str) -> str:
    return call(base, "POST", f"{API}/auth/login", {"username": username, "password": password})["access_token"]


def create_admin(base: str, admin_token: str, group: str) -> tuple[str, str, str]:
    """A new admin: user name, password and id."""
    username = f"fz-{group}-{secrets.token_hex(6)}"
    password = new_password()
    created = call(
        base,
        "POST",
        f"{API}/users",
        {"username": username, "password": password, "role": "admin", "display_name": f"fuzz {group}"},
        admin_token,
    )
    return username, password, created["id"]


def all_operations(schema: dict) -> list[str]:
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    return [
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in item
        if method in methods
    ]


def has_inputs(schema: dict, operation: str) -> bool:
    method, path = operation.split(" ", 1)
    item = schema["paths"][path]
    spec = item[method.lower()]
    return bool(spec.get("parameters") or item.get("parameters") or spec.get("requestBody"))


def weight(schema: dict, operation: str) -> float:
    """About how long an operation's cases take: one request without parameters or body; an
    export sends the whole matching table back, about twice the time of an ordinary request."""
    if not has_inputs(schema, operation):
        return 0.01
    return 2.0 if "/exports/" in operation else 1.0


def split(schema: dict, operations: list[str], lanes: int) -> list[list[str]]:
    """Deals the operations out to `lanes` lists of about equal work, heaviest first."""
    ordered = sorted(operations, key=lambda op: (-weight(schema, op), op))
    parts: list[list[str]] = [[] for _ in range(lanes)]
    loads = [0.0] * lanes
    for operation in ordered:
        lightest = loads.index(min(loads))
        parts[lightest].append(operation)
        loads[lightest] += weight(schema, operation)
    return [part for part in parts if part]


class Group:
    """One `st run` over some operations, as one user."""

    def __init__(self, args: argparse.Namespace, name: str, operations: list[str], *,
                 token: str | None = None, credentials: tuple[str, str] | None = None) -> None:
        self.name, self.operations = name, operations
        self.out = args.out / name
        self.out.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ)
        self.env["SCHEMATHESIS_HOOKS"] = "hooks"
        self.env["PYTHONPATH"] = str(HERE)
        self.env["FUZZ_FAILURES_DIR"] = str(self.out / "failures")
        if credentials is not None:
            self.env["FUZZ_USERNAME"], self.env["FUZZ_PASSWORD"] = credentials
        (self.out / "schemathesis.toml").write_text(config_text(args.schema_json, args.user_ids, credentials))

        self.command = [
            str(Path(sys.executable).parent / "st"), "--config-file", str(self.out / "schemathesis.toml"),
            "run", str(args.schema), "--url", args.base,
            "--checks", args.checks,
            "--phases", "examples,coverage,fuzzing",
            "--seed", str(args.seed),
            "--max-examples", str(args.examples),
            "--workers", str(args.workers),
            "--generation-database", "none",
            "--request-timeout", "30",
            "--continue-on-failure",
            "--no-color",
            "--report", "junit,ndjson", "--report-dir", str(self.out),
        ]
        if token is not None:
            self.command += ["--header", f"Authorization: Bearer {token}"]
        for operation in operations:
            self.command += ["--include-name", operation]

    def start(self) -> None:
        log(f"group {self.name}: {len(self.operations)} operations")
        self.started = time.monotonic()
        self.output = open(self.out / "output.txt", "w")
        self.process = subprocess.Popen(self.command, env=self.env, cwd=self.out, stdout=self.output,
                                        stderr=subprocess.STDOUT)

    def finish(self, status: int, usage: resource.struct_rusage) -> dict:
        """Reports the group once its process has exited with `status`."""
        self.process.returncode = os.waitstatus_to_exitcode(status)
        self.output.close()
        elapsed = time.monotonic() - self.started
        text = (self.out / "output.txt").read_text(errors="replace")
        print(f"\n----- group {self.name} ({len(self.operations)} operations) -----")
        sys.stdout.write(text)
        sys.stdout.flush()
        match = re.search(r"Test cases:\s*\n\s*(\d+) generated", text)
        cases = int(match.group(1)) if match else 0
        cpu = usage.ru_utime + usage.ru_stime
        log(f"group {self.name}: exit {self.process.returncode}, {cases} cases in {elapsed:.0f} s ({cpu:.0f} s CPU)")
        return {"group": self.name, "exit": self.process.returncode, "cases": cases, "seconds": round(elapsed, 1),
                "fuzzer_cpu_seconds": round(cpu, 1), "operations": self.operations}


def run_all(groups: list[tuple[Group, list[str]]]) -> list[dict]:
    """Runs the groups side by side, each once the groups it waits for (by name) have finished;
    reports each as it finishes. Stopped (SIGTERM, SIGINT), it stops the running ones."""
    waiting = list(groups)
    running: dict[int, Group] = {}
    finished: dict[str, dict] = {}

    def stop(signum: int, _frame: object) -> None:
        for group in running.values():
            group.process.terminate()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while waiting or running:
        for entry in list(waiting):
            group, after = entry
            if all(name in finished for name in after):
                waiting.remove(entry)
                group.start()
                running[group.process.pid] = group
        pid, status, usage = os.wait4(-1, 0)
        group = running.pop(pid, None)
        if group is not None:
            finished[group.name] = group.finish(status, usage)
    return [finished[group.name] for group, _ in groups]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--schema", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--examples", type=int, required=True, help="fuzzed cases per operation")
    parser.add_argument("--checks", default="all",
                        help="schemathesis checks, comma-separated, or `all` (every response is checked against "
                             "the document: statuses, headers, media types, bodies, and that invalid data is "
                             "refused and valid data accepted)")
    parser.add_argument("--workers", type=int, default=1, help="schemathesis worker threads per process")
    parser.add_argument("--lanes", type=int, default=4, help="processes the main group is dealt out to")
    parser.add_argument("--min-cases", type=int, default=0)
    args = parser.parse_args()
    # Absolute: each schemathesis process runs in its group's folder.
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    args.schema = args.schema.resolve()

    schema = args.schema_json = json.loads(args.schema.read_text())
    operations = all_operations(schema)
    grouped = set(SESSIONS + SECRETS + USERS + SIGN_IN + CONFIG + NOT_FUZZED)
    unknown = grouped - set(operations)
    if unknown:
        raise SystemExit(f"scripts/fuzz/run.py names operations the schema lacks: {sorted(unknown)}")
    main_ops = [op for op in operations if op not in grouped]

    admin = login(args.base, "admin", os.environ["TRACETRACK_ADMIN_PASSWORD"])
    created = {group: create_admin(args.base, admin, group) for group in ("sessions", "secrets", "main", "users")}
    # Real user ids for the path parameter `id` (half the time, with the hostile strings).
    args.user_ids = [user["id"] for user in call(args.base, "GET", f"{API}/users?limit=100", token=admin)["items"]]
    # Made after the ids are taken, so that `users` cannot demote or delete it before it runs.
    created["config"] = create_admin(args.base, admin, "config")
    users = {group: (username, password) for group, (username, password, _) in created.items()}
    # Every token is taken now, before any failed sign-in.
    tokens = {group: login(args.base, *users[group]) for group in ("secrets", "main", "users", "config")}

    started = time.monotonic()
    parts = split(schema, main_ops, args.lanes)
    main_groups = [
        Group(args, f"main-{index}" if len(parts) > 1 else "main", part, token=tokens["main"])
        for index, part in enumerate(parts, 1)
    ]
    first = ["sessions", "secrets", *(group.name for group in main_groups)]
    results = run_all([
        (Group(args, "sessions", SESSIONS, credentials=users["sessions"]), []),
        (Group(args, "secrets", SECRETS, token=tokens["secrets"]), []),
        *((group, []) for group in main_groups),
        (Group(args, "sign-in", SIGN_IN), ["sessions"]),
        (Group(args, "users", USERS, token=tokens["users"]), first),
        (Group(args, "config", CONFIG, token=tokens["config"]), [*first, "users"]),
    ])
    elapsed = time.monotonic() - started

    total = sum(result["cases"] for result in results)
    (args.out / "summary.json").write_text(
        json.dumps({"seed": args.seed, "examples": args.examples, "cases": total, "seconds": round(elapsed, 1),
                    "groups": results}, indent=2) + "\n"
    )
    print("\n===== fuzz summary =====")
    for result in results:
        state = "ok" if result["exit"] == 0 else f"FAILED (st exit {result['exit']})"
        print(f"  {result['group']:<9} {len(result['operations']):>3} operations {result['cases']:>6} cases "
              f"{result['seconds']:>5.0f} s  {state}")
    print(f"  {'total':<9} {len(operations):>3} operations {total:>6} cases {elapsed:>5.0f} s  "
          f"(seed {args.seed}, {args.examples} per operation)")
    saved = sorted(args.out.glob("*/failures/*.sh"))
    if saved:
        print(f"fuzz: {len(saved)} requests answered 5xx (up to 200 a group are saved, byte for byte, "
              f"with a curl command each): {args.out}/*/failures/")
    status = 0
    if any(result["exit"] != 0 for result in results):
        print("fuzz: server errors (or run errors) above, each with a curl command that reproduces it")
        status = 1
    if total < args.min_cases:
        print(f"fuzz: only {total} cases generated, fewer than the {args.min_cases} asked for")
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
