//! Keyset pagination shared by every list: `limit` (1–500, default 50) and an opaque `cursor`.

use serde::Deserialize;

use crate::error::{ApiError, ApiResult, ErrorCode};

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 500;

/// Checks a requested page size.
pub fn limit(requested: Option<u32>) -> ApiResult<i64> {
    match requested.unwrap_or(DEFAULT_LIMIT) {
        limit @ 1..=MAX_LIMIT => Ok(i64::from(limit)),
        other => Err(ApiError::new(
            ErrorCode::ValidationFailed,
            format!("limit must be between 1 and {MAX_LIMIT}, not {other}"),
        )
        .with_details(serde_json::json!({ "fields": [{ "field": "limit", "message": "must be 1–500" }] }))),
    }
}

/// A cursor is the sort key of the last row served, joined with `.`; clients treat it as opaque.
pub fn encode(parts: &[&str]) -> String {
    parts.join(".")
}

pub fn decode<const N: usize>(cursor: &str) -> ApiResult<[String; N]> {
    let parts: Vec<String> = cursor.split('.').map(str::to_owned).collect();
    parts.try_into().map_err(|_| ApiError::malformed(format!("\"{cursor}\" is not a cursor from this list")))
}

pub fn bad_cursor(cursor: &str) -> ApiError {
    ApiError::malformed(format!("\"{cursor}\" is not a cursor from this list"))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Page size, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1, max_length = 500)]
    pub cursor: Option<String>,
}

/// Cursor of lists keyed on a numeric id: exactly what the document's pattern states (1–18
/// digits, no leading zero), so any cursor it allows is a position and any other is refused.
pub fn decode_id(cursor: &str) -> ApiResult<i64> {
    let digits =
        (1..=18).contains(&cursor.len()) && cursor.bytes().all(|b| b.is_ascii_digit()) && !cursor.starts_with('0');
    digits.then(|| cursor.parse::<i64>().ok()).flatten().ok_or_else(|| bad_cursor(cursor))
}

/// Trims the extra row fetched to detect a next page, and returns that page's cursor.
pub fn next_id_cursor<T>(rows: &mut Vec<T>, limit: i64, id: impl Fn(&T) -> i64) -> Option<String> {
    if rows.len() as i64 <= limit {
        return None;
    }
    rows.truncate(limit as usize);
    rows.last().map(|last| id(last).to_string())
}
