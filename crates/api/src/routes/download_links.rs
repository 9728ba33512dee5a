//! `POST /api/v1/exports/links`: a short-lived, single-use link to one export, so the browser
//! downloads it to disk itself (`auth/download_link.rs` has the token and its checks).

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use domain::ValidationError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::audit::AuditQuery;
use super::bags::BagQuery;
use super::bills::BillQuery;
use super::events::EventQuery;
use crate::auth::download_link::TOKEN_PARAMETER;
use crate::auth::{AdminOnly, Authenticated};
use crate::error::{ApiResult, Problem};
use crate::state::AppState;

/// The exports a link may name, each with the filters its query string may hold.
const EXPORTS: [&str; 4] = ["bags", "bills", "events", "audit"];
const FORMATS: [&str; 2] = ["csv", "xlsx"];
const MAX_PATH: usize = 2000;

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"path": "/api/v1/exports/audit.csv?action=login&from=2026-11-27T18:30:00Z"}))]
pub struct DownloadLinkRequest {
    /// The export to download: `/api/v1/exports/{bags,bills,events,audit}.{csv,xlsx}`, with the
    /// query string of its filters exactly as it will be fetched (no `download_token`, no spaces, no
    /// `#`). Anything else is refused with 422 naming `path`.
    #[schema(min_length = 1, max_length = 2000, example = "/api/v1/exports/bags.csv?kind=parent&area=lucknow")]
    pub path: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"url": "/api/v1/exports/audit.csv?action=login&download_token=eyJ0eXAiOiJKV1Qi…",
    "expires_at": "2026-11-28T09:01:00Z"}))]
pub struct DownloadLink {
    /// A same-origin address to open or link to (`<a href download>`): the path asked for with
    /// `download_token` added. Good once, until `expires_at`, for this user only.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// A link the browser can download an export from by itself (admin).
///
/// Admins only. `path` names one export (`/api/v1/exports/{bags,bills,events,audit}.{csv,xlsx}`) and its
/// filters as a query string; the filters are checked now, as the export would (422 naming `path`
/// otherwise). The answer's `url` is that path with a signed `download_token` added: it needs no
/// `Authorization` header, so the browser can stream the file straight to disk. The token is bound to
/// this user and to exactly this path and query; it works once, within `expires_at` (60 s by default,
/// `TRACETRACK_DOWNLOAD_LINK_TTL_SECS`), and only while the user still exists, is not locked and is
/// still an admin. Anything else answers 401 `download_link_invalid` (`details.reason`: `expired`,
/// `used`, `invalid`, `wrong_path`) or, when the user's rights changed, 401 `unauthorized`.
#[utoipa::path(post, path = "/api/v1/exports/links", tag = "exports", request_body = DownloadLinkRequest,
    security(("bearer" = [])), responses(
    (status = 200, body = DownloadLink),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 422, description = "`path` is not an export, or its filters are wrong", body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    admin: Authenticated<AdminOnly>,
    body: crate::extract::Json<DownloadLinkRequest>,
) -> ApiResult<HttpResponse> {
    let path = check_path(&body.path)?;
    let (token, expires_at) = state.download_links.issue(admin.id(), admin.claims.ver, path)?;
    let separator = if path.contains('?') { '&' } else { '?' };
    let url = format!("{path}{separator}{TOKEN_PARAMETER}={token}");
    Ok(HttpResponse::Ok().json(DownloadLink { url, expires_at }))
}

/// The path if it names an export with filters that export accepts.
fn check_path(raw: &str) -> Result<&str, ValidationError> {
    let refuse = |message: String| ValidationError::field("path", message);
    if raw.len() > MAX_PATH || raw.chars().any(|c| c.is_control() || c.is_whitespace() || c == '#') {
        return Err(refuse(format!("a path of at most {MAX_PATH} characters, without spaces or a fragment")));
    }
    let (route, query) = raw.split_once('?').unwrap_or((raw, ""));
    let export = route
        .strip_prefix("/api/v1/exports/")
        .and_then(|file| file.split_once('.'))
        .filter(|(name, format)| EXPORTS.contains(name) && FORMATS.contains(format))
        .map(|(name, _)| name)
        .ok_or_else(|| refuse("only an export: /api/v1/exports/{bags,bills,events,audit}.{csv,xlsx}".to_owned()))?;
    if query.split('&').any(|pair| pair.split('=').next() == Some(TOKEN_PARAMETER)) {
        return Err(refuse(format!("the query string may not hold {TOKEN_PARAMETER}")));
    }
    let filters = match export {
        "bags" => filters_fit::<BagQuery>(query),
        "bills" => filters_fit::<BillQuery>(query),
        "events" => filters_fit::<EventQuery>(query),
        _ => filters_fit::<AuditQuery>(query),
    };
    filters.map_err(|problem| refuse(format!("the filters do not fit this export: {problem}")))?;
    Ok(raw)
}

fn filters_fit<T: DeserializeOwned>(query: &str) -> Result<(), String> {
    web::Query::<T>::from_query(query).map(drop).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exports_with_fitting_filters_get_a_link() {
        assert!(check_path("/api/v1/exports/bags.csv").is_ok());
        assert!(check_path("/api/v1/exports/audit.xlsx?action=login").is_ok());
        assert!(check_path("/api/v1/exports/audit.pdf").is_err());
        assert!(check_path("/api/v1/users").is_err());
        assert!(check_path("/api/v1/exports/../users").is_err());
        assert!(check_path("/api/v1/exports/audit.csv?nonsense=1").is_err());
        assert!(check_path("/api/v1/exports/audit.csv?download_token=x").is_err());
        assert!(check_path("https://evil.example/api/v1/exports/bags.csv").is_err());
    }
}
