//! The rules of changing configuration (issue #17): retiring areas and parent types, and what a
//! parent type may still change once parents use it.

use serde_json::{Value, json};

use crate::refusal::{Code, Refusal};

/// Why a configuration change (or a change that would use a retired area or type) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigRefusal {
    #[error("area {area} is retired; it takes no new parents, users or return tickets")]
    AreaRetired { area: String },
    #[error("parent type {parent_type} is retired; it takes no new parents")]
    ParentTypeRetired { parent_type: String },
    /// Lowering a type's maximum below what open parents already hold would leave them over-full.
    #[error(
        "{parents} open parent(s) of {parent_type} hold more than {max_children} children (up to {most}); \
         complete or unlink them first"
    )]
    MaxChildrenBelowHeld { parent_type: String, max_children: i32, parents: i64, most: i32 },
    #[error("{bags} parent(s) of type {parent_type} exist; its qr_pattern cannot change once it is in use")]
    PatternInUse { parent_type: String, bags: i64 },
}

impl Refusal for ConfigRefusal {
    fn code(&self) -> Code {
        match self {
            Self::AreaRetired { .. } => Code::AreaRetired,
            Self::ParentTypeRetired { .. } => Code::ParentTypeRetired,
            Self::MaxChildrenBelowHeld { .. } => Code::MaxChildrenBelowHeld,
            Self::PatternInUse { .. } => Code::ParentTypeInUse,
        }
    }

    fn details(&self) -> Option<Value> {
        match self {
            Self::AreaRetired { area } => Some(json!({ "area": area })),
            Self::ParentTypeRetired { parent_type } => Some(json!({ "parent_type": parent_type })),
            Self::MaxChildrenBelowHeld { parents, most, .. } => {
                Some(json!({ "parents": parents, "most_children": most }))
            }
            Self::PatternInUse { bags, .. } => Some(json!({ "parents": bags })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowering_below_held_names_how_many_parents() {
        let refusal = ConfigRefusal::MaxChildrenBelowHeld {
            parent_type: "mustard".into(),
            max_children: 20,
            parents: 3,
            most: 27,
        };
        assert_eq!(refusal.code(), Code::MaxChildrenBelowHeld);
        assert!(refusal.to_string().starts_with("3 open parent(s) of mustard hold more than 20"), "{refusal}");
        assert_eq!(refusal.details(), Some(json!({"parents": 3, "most_children": 27})));
    }
}
