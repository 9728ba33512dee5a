//! TraceTrack's vocabulary and rules, free of IO: what a valid identifier, user, role or
//! parent type is. Every constructor validates, so a value of these types is always valid.

pub mod area;
pub mod bag;
pub mod bill;
pub mod calendar;
pub mod config;
pub mod error;
pub mod gs1;
pub mod identifier;
pub mod integration;
pub mod labels;
pub mod language;
pub mod parent_type;
pub mod password;
pub mod refusal;
pub mod returns;
pub mod role;
pub mod scan;
pub mod text;
pub mod user;
pub mod webhook_reach;

pub use area::AreaCode;
pub use calendar::SiteZone;
pub use error::{FieldError, ValidationError};
pub use language::Language;
pub use parent_type::NewParentType;
pub use password::Password;
pub use refusal::{Code, Refusal};
pub use role::Role;
pub use user::{UserRuleViolation, UserRules, Username};
