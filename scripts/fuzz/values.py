"""The values scripts/fuzz/run.py and hooks.py mix into generated requests.

A random string seldom holds what breaks a server where it matters: 20,000 cases without these
lists found one of the many NUL errors there were. So every generated string, integer and
number is replaced, with probability HOSTILE_PROBABILITY, by one of the values below (where the
value breaks the field's schema, only in negative cases); path parameters name existing rows
half the time; and the fields that must be valid before a request reaches deeper code get the
schema rules below.
"""

# NUL, which PostgreSQL refuses in any text, is the commonest cause of a 500; it gets more
# variants (so more draws) than anything else.
NUL_STRINGS = [
    "\x00", "a\x00b", "\x00\x00\x00", "SB00001\x00", "\x00SB00001", "lucknow\x00", "x\x00" * 8, "\x00\r\n",
    "Jaipur C&F\x00", "RJ14\x00GB 1234", "\u20ac\x00", " \x00 ", "\x00" + "A" * 300, "note\x00\x01\x02",
]

HOSTILE_STRINGS = [
    *NUL_STRINGS,
    # Control and invisible characters, and letters whose case mapping changes their length.
    "\x01\x02\x1f", "\x7f", "\r\n", "\t", "\x1b[31m", "\u0085", "\u00a0", "\u200b", "\u202e", "\ufeff", "\ufffd",
    "\u0130", "\u00df", "\ufb00", "\u01c5", "\u0390", "e\u0301", "\U0001d518\U0001d52b", "\U0001f600",
    # SQL, LIKE and format metacharacters.
    "'", '"', "\\", "%", "_", "%_\\", "' or '1'='1", "--", ";", "$1", "{}", "[]", "null",
    "../../etc/passwd", "%00", "%s%n", "<script>",
    # Long strings.
    "A" * 256, "A" * 4097, "\u20ac" * 1500, "9" * 400,
    # Numbers, dates and ids out of range or malformed.
    "-1", "0", "2147483648", "9223372036854775808", "1e309", "NaN", "-0",
    "0001-01-01", "9999-12-31", "2026-02-30", "-0001-01-01", "+275760-09-13T00:00:00Z",
    "2026-11-30T25:61:61Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
    "00000000-0000-0000-0000-000000000000", "not-a-uuid",
    # Regular expressions (parent types' QR patterns). Not ".*": a type matching every QR
    # would turn every later child scan into a parent scan for the rest of the run.
    "(", "[", "a{1000}{1000}", "(a+)+$", "\\p{Foo}", "^$",
    "", " ",
    # Rows made by `tracetrack seed` (it draws each parent's type at random, hence both forms)
    # and by the migrations.
    "SB00001", "SB00002", "SB00017", "M444-00001", "M444-00002", "C00001S01", "C00002S01", "C00001M01",
    "SEED-000001", "SEED-000002", "lucknow", "indore", "mustard", "moong", "admin", "op-lucknow",
    "csv", "xlsx",
]
HOSTILE_INTEGERS = [
    0, -1, 1, 2147483647, 2147483648, -2147483648, -2147483649,
    9223372036854775807, -9223372036854775808, "18446744073709551616", "1" + "0" * 40,
]
HOSTILE_NUMBERS = [0.0, -0.0, 1e-9, 5e-324, 0.0005, 1e15, 1.7976931348623157e308, -1.7976931348623157e308]
HOSTILE_PROBABILITY = 0.25

# What the schema cannot state because it is data, not a rule: the dispatch areas and the parent
# types' QR patterns that exist in the fuzzer's database, and passwords that pass the policy's
# character classes (the schema states only their length). hooks.py puts these on the loaded
# schema as `enum` or `pattern`, so that positive cases reach the code behind the checks (with
# the hostile values of the other fields) and negative ones break exactly these. Every rule
# the API enforces by itself (lengths, ranges, the characters of ids and names) is in the
# committed schema, where integrators read it too.
AREAS = ["lucknow", "indore", "jaipur", "hisar", "sri_ganganagar", "sangaria", "bathinda", "raipur", "ranchi", "akola"]
PARENT_QR = {"type": "string", "pattern": "^(SB[0-9]{5}|M444-[0-9]{5})$"}
PASSWORD = {"type": "string", "pattern": "^[A-Z][a-z]{5,8}[0-9]{1,3}[-!?#]$"}
AREA = {"type": ["string", "null"], "enum": [*AREAS, None]}
CHILD_QR = {"type": "string", "pattern": "^C[A-Z0-9]{4,19}$"}
BAG_QR = {"type": "string", "pattern": "^(SB[0-9]{5}|M444-[0-9]{5}|C[A-Z0-9]{4,19})$"}
SCHEMA_RULES = {
    "CreateUser": {
        "password": PASSWORD,
        "area": {"type": ["string", "null"], "enum": [*AREAS, None]},
    },
    "UpdateUser": {
        "password": {"type": ["string", "null"], "pattern": PASSWORD["pattern"]},
        "area": {"type": ["string", "null"], "enum": [*AREAS, None]},
    },
    "ParentScanRequest": {"qr": PARENT_QR, "area": AREA},
    "ChildScanRequest": {"parent_qr": PARENT_QR, "child_qr": CHILD_QR},
    "BillParentRequest": {"qr": PARENT_QR, "area": AREA},
    "ReturnParentRequest": {"qr": PARENT_QR},
    "CreateReturn": {"area": AREA},
}
# The same for parameters, by operation path and parameter name: the bag codes in paths (a
# parent's or a child's, as the operation takes) and the first parent of a label sheet.
PARAMETER_RULES = {
    ("/api/v1/bags/{qr}", "qr"): BAG_QR,
    ("/api/v1/trace/{qr}", "qr"): BAG_QR,
    ("/api/v1/parents/{qr}/complete", "qr"): PARENT_QR,
    ("/api/v1/parents/{qr}/undo", "qr"): PARENT_QR,
    ("/api/v1/parents/{qr}/children/{child_qr}", "qr"): PARENT_QR,
    ("/api/v1/parents/{qr}/children/{child_qr}", "child_qr"): CHILD_QR,
    ("/api/v1/bills/{bill_id}/parents/{qr}", "qr"): PARENT_QR,
    ("/api/v1/labels/parents.{format}", "from"): PARENT_QR,
}

# The columns of the two imports (their multipart bodies are built by hooks.py), and valid cells
# for some of them, drawn as often as a hostile or a random one.
IMPORT_CELLS = {
    "bill_id": [f"FZ-IMPORT-{n:03}" for n in range(1, 201)] + ["SEED-000001"],
    "capacity": ["1", "5", "30", "500"],
    "parent_qr": ["SB00001", "SB00002", "M444-00001", "SB09990", "SB09991"],
    "child_qr": [f"CFZIMPORT{n:03}" for n in range(1, 201)] + ["C00001S01"],
}
IMPORT_COLUMNS = {
    "/api/v1/imports/bags": ["parent_qr", "child_qr"],
    "/api/v1/imports/bills": ["bill_id", "capacity", "destination", "vehicle_number", "description"],
}

# Path parameters drawn half the time from existing rows' ids and the hostile strings (the other
# half, a value generated from the schema).
PATH_PARAMETERS = {
    "qr": ["SB00001", "SB00002", "SB00003", "M444-00001", "M444-00002", "C00001S01", "C00002S01", "C00001M01"],
    "child_qr": ["C00001S01", "C00001S02", "C00002S01", "C00001M01"],
    "bill_id": ["SEED-000001", "SEED-000002", "SEED-000003", "SEED-000004", "FZ-BILL-001"],
}
PATH_PROBABILITY = 0.5
