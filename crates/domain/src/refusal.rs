//! The one vocabulary of refusals. Every refusal type of the domain implements [`Refusal`]: its
//! [`Code`] (what a client matches on, the API's `code`), its words (`Display`) and, where useful,
//! machine-readable details. The API maps each code to an HTTP status in one exhaustive table,
//! so a code added here fails to build until it has a status, and it reaches the OpenAPI enum
//! through this type's schema.

use serde::Serialize;
use serde_json::Value;

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident => $name:literal,)*) => {
        /// Every `code` a problem answer can carry.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        #[schema(as = ErrorCode)]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The wire name (as serde writes it).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    /// The request could not be read (bad JSON, query string or path).
    MalformedRequest => "malformed_request",
    /// A value breaks a rule; `details.fields` names the fields.
    ValidationFailed => "validation_failed",
    /// A scanned code is not a valid QR of the kind expected.
    InvalidQr => "invalid_qr",
    /// A parent where a child was expected, or the other way round.
    WrongKind => "wrong_kind",
    /// A bag scanned into itself.
    SelfLink => "self_link",
    /// The child is in another parent.
    ChildLinkedElsewhere => "child_linked_elsewhere",
    /// The parent holds its maximum of children.
    ParentFull => "parent_full",
    /// The parent is completed.
    ParentCompleted => "parent_completed",
    /// The parent is on another bill.
    ParentOnOtherBill => "parent_on_other_bill",
    /// The bill holds its capacity of parents.
    BillAtCapacity => "bill_at_capacity",
    /// The bill is completed; reopen it first.
    BillCompleted => "bill_completed",
    /// The bill is not full yet.
    BillNotFull => "bill_not_full",
    /// Only a completed bill can be reopened.
    BillNotCompleted => "bill_not_completed",
    /// A bill's capacity cannot go below the parents already on it.
    CapacityBelowLoaded => "capacity_below_loaded",
    /// A parent with no children cannot be finished.
    ParentEmpty => "parent_empty",
    /// The last scan into the parent is older than the undo window.
    UndoExpired => "undo_expired",
    /// The second factor cannot be turned on before its set-up is started.
    TotpNotSetUp => "totp_not_set_up",
    /// The webhook subscription is disabled; enable it first.
    WebhookDisabled => "webhook_disabled",
    /// The return ticket is finalised or cancelled.
    ReturnClosed => "return_closed",
    /// A return ticket with no bags cannot be finalised.
    ReturnEmpty => "return_empty",
    /// A bag to delete is inside a parent.
    ChildInParent => "child_in_parent",
    /// A parent to delete still holds children.
    ParentNotEmpty => "parent_not_empty",
    /// A parent to delete is on a bill.
    ParentOnBill => "parent_on_bill",
    /// An import row not applied because another row of its batch was rejected (in import
    /// reports only, never an answer's code).
    BatchRejected => "batch_rejected",
    /// The value is taken (a unique rule).
    Duplicate => "duplicate",
    /// The change would leave no admin.
    LastAdmin => "last_admin",
    /// A change to a user's role or area that does not fit the other as the user has it now
    /// (a dispatcher needs an area; admins and billers have none).
    AreaConflict => "area_conflict",
    /// The dispatch area is retired: it keeps its history but takes no new parents, users or
    /// return tickets.
    AreaRetired => "area_retired",
    /// The parent type is retired: its existing parents keep working, but no new parent is made.
    ParentTypeRetired => "parent_type_retired",
    /// A parent type's `max_children` cannot go below the children an open parent already holds.
    MaxChildrenBelowHeld => "max_children_below_held",
    /// A parent type's `qr_pattern` cannot change once a bag uses the type.
    ParentTypeInUse => "parent_type_in_use",
    NotFound => "not_found",
    MethodNotAllowed => "method_not_allowed",
    Unauthorized => "unauthorized",
    /// A download link that is expired, already used, altered, or for another path; ask for a
    /// new one (`POST /api/v1/exports/links`).
    DownloadLinkInvalid => "download_link_invalid",
    Forbidden => "forbidden",
    /// The bag belongs to another dispatch area.
    OtherArea => "other_area",
    AccountLocked => "account_locked",
    RateLimited => "rate_limited",
    PayloadTooLarge => "payload_too_large",
    UnsupportedMediaType => "unsupported_media_type",
    /// The `Idempotency-Key` was used with another request.
    IdempotencyConflict => "idempotency_conflict",
    Unavailable => "unavailable",
    Internal => "internal",
}

/// A rule said no: the code, the words (`Display`) and, optionally, details for machines.
pub trait Refusal: std::fmt::Display + std::fmt::Debug + Send + Sync {
    fn code(&self) -> Code;

    fn details(&self) -> Option<Value> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_are_what_serde_writes_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), Value::from(code.as_str()));
            assert!(seen.insert(code.as_str()), "{code:?} twice");
        }
    }
}
