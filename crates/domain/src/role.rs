use serde::{Deserialize, Serialize};

/// What a user may do (SPEC §6). Ordered by privilege only for display; checks are explicit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Biller,
    Dispatcher,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Biller => "biller",
            Role::Dispatcher => "dispatcher",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "admin" => Some(Role::Admin),
            "biller" => Some(Role::Biller),
            "dispatcher" => Some(Role::Dispatcher),
            _ => None,
        }
    }

    /// Dispatchers work inside one dispatch area; admins and billers see every area.
    pub fn is_area_bound(self) -> bool {
        self == Role::Dispatcher
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
