//! Rules about bags as a whole: when one may be deleted.

use crate::refusal::{Code, Refusal};

/// Why a bag cannot be deleted: it is part of something.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeleteRefusal {
    #[error("{qr} is in {parent_qr}; take it out first")]
    ChildInParent { qr: String, parent_qr: String },
    #[error("{qr} holds {count} children; take them out first")]
    ParentNotEmpty { qr: String, count: i32 },
    #[error("{qr} is on bill {bill_code}; remove it first")]
    ParentOnBill { qr: String, bill_code: String },
}

impl Refusal for DeleteRefusal {
    fn code(&self) -> Code {
        match self {
            Self::ChildInParent { .. } => Code::ChildInParent,
            Self::ParentNotEmpty { .. } => Code::ParentNotEmpty,
            Self::ParentOnBill { .. } => Code::ParentOnBill,
        }
    }
}
