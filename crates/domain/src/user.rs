use crate::{AreaCode, Role, ValidationError};

/// A login name: 3–40 letters, digits, `.`, `_` or `-`. Unique case-insensitively (database).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub fn parse(field: &str, raw: &str) -> Result<Self, ValidationError> {
        let value = raw.trim();
        let valid = (3..=40).contains(&value.chars().count())
            && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if valid {
            Ok(Self(value.to_owned()))
        } else {
            Err(ValidationError::field(field, "must be 3–40 letters, digits, '.', '_' or '-'"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a change to a user was refused (SPEC §6). Answered as 409 or 422 by the API.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserRuleViolation {
    #[error("you cannot change your own role")]
    OwnRole,
    #[error("you cannot delete your own account")]
    DeleteSelf,
    #[error("the last admin cannot be demoted or deleted")]
    LastAdmin,
    /// The change leaves a dispatcher without an area, or gives an admin or biller one, through
    /// the user's current role or area (the request alone would have been fine).
    #[error("{0}")]
    AreaConflict(ValidationError),
}

impl crate::refusal::Refusal for UserRuleViolation {
    fn code(&self) -> crate::refusal::Code {
        use crate::refusal::Code;
        match self {
            Self::OwnRole | Self::DeleteSelf => Code::Forbidden,
            Self::LastAdmin => Code::LastAdmin,
            Self::AreaConflict(_) => Code::AreaConflict,
        }
    }
}

/// The rules about who a user may be and which changes keep the system administrable.
pub struct UserRules;

impl UserRules {
    /// A dispatcher works in exactly one area; admins and billers span all areas.
    pub fn check_area(role: Role, area: Option<&AreaCode>) -> Result<(), ValidationError> {
        match (role.is_area_bound(), area) {
            (true, None) => Err(ValidationError::field("area", "a dispatcher needs a dispatch area")),
            (false, Some(_)) => Err(ValidationError::field("area", format!("an {role} has no dispatch area"))),
            _ => Ok(()),
        }
    }

    /// [`Self::check_area`] for a user after a change that named only one of role and area: the
    /// other came from the user as they are, so a mismatch conflicts with their current state.
    pub fn check_changed_area(role: Role, area: Option<&AreaCode>) -> Result<(), UserRuleViolation> {
        Self::check_area(role, area).map_err(UserRuleViolation::AreaConflict)
    }

    /// `other_admins` counts active admins other than the target, read under a lock by the caller.
    pub fn check_role_change(
        actor_is_target: bool,
        current: Role,
        next: Role,
        other_admins: i64,
    ) -> Result<(), UserRuleViolation> {
        if current == next {
            return Ok(());
        }
        if actor_is_target {
            return Err(UserRuleViolation::OwnRole);
        }
        if current == Role::Admin && other_admins == 0 {
            return Err(UserRuleViolation::LastAdmin);
        }
        Ok(())
    }

    pub fn check_delete(actor_is_target: bool, role: Role, other_admins: i64) -> Result<(), UserRuleViolation> {
        if actor_is_target {
            return Err(UserRuleViolation::DeleteSelf);
        }
        if role == Role::Admin && other_admins == 0 {
            return Err(UserRuleViolation::LastAdmin);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area() -> AreaCode {
        AreaCode::parse("area", "lucknow").unwrap()
    }

    #[test]
    fn dispatcher_needs_an_area_and_others_have_none() {
        assert!(UserRules::check_area(Role::Dispatcher, None).is_err());
        assert!(UserRules::check_area(Role::Dispatcher, Some(&area())).is_ok());
        assert!(UserRules::check_area(Role::Biller, Some(&area())).is_err());
        assert!(UserRules::check_area(Role::Admin, None).is_ok());
        let conflict = UserRules::check_changed_area(Role::Dispatcher, None);
        assert!(matches!(conflict, Err(UserRuleViolation::AreaConflict(_))));
        assert_eq!(conflict.map_err(|e| crate::refusal::Refusal::code(&e)), Err(crate::refusal::Code::AreaConflict));
    }

    #[test]
    fn nobody_changes_their_own_role() {
        assert_eq!(UserRules::check_role_change(true, Role::Admin, Role::Biller, 3), Err(UserRuleViolation::OwnRole));
        assert!(UserRules::check_role_change(true, Role::Admin, Role::Admin, 0).is_ok());
    }

    #[test]
    fn the_last_admin_stays() {
        assert_eq!(
            UserRules::check_role_change(false, Role::Admin, Role::Biller, 0),
            Err(UserRuleViolation::LastAdmin)
        );
        assert!(UserRules::check_role_change(false, Role::Admin, Role::Biller, 1).is_ok());
        assert_eq!(UserRules::check_delete(false, Role::Admin, 0), Err(UserRuleViolation::LastAdmin));
        assert_eq!(UserRules::check_delete(true, Role::Biller, 5), Err(UserRuleViolation::DeleteSelf));
        assert!(UserRules::check_delete(false, Role::Dispatcher, 0).is_ok());
    }

    #[test]
    fn usernames_are_trimmed_and_restricted() {
        assert_eq!(Username::parse("username", " ravi.k ").unwrap().as_str(), "ravi.k");
        assert!(Username::parse("username", "ab").is_err());
        assert!(Username::parse("username", "ravi kumar").is_err());
        assert!(Username::parse("username", "<script>").is_err());
    }
}
