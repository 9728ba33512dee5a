"""schemathesis hooks of scripts/fuzz/run.py (loaded through SCHEMATHESIS_HOOKS).

Two changes to the loaded schema (the committed file is left alone), and the import bodies.

What the schema cannot state because it is data (the areas and parent types in the fuzzer's
database, passwords that pass the policy's character classes) is added to it as `enum` or
`pattern` (values.SCHEMA_RULES).

The two imports take `multipart/form-data` with one field `file`, a CSV or XLSX file; generated
from the schema, that file is random bytes and never reaches the code that reads rows. Here
each generated body is replaced by a file: mostly CSV (the import's header, sometimes
shuffled, cut short or padded, and a few rows of cells drawn from the hostile values and the
rows the seed made), else a small XLSX workbook whose cells have odd references, types and
values (a shared-string index past the end, a row number past u32), or a few random bytes.

And every request answered with a 5xx is saved, byte for byte, under FUZZ_FAILURES_DIR with a
curl command that sends it again (schemathesis's own curl commands garble binary bodies).
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import shlex
import threading
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import schemathesis
from hypothesis import strategies as st

from schemathesis.core.parameters import ParameterLocation

from values import HOSTILE_STRINGS, IMPORT_CELLS, IMPORT_COLUMNS, PARAMETER_RULES, SCHEMA_RULES

FILE_FORM = {
    "type": "object",
    "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary"}},
    "additionalProperties": False,
}


@schemathesis.hook
def before_load_schema(context, raw_schema):
    for path in IMPORT_COLUMNS:
        content = raw_schema["paths"].get(path, {}).get("post", {}).get("requestBody", {}).get("content", {})
        if "multipart/form-data" in content:
            content["multipart/form-data"]["schema"] = FILE_FORM
    # The rules the schema states only in words (values.SCHEMA_RULES).
    components = raw_schema.get("components", {}).get("schemas", {})
    for name, fields in SCHEMA_RULES.items():
        properties = components.get(name, {}).get("properties", {})
        for field, rule in fields.items():
            if field in properties:
                description = properties[field].get("description")
                properties[field] = dict(rule, **({"description": description} if description else {}))
    # The fuzzer calls as a person, with its group's bearer token. Left in, the `api_key` scheme
    # would have schemathesis make up an X-Api-Key header, which the server takes instead of the
    # token (every call a 401), and whose hostile bytes (CR, LF, NUL) HTTP itself refuses before
    # TraceTrack sees them. Keys are exercised on every operation, with and without the scope it
    # names, by crates/server/tests/api/api_keys.rs.
    raw_schema.get("components", {}).get("securitySchemes", {}).pop("api_key", None)
    for item in raw_schema["paths"].values():
        for operation in item.values():
            security = operation.get("security") if isinstance(operation, dict) else None
            # Every operation that admits a key admits a person's bearer token too.
            if isinstance(security, list) and any("api_key" in requirement for requirement in security):
                operation["security"] = [requirement for requirement in security if "api_key" not in requirement]
    for (path, name), rule in PARAMETER_RULES.items():
        for operation in raw_schema["paths"].get(path, {}).values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("name") == name:
                    parameter["schema"] = dict(rule)


def cells(column: str) -> st.SearchStrategy[str]:
    valid = IMPORT_CELLS.get(column)
    options = [st.sampled_from(HOSTILE_STRINGS), st.text(max_size=12)]
    if valid:
        options.insert(0, st.sampled_from(valid))
    return st.one_of(*options)


def csv_text(columns: list[str]) -> st.SearchStrategy[bytes]:
    header = st.one_of(
        st.just(columns),
        st.permutations(columns),
        st.lists(st.sampled_from([*columns, "extra", ""]), max_size=len(columns) + 1),
    )
    row = st.tuples(*(cells(column) for column in columns)).map(list)

    def render(parts: tuple[list[str], list[list[str]], str]) -> bytes:
        head, rows, newline = parts
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator=newline)
        writer.writerow(head)
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8", "surrogatepass")

    return st.tuples(header, st.lists(row, max_size=6), st.sampled_from(["\n", "\r\n"])).map(render)


# The parts of a minimal XLSX workbook around its one sheet.
XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
    "xl/sharedStrings.xml": (
        '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>SB00001</t></si><si><t>C00001S01</t></si></sst>"
    ),
}
# Cell references and values a reader has to cope with: out-of-range rows and columns, a
# shared-string index past the table's end, numbers that are no numbers.
XLSX_REFS = ["A{row}", "B{row}", "E{row}", "A0", "XFD{row}", "ZZZZZZZZ{row}", "A999999999999", "{row}", "A"]
XLSX_TYPES = ["inlineStr", "s", "n", "b", "e", "str", "d", None]


def xlsx_file(columns: list[str]) -> st.SearchStrategy[bytes]:
    value = st.one_of(st.sampled_from(HOSTILE_STRINGS), st.sampled_from(["0", "1", "5", "99999", "-1", "1e400"]))
    cell = st.tuples(st.sampled_from(XLSX_REFS), st.sampled_from(XLSX_TYPES), value)

    def render(parts: tuple[bool, list[list[tuple[str, str | None, str]]]]) -> bytes:
        with_header, rows = parts
        xml = ['<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               "<sheetData>"]
        if with_header:
            xml.append('<row r="1">' + "".join(
                f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>' for i, name in enumerate(columns)
            ) + "</row>")
        for number, cells in enumerate(rows, 2):
            xml.append(f'<row r="{number}">')
            for ref, kind, text in cells:
                text = escape("".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20))
                attribute = f' t="{kind}"' if kind else ""
                body = f"<is><t>{text}</t></is>" if kind == "inlineStr" else f"<v>{text}</v>"
                xml.append(f'<c r="{ref.format(row=number)}"{attribute}>{body}</c>')
            xml.append("</row>")
        xml.append("</sheetData></worksheet>")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, part in XLSX_PARTS.items():
                archive.writestr(name, part)
            archive.writestr("xl/worksheets/sheet1.xml", "".join(xml))
        return buffer.getvalue()

    return st.tuples(st.booleans(), st.lists(st.lists(cell, max_size=4), max_size=4)).map(render)


@schemathesis.hook
def flatmap_case(context, case):
    # Only a positive body becomes a file: a negative one (no `file`, a `file` that is no
    # string, a field too many) must reach the server as generated, to be refused.
    columns = IMPORT_COLUMNS.get(case.operation.path)
    positive = case.meta is None or not case.meta.is_negative_at(ParameterLocation.BODY)
    if columns is None or not positive or not isinstance(case.body, dict):
        return st.just(case)
    content = st.one_of(csv_text(columns), csv_text(columns), xlsx_file(columns), st.binary(max_size=64))

    def with_file(data: bytes):
        case.body = {"file": data}
        meta = case._meta
        if meta is not None:
            # Revalidating a changed body that holds bytes always calls it invalid (schemathesis's
            # Case._validate_component: `contains_binary`), which would turn this positive case
            # negative; a file in `file` is what the schema asks for.
            meta.update_validated_hash(ParameterLocation.BODY, case._hash_container(case.body))
            meta.clear_dirty(ParameterLocation.BODY)
        return case

    return content.map(with_file)


SAVED = itertools.count(1)
SAVE_LOCK = threading.Lock()
SAVE_LIMIT = 200


@schemathesis.hook
def after_call(context, case, response):
    directory = os.environ.get("FUZZ_FAILURES_DIR")
    if directory is None or response.status_code < 500:
        return
    with SAVE_LOCK:
        number = next(SAVED)
    if number > SAVE_LIMIT:
        return
    request = response.request
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{number:03}-{response.status_code}"
    command = ["curl", "-sS", "-X", request.method]
    for name, value in request.headers.items():
        if name.lower() == "authorization":
            value = "Bearer $TOKEN"
        elif name.lower() in ("content-length", "accept-encoding", "connection", "user-agent"):
            continue
        command += ["-H", f"{name}: {value}"]
    body = request.body
    if body:
        (folder / f"{stem}.body").write_bytes(body if isinstance(body, bytes) else body.encode())
        command += ["--data-binary", f"@{stem}.body"]
    command.append(request.url)
    line = " ".join(shlex.quote(part) for part in command).replace("'Authorization: Bearer $TOKEN'",
                                                                    '"Authorization: Bearer $TOKEN"')
    answer = response.content[:2000].decode("utf-8", "replace")
    (folder / f"{stem}.sh").write_text(
        f"# {case.operation.label} answered {response.status_code}: {answer}\n"
        f"# Run from this folder with TOKEN set to an admin's access token.\n{line}\n"
    )
