//! The rules of return tickets (SPEC §5): what an open ticket takes and when it may close.

use crate::refusal::{Code, Refusal};

/// Why a return-ticket action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReturnRefusal {
    #[error("return ticket {code} is {status}; only open tickets change")]
    Closed { code: String, status: String },
    #[error("{qr} is already on return ticket {code}")]
    AlreadyReturned { qr: String, code: String },
    #[error("return ticket {code} has no bags yet; scan at least one before finalising")]
    Empty { code: String },
}

impl Refusal for ReturnRefusal {
    fn code(&self) -> Code {
        match self {
            Self::Closed { .. } => Code::ReturnClosed,
            Self::AlreadyReturned { .. } => Code::Duplicate,
            Self::Empty { .. } => Code::ReturnEmpty,
        }
    }
}
