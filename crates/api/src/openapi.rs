//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes::{
    audit, auth, bags, bags_dto, bills, bills_dto, config, events, events_dto, exports, health, imports, reports,
    returns, scans, stats, totp, trace, users, users_dto,
};
use crate::{error, metrics};

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
    paths(
        health::live, health::ready, metrics::scrape,
        auth::login, auth::refresh, auth::logout, auth::me, auth::change_password,
        totp::setup, totp::enable, totp::disable, totp::reset,
        users::list, users::create, users::get, users::update, users::delete, users::unlock,
        config::list_areas, config::list_parent_types, config::create_parent_type,
        scans::scan_parent, scans::scan_child, scans::complete, scans::undo, scans::unlink,
        bags::list, bags::detail, bags::delete, trace::trace, events::list,
        bills::list, bills::create, bills::detail, bills::update, bills::delete,
        bills::add_parent, bills::remove_parent, bills::complete, bills::reopen,
        stats::stats, stats::activity, reports::eod, audit::list, exports::bags, exports::bills, exports::events,
        imports::bags, imports::bills,
        returns::create, returns::list, returns::detail, returns::add_parent, returns::finalize, returns::cancel,
    ),
    components(schemas(
        error::Problem, error::ErrorCode, users_dto::User, bags_dto::Bag, bags_dto::BagKind, bags::BagStatus,
        bills_dto::Bill, bills::BillStatusFilter, events_dto::Event, domain::Role,
    )),
    modifiers(&BearerAuth, &RateLimitAnswers, &ProblemContentType, &UniqueOperationIds),
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
        (name = "exports", description = "CSV and XLSX files of bags, bills and events (admin)"),
        (name = "imports", description = "Spreadsheet imports of bags and bills (admin)"),
        (name = "audit", description = "Who changed what (admin)"),
        (name = "history", description = "The append-only event history"),
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

/// Every API operation can answer 429 (`rate_limited`): per client address on every call, per
/// user once signed in (`TRACETRACK_RATE_LIMIT_*`). Stated on each operation, with the
/// `Retry-After` header that says how long to wait (also on 423 and 503).
struct RateLimitAnswers;

impl Modify for RateLimitAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        use utoipa::openapi::{ContentBuilder, HeaderBuilder, Ref, RefOr, ResponseBuilder};
        let retry_after = || {
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)))
                .description(Some("Seconds to wait before trying again"))
                .build()
        };
        let problem = || ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
        for (path, item) in openapi.paths.paths.iter_mut() {
            if !path.starts_with("/api/v1/") {
                continue;
            }
            for operation in operations_mut(item) {
                let responses = &mut operation.responses.responses;
                responses.entry("429".to_owned()).or_insert_with(|| {
                    RefOr::T(
                        ResponseBuilder::new()
                            .description(
                                "`rate_limited`: too many requests from this client address, or from this user \
                                 (defaults 3,000 and 300 per 10 s)",
                            )
                            .content("application/json", problem())
                            .build(),
                    )
                });
                for status in ["423", "429", "503"] {
                    if let Some(RefOr::T(response)) = responses.get_mut(status) {
                        response.headers.entry("Retry-After".to_owned()).or_insert_with(retry_after);
                    }
                }
            }
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

/// utoipa names operations after their handler functions, and several areas have a `list` or
/// `create`; clients generated from the document need unique ids, so a repeated name gets the
/// path's resource appended (`list` → `list_bills`).
struct UniqueOperationIds;

impl Modify for UniqueOperationIds {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut seen = std::collections::HashMap::<String, usize>::new();
        for item in openapi.paths.paths.values() {
            for operation in operations(item) {
                if let Some(id) = &operation.operation_id {
                    *seen.entry(id.clone()).or_default() += 1;
                }
            }
        }
        for (path, item) in openapi.paths.paths.iter_mut() {
            let resource = path.trim_start_matches("/api/v1/").split('/').next().unwrap_or("").replace('-', "_");
            for operation in operations_mut(item) {
                if let Some(id) = operation.operation_id.as_mut()
                    && seen.get(id.as_str()).copied().unwrap_or(0) > 1
                {
                    *id = format!("{id}_{resource}");
                }
            }
        }
    }
}

fn operations(item: &utoipa::openapi::PathItem) -> impl Iterator<Item = &utoipa::openapi::path::Operation> {
    [&item.get, &item.post, &item.put, &item.patch, &item.delete].into_iter().flatten()
}

fn operations_mut(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
}

/// The document as served and as committed in `openapi/openapi.json`.
pub fn document_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_else(|_| "{}".to_owned())
}
