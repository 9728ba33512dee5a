//! The user shapes of the API, shared by `/auth` and `/users`.

use chrono::{DateTime, Utc};
use domain::{Language, Role};
use serde::{Deserialize, Serialize};
use storage::user::UserRecord;
use uuid::Uuid;

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({
    "id": "0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01", "username": "ravi", "display_name": "Ravi Kumar",
    "role": "dispatcher", "area": "lucknow", "locked": false, "locked_until": null, "totp_enabled": false, "language": "hi",
    "created_at": "2026-11-28T09:00:00Z", "updated_at": "2026-11-28T09:00:00Z"
}))]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The dispatch area a dispatcher works in; `null` for admins and billers.
    pub area: Option<String>,
    /// Whether sign-in is currently refused after too many failures.
    pub locked: bool,
    pub locked_until: Option<DateTime<Utc>>,
    /// Sign-in needs an authenticator code as well as the password.
    pub totp_enabled: bool,
    /// The language the user reads the app in; each user sets their own (`PATCH /auth/me`).
    pub language: Language,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<UserRecord> for User {
    fn from(record: UserRecord) -> Self {
        let locked_until = record.locked_until.filter(|until| *until > Utc::now());
        Self {
            id: record.id,
            username: record.username,
            display_name: record.display_name,
            // The database's check constraint admits only these three.
            role: Role::parse(&record.role).unwrap_or(Role::Dispatcher),
            area: record.area,
            locked: locked_until.is_some(),
            locked_until,
            totp_enabled: record.totp_enabled,
            // The database's check constraint admits only the known languages.
            language: Language::parse(&record.language).unwrap_or_default(),
            created_at: record.created_at,
            updated_at: record.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"username": "ravi", "password": "Seed-Bag-2026", "role": "dispatcher", "area": "lucknow",
                          "display_name": "Ravi Kumar"}))]
pub struct CreateUser {
    /// 3–40 letters, digits, `.`, `_` or `-`; unique regardless of case.
    #[schema(min_length = 3, max_length = 40, pattern = r"^[A-Za-z0-9._-]{3,40}$")]
    pub username: String,
    /// 8–128 characters with upper case, lower case, a digit and a symbol.
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
    pub role: Role,
    /// Required for dispatchers, absent for admins and billers.
    #[schema(pattern = r"^[a-z][a-z0-9_]{1,39}$")]
    pub area: Option<String>,
    #[serde(default)]
    #[schema(max_length = 80, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub display_name: String,
}

/// Fields to change; absent fields keep their value. `area: null` clears the area.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"role": "biller", "area": null}))]
pub struct UpdateUser {
    #[schema(max_length = 80, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub display_name: Option<String>,
    pub role: Option<Role>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, pattern = r"^[a-z][a-z0-9_]{1,39}$")]
    pub area: Option<Option<String>>,
    /// Sets a new password (admin reset); signs the user out everywhere. 8–128 characters with
    /// upper case, lower case, a digit and a symbol.
    #[schema(min_length = 8, max_length = 128)]
    pub password: Option<String>,
}

/// Distinguishes `"area": null` (clear it) from an absent `area` (keep it).
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UserPage {
    pub items: Vec<User>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}
