//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::error;
use crate::routes::{bags, bags_dto, bills, bills_dto, events_dto, users_dto};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "TraceTrack API",
        description = "Bag traceability for agricultural supply chains: child bags packed into parent bags, \
parent bags loaded onto bills of dispatch.\n\n\
Every error is `application/problem+json` (`Problem`) with a stable `code`. Identifiers (QR codes, bill ids) \
are normalised before use: invisible characters removed, spaces collapsed, upper-cased.\n\n\
Roles: `admin` (everything), `biller` (bills, returns, bags), `dispatcher` (scanning and bags of their own \
dispatch area; another area's bag answers 403 `other_area`). Lists take `limit` (1–500, default 50) and `cursor`, and \
answer `{items, next_cursor}`.",
        version = "1.0.0"
    ),
    servers((url = "/", description = "The server that serves this document")),
    components(schemas(
        error::Problem, error::ErrorCode, users_dto::User, bags_dto::Bag, bags_dto::BagKind, bags::BagStatus,
        bills_dto::Bill, bills::BillStatusFilter, events_dto::Event, domain::Role,
    )),
    tags(
        (name = "auth", description = "Sign-in, token rotation, sign-out, the optional second factor (TOTP)"),
        (name = "users", description = "User administration (admin)"),
        (name = "configuration", description = "Dispatch areas and parent types"),
        (name = "scanning", description = "Packing children into parents: every limit holds under concurrency; \
every endpoint takes `Idempotency-Key`"),
        (name = "bags", description = "Bag lists, detail, trace"),
        (name = "returns", description = "Return tickets for parents handed back by dealers (admins and billers)"),
        (name = "bills", description = "Bills of dispatch (admins and billers): capacity and one-bill-per-parent \
hold under concurrency; weights and counts move in the same transaction as the change"),
        (name = "dashboard", description = "Totals and activity for supervisors"),
        (name = "exports", description = "CSV and XLSX files of bags, bills, events and the audit trail (admin), \
with a bearer token or a single-use download link the browser can open itself"),
        (name = "printing", description = "QR labels (PDF sheets and rolls, Zebra ZPL II), the bill of dispatch and the \
end-of-day report as PDF; dates in the site's time zone, headings in English and Hindi"),
        (name = "imports", description = "Spreadsheet imports of bags and bills (admin)"),
        (name = "audit", description = "Who changed what (admin)"),
        (name = "history", description = "The append-only event history"),
        (name = "integrations", description = "API keys for machines, signed webhooks (Standard Webhooks) and the \
live event stream (admins manage keys and webhooks)"),
        (name = "health", description = "Liveness, readiness and metrics"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
        components.add_security_scheme(
            "download_link",
            SecurityScheme::ApiKey(utoipa::openapi::security::ApiKey::Query(
                utoipa::openapi::security::ApiKeyValue::with_description(
                    "download_token",
                    "A single-use token from `POST /api/v1/exports/links`, good for 60 s for exactly the path \
                     and query it was made for; the browser downloads the export with it, no header needed",
                ),
            )),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(utoipa::openapi::security::ApiKey::Header(
                utoipa::openapi::security::ApiKeyValue::with_description(
                    "X-Api-Key",
                    "An API key (`tt_…`, from `POST /api/v1/api-keys`), also accepted as `Authorization: Bearer tt_…`. \
                     An operation lists the scope a key needs; a key without it answers 403, a revoked or rotated \
                     one 401. Each key has its own request rate (429 with `Retry-After`).",
                ),
            )),
        );
        components.add_security_scheme(
            "metrics_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The value of TRACETRACK_METRICS_TOKEN"))
                    .build(),
            ),
        );
        // `security(())` on an operation means "no credentials": say so as `security: []`.
        for item in openapi.paths.paths.values_mut() {
            for operation in operations_mut(item) {
                if let Some(requirements) = operation.security.as_mut() {
                    requirements.retain(|requirement| {
                        requirement != &utoipa::openapi::security::SecurityRequirement::default()
                    });
                }
            }
        }
    }
}

/// The answers every operation shares, stated once in `components.responses` and referred to
/// by each operation that does not state its own: 400 (a query string, path or header that
/// cannot be read), 422 (operations with parameters or a body), 401 (operations that need a token), 413/415 (operations with a body), 429
/// (per client address on every call, per user once signed in), 500 and 503. `Retry-After`
/// goes with 423, 429 and 503.
struct SharedAnswers;

/// (status, component name, description, applies to)
const SHARED_ANSWERS: [(&str, &str, &str, Applies); 8] = [
    (
        "400",
        "MalformedRequest",
        "`malformed_request`: the query string, the path, a header or the body could not be read",
        Applies::Always,
    ),
    (
        "401",
        "Unauthorized",
        "`unauthorized`: no credentials, bad or expired ones, or a token issued before the user's rights changed",
        Applies::Secured,
    ),
    (
        "413",
        "PayloadTooLarge",
        "`payload_too_large`: the body is over the limit (1 MiB of JSON, 16 MB of upload)",
        Applies::WithBody,
    ),
    (
        "415",
        "UnsupportedMediaType",
        "`unsupported_media_type`: the body is not of the media type stated here",
        Applies::WithBody,
    ),
    (
        "422",
        "ValidationFailed",
        "`validation_failed`: a parameter or a field breaks a rule (a control character, a value out of range, a \
         wrong type, an unknown field); `details.fields` names each",
        Applies::WithInput,
    ),
    (
        "429",
        "RateLimited",
        "`rate_limited`: too many requests from this client address, or from this user (defaults 3,000 and 300 \
         per 10 s); wait `Retry-After` seconds",
        Applies::Api,
    ),
    (
        "500",
        "InternalError",
        "`internal`: the server failed; its log has the cause under this answer's `request_id`",
        Applies::Always,
    ),
    (
        "503",
        "Unavailable",
        "`unavailable`: the database (or the server, while it stops) cannot take the request now; nothing was \
         changed; try again after `Retry-After` seconds",
        Applies::Always,
    ),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Applies {
    Always,
    Api,
    Secured,
    WithBody,
    WithInput,
}

impl Modify for SharedAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        use utoipa::openapi::{ContentBuilder, HeaderBuilder, Ref, RefOr, ResponseBuilder};
        let retry_after = || {
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)))
                .description(Some("Seconds to wait before trying again"))
                .build()
        };
        let request_id = || {
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::String))
                .description(Some("This request's id, also in the logs and in problem bodies (`request_id`)"))
                .build()
        };
        let mut used = std::collections::BTreeSet::new();
        for (path, item) in openapi.paths.paths.iter_mut() {
            let api = path.starts_with("/api/v1/");
            for operation in operations_mut(item) {
                let secured = operation.security.as_ref().is_none_or(|requirements| !requirements.is_empty());
                let with_body = operation.request_body.is_some();
                let with_input = with_body || operation.parameters.as_ref().is_some_and(|p| !p.is_empty());
                let responses = &mut operation.responses.responses;
                for (status, name, _, applies) in SHARED_ANSWERS {
                    let applies = match applies {
                        Applies::Always => true,
                        Applies::Api => api,
                        Applies::Secured => secured,
                        Applies::WithBody => with_body,
                        Applies::WithInput => with_input,
                    };
                    if applies && !responses.contains_key(status) {
                        responses
                            .insert(status.to_owned(), RefOr::Ref(Ref::new(format!("#/components/responses/{name}"))));
                        used.insert(name);
                    }
                }
                for status in ["423", "429", "503"] {
                    if let Some(RefOr::T(response)) = responses.get_mut(status) {
                        response.headers.entry("Retry-After".to_owned()).or_insert_with(retry_after);
                    }
                }
            }
        }
        let components = openapi.components.get_or_insert_with(Default::default);
        for (status, name, description, _) in SHARED_ANSWERS.into_iter().filter(|answer| used.contains(answer.1)) {
            let mut response = ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
                )
                .header("X-Request-Id", request_id())
                .build();
            if ["429", "503"].contains(&status) {
                response.headers.insert("Retry-After".to_owned(), retry_after());
            }
            components.responses.insert(name.to_owned(), RefOr::T(response));
        }
    }
}

/// Error bodies are `application/problem+json`; the annotations say `body = Problem` once and
/// this sets the media type for every 4xx and 5xx answer.
struct ProblemContentType;

impl Modify for ProblemContentType {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
            for operation in operations.into_iter().flatten() {
                for (status, response) in operation.responses.responses.iter_mut() {
                    let utoipa::openapi::RefOr::T(response) = response else { continue };
                    if !(status.starts_with('4') || status.starts_with('5')) {
                        continue;
                    }
                    let is_problem = response.content.get("application/json").is_some_and(|content| {
                        matches!(&content.schema, Some(utoipa::openapi::RefOr::Ref(r)) if r.ref_location.ends_with("/Problem"))
                    });
                    if let Some(content) = response.content.shift_remove("application/json").filter(|_| is_problem) {
                        response.content.insert("application/problem+json".to_owned(), content);
                    }
                }
            }
        }
    }
}

/// Each operation's id is the one its route was registered with (`routes::API_ROUTES`):
/// `verb_noun`, unique, stable for generated clients.
struct OperationIds;

impl Modify for OperationIds {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for route in crate::routes::all_routes() {
            let Some(item) = openapi.paths.paths.get_mut(route.path) else { continue };
            let operation = match route.method {
                "get" => item.get.as_mut(),
                "post" => item.post.as_mut(),
                "patch" => item.patch.as_mut(),
                "delete" => item.delete.as_mut(),
                _ => None,
            };
            if let Some(operation) = operation {
                operation.operation_id = Some(route.operation_id.to_owned());
            }
        }
    }
}

/// The operations that honour `Idempotency-Key` (`idempotency::run`).
pub const IDEMPOTENT_OPERATIONS: [&str; 8] = [
    "scan_parent",
    "scan_child",
    "complete_parent",
    "undo_last_scan",
    "unlink_child",
    "add_bill_parent",
    "remove_bill_parent",
    "add_return_parent",
];

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The headers the server reads and writes, stated where they apply: `X-Request-Id` on every
/// answer; `Idempotency-Key` and `Idempotent-Replayed` on the idempotent operations;
/// `X-Device-Id` on scans; exports and reports as files (`Content-Disposition`, exact media
/// types, a closed `format`); imports as a typed multipart body.
struct Headers;

impl Modify for Headers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        use utoipa::openapi::{ContentBuilder, HeaderBuilder, RefOr, Required};
        let text = |description: &str| {
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::String))
                .description(Some(description))
                .build()
        };
        let header_param = |name: &str, description: &str, max: usize, pattern: &str| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Header)
                .required(Required::False)
                .description(Some(description))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .min_length(Some(1))
                        .max_length(Some(max))
                        .pattern(Some(pattern)),
                ))
                .build()
        };
        // The kinds of the history are its own list (and its table's check constraint).
        openapi.components.get_or_insert_with(Default::default).schemas.insert(
            "EventKind".to_owned(),
            RefOr::T(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some("A kind of event in the history"))
                    .enum_values(Some(storage::event::KINDS.iter().copied()))
                    .into(),
            ),
        );
        for (path, item) in openapi.paths.paths.iter_mut() {
            // The files themselves, not `POST /exports/links`, which answers JSON.
            let is_export = path.starts_with("/api/v1/exports/") && path.ends_with(".{format}");
            let is_import = path.starts_with("/api/v1/imports/");
            let is_report = path == "/api/v1/reports/eod";
            let printed: &[&str] = if path.ends_with(".pdf") {
                &["application/pdf"]
            } else if path.ends_with("labels.{format}") {
                &["application/pdf", "text/plain"]
            } else {
                &[]
            };
            // EPCIS capture packs through the scans, stamped the same way.
            let is_scan = path.starts_with("/api/v1/scans/")
                || path.starts_with("/api/v1/parents/")
                || path == "/api/v1/epcis/capture";
            for operation in operations_mut(item) {
                let id = operation.operation_id.clone().unwrap_or_default();
                let idempotent = IDEMPOTENT_OPERATIONS.contains(&id.as_str());
                let parameters = operation.parameters.get_or_insert_with(Vec::new);
                parameters.retain(|p| {
                    !["Idempotency-Key", "X-Device-Id"].contains(&p.name.as_str())
                        && !(is_export && (p.name == "limit" || p.name == "cursor"))
                });
                if idempotent {
                    parameters.push(header_param(
                        "Idempotency-Key",
                        "Makes a retry safe: the first answer to this key (per user, for 24 h) is replayed, \
                         with `Idempotent-Replayed: true`; the same key with another request is refused (409 \
                         `idempotency_conflict`)",
                        200,
                        "^[!-~]{1,200}$",
                    ));
                }
                if is_scan {
                    parameters.push(header_param(
                        "X-Device-Id",
                        "The scanner station, stamped on the events: 1–64 letters, digits or `space . _ : / # -`, \
                         a letter or digit first",
                        64,
                        "^[A-Za-z0-9][A-Za-z0-9 ._:/#-]{0,63}$",
                    ));
                }
                if !printed.is_empty() {
                    for parameter in parameters.iter_mut().filter(|p| p.name == "format") {
                        parameter.schema = Some(RefOr::T(
                            ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["pdf", "zpl"])).into(),
                        ));
                    }
                    for parameter in parameters.iter_mut().filter(|p| p.name == "layout") {
                        parameter.schema = Some(RefOr::T(
                            ObjectBuilder::new()
                                .schema_type(Type::String)
                                .enum_values(Some(["a4", "roll-50x25"]))
                                .default(Some("a4".into()))
                                .into(),
                        ));
                    }
                }
                if path == "/api/v1/events" || path == "/api/v1/exports/events.{format}" {
                    for parameter in parameters.iter_mut().filter(|p| p.name == "kind") {
                        parameter.schema = Some(RefOr::T(
                            utoipa::openapi::schema::OneOfBuilder::new()
                                .item(ObjectBuilder::new().schema_type(Type::Null))
                                .item(utoipa::openapi::Ref::from_schema_name("EventKind"))
                                .into(),
                        ));
                    }
                }
                if is_export {
                    for parameter in parameters.iter_mut().filter(|p| p.name == "format") {
                        parameter.schema = Some(RefOr::T(
                            ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["csv", "xlsx"])).into(),
                        ));
                    }
                }
                if path == "/api/v1/reports/eod" {
                    for parameter in parameters.iter_mut().filter(|p| p.name == "format") {
                        parameter.schema = Some(RefOr::T(
                            ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["json", "csv"])).into(),
                        ));
                    }
                }
                for parameter in parameters.iter_mut().filter(|p| p.parameter_in == ParameterIn::Query) {
                    refuse_control_characters(parameter);
                    last_writable_day(parameter);
                }
                // A bill id in a path is normalised like a scanned one (any case, spaces trimmed);
                // the document states its canonical form, which is always a well-formed id.
                for parameter in parameters.iter_mut().filter(|p| p.parameter_in == ParameterIn::Path) {
                    if parameter.name == "bill_id" {
                        parameter.schema = Some(RefOr::T(
                            ObjectBuilder::new()
                                .schema_type(Type::String)
                                .min_length(Some(3))
                                .max_length(Some(50))
                                .pattern(Some(r"^[A-Za-z0-9_/-]{3,50}$"))
                                .into(),
                        ));
                    }
                }
                if parameters.is_empty() {
                    operation.parameters = None;
                }
                if is_import && let Some(body) = operation.request_body.as_mut() {
                    body.required = Some(utoipa::openapi::Required::True);
                    let schema = ObjectBuilder::new()
                        .schema_type(Type::Object)
                        .property(
                            "file",
                            ObjectBuilder::new()
                                .schema_type(Type::String)
                                .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                                    utoipa::openapi::KnownFormat::Binary,
                                )))
                                .description(Some("A CSV or XLSX file, at most 16 MB")),
                        )
                        .required("file");
                    body.content.insert(
                        "multipart/form-data".to_owned(),
                        ContentBuilder::new().schema(Some(RefOr::T(schema.into()))).build(),
                    );
                }
                for (status, response) in operation.responses.responses.iter_mut() {
                    let RefOr::T(response) = response else { continue };
                    response.headers.entry("X-Request-Id".to_owned()).or_insert_with(|| {
                        text("This request's id, also in the logs and in problem bodies (`request_id`)")
                    });
                    if idempotent && status.starts_with('2') {
                        response.headers.entry("Idempotent-Replayed".to_owned()).or_insert_with(|| {
                            text("`true` when this is the stored answer to an earlier request with the same key")
                        });
                    }
                    if (is_export || is_report || !printed.is_empty()) && status == "200" {
                        response
                            .headers
                            .entry("Content-Disposition".to_owned())
                            .or_insert_with(|| text("`attachment; filename=\"…\"` for the file formats"));
                        let binary = || {
                            ContentBuilder::new()
                                .schema(Some(RefOr::T(
                                    ObjectBuilder::new()
                                        .schema_type(Type::String)
                                        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                                            utoipa::openapi::KnownFormat::Binary,
                                        )))
                                        .into(),
                                )))
                                .build()
                        };
                        if !printed.is_empty() {
                            response.content.clear();
                            for media_type in printed {
                                response.content.insert((*media_type).to_owned(), binary());
                            }
                        } else if is_export {
                            response.content.clear();
                            response.content.insert("text/csv".to_owned(), binary());
                            response.content.insert(XLSX.to_owned(), binary());
                        } else {
                            response.content.insert("text/csv".to_owned(), binary());
                        }
                    }
                }
            }
        }
    }
}

/// The input guard (`input_guard.rs`) refuses a control character in any query value with 422:
/// a free-text query parameter (no pattern, enum or format of its own) says so as a `pattern`.
/// Path parameters are identifiers, from which SPEC §1 strips invisible characters instead.
fn refuse_control_characters(parameter: &mut utoipa::openapi::path::Parameter) {
    use utoipa::openapi::schema::{Schema, SchemaType, Type};
    let Some(utoipa::openapi::RefOr::T(Schema::Object(object))) = parameter.schema.as_mut() else { return };
    let text = match &object.schema_type {
        SchemaType::Type(kind) => *kind == Type::String,
        SchemaType::Array(kinds) => kinds.contains(&Type::String),
        SchemaType::AnyValue => false,
    };
    if text && object.pattern.is_none() && object.enum_values.is_none() && object.format.is_none() {
        object.pattern = Some(NO_CONTROL_CHARACTERS.to_owned());
    }
}

/// A local day the API answers with its window `[start, end)`, both RFC 3339 instants (a
/// four-digit year), so the last day of year 9999 has no writable end (`SiteZone::window`).
fn last_writable_day(parameter: &mut utoipa::openapi::path::Parameter) {
    use utoipa::openapi::schema::{KnownFormat, Schema, SchemaFormat};
    let Some(utoipa::openapi::RefOr::T(Schema::Object(object))) = parameter.schema.as_mut() else { return };
    if object.format == Some(SchemaFormat::KnownFormat(KnownFormat::Date)) && object.pattern.is_none() {
        object.pattern = Some("^(?!9999-12-31)".to_owned());
        if let Some(description) = parameter.description.as_mut() {
            description.push_str(" (up to 9999-12-30)");
        }
    }
}

/// No C0 or C1 control character (`domain::text`).
pub const NO_CONTROL_CHARACTERS: &str = r"^[^\u0000-\u001F\u007F-\u009F]*$";

/// A dispatcher works in one area and admins and billers in none (`UserRules::check_area`).
/// utoipa has no `if`/`then`, so the rule goes in as keywords of the user bodies' schemas. A new
/// user's role and area must fit; a change must fit where it names both (naming one alone is
/// checked against the user as they are: 409 `area_conflict`).
struct RoleAreaRule;

impl Modify for RoleAreaRule {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use serde_json::json;
        use utoipa::openapi::{RefOr, schema::Schema};
        let dispatcher = json!({"properties": {"role": {"const": "dispatcher"}}});
        let rules = [
            (
                "CreateUser",
                json!({
                    "if": dispatcher,
                    "then": {"required": ["area"], "properties": {"area": {"type": "string"}}},
                    "else": {"properties": {"area": {"type": "null"}}},
                }),
            ),
            (
                "UpdateUser",
                json!({
                    "if": {"required": ["role", "area"], "properties": {"role": {"const": "dispatcher"}, "area": {}}},
                    "then": {"properties": {"area": {"type": "string"}}},
                    "else": {
                        "if": {"required": ["role", "area"], "properties": {"role": {"enum": ["admin", "biller"]}, "area": {}}},
                        "then": {"properties": {"area": {"type": "null"}}},
                    },
                }),
            ),
        ];
        let Some(components) = openapi.components.as_mut() else { return };
        for (name, keywords) in rules {
            let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(name) else { continue };
            // `Extensions` prefixes keys with `x-` only in its builder; this is JSON Schema's own
            // keyword. One key, in an `allOf`: the extensions are a HashMap, and the document's
            // bytes must not depend on its order.
            let extensions = object.extensions.get_or_insert_with(Default::default);
            extensions.insert("allOf".to_owned(), json!([keywords]));
        }
    }
}

fn operations_mut(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
}

/// The document as served and as committed in `openapi/openapi.json`: the operations come from
/// the route table (`routes!`), so what is served is what is documented.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut document = ApiDoc::openapi();
    document.merge(crate::routes::ApiV1Paths::openapi());
    document.merge(crate::routes::HealthPaths::openapi());
    let modifiers: [&dyn Modify; 6] =
        [&BearerAuth, &OperationIds, &Headers, &ProblemContentType, &SharedAnswers, &RoleAreaRule];
    for modifier in modifiers {
        modifier.modify(&mut document);
    }
    document
}

pub fn document_json() -> String {
    document().to_pretty_json().unwrap_or_else(|_| "{}".to_owned())
}
