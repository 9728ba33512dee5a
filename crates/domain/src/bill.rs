//! The dispatch rules of SPEC §4: what a bill accepts and when it may change state.

use crate::refusal::{Code, Refusal};

/// A bill's lifecycle: `new` (empty) → `processing` (loading) → `completed` (full, shipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillStatus {
    New,
    Processing,
    Completed,
}

impl BillStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Processing => "processing",
            Self::Completed => "completed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "new" => Some(Self::New),
            "processing" => Some(Self::Processing),
            "completed" => Some(Self::Completed),
            _ => None,
        }
    }
}

pub const MIN_CAPACITY: i32 = 1;
pub const MAX_CAPACITY: i32 = 500;

/// What the bill rules need to know about a bill, read with its row locked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillState {
    pub code: String,
    pub status: BillStatus,
    pub capacity: i32,
    pub linked_count: i32,
    pub returned_count: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BillRefusal {
    #[error("bill {code} is completed; reopen it first")]
    Completed { code: String },
    #[error("bill {code} is full ({linked}/{capacity}); raise its capacity first")]
    AtCapacity { code: String, linked: i32, capacity: i32 },
    #[error("{qr} is already on bill {other}")]
    OnOtherBill { qr: String, other: String },
    #[error("bill {code} has {linked} of {capacity} parents; lower its capacity to ship fewer")]
    NotFull { code: String, linked: i32, capacity: i32 },
    #[error("bill {code} is not completed")]
    NotCompleted { code: String },
    #[error("capacity must be between {MIN_CAPACITY} and {MAX_CAPACITY}")]
    CapacityOutOfRange,
    #[error("capacity cannot go below the {linked} parents already on bill {code}")]
    CapacityBelowLinked { code: String, linked: i32 },
}

impl Refusal for BillRefusal {
    fn code(&self) -> Code {
        match self {
            Self::Completed { .. } => Code::BillCompleted,
            Self::AtCapacity { .. } => Code::BillAtCapacity,
            Self::OnOtherBill { .. } => Code::ParentOnOtherBill,
            Self::NotFull { .. } => Code::BillNotFull,
            Self::NotCompleted { .. } => Code::BillNotCompleted,
            Self::CapacityBelowLinked { .. } => Code::CapacityBelowLoaded,
            Self::CapacityOutOfRange => Code::ValidationFailed,
        }
    }
}

pub fn check_capacity_value(capacity: i32) -> Result<(), BillRefusal> {
    if (MIN_CAPACITY..=MAX_CAPACITY).contains(&capacity) { Ok(()) } else { Err(BillRefusal::CapacityOutOfRange) }
}

/// May one more parent be loaded?
pub fn check_can_add(bill: &BillState) -> Result<(), BillRefusal> {
    if bill.status == BillStatus::Completed {
        return Err(BillRefusal::Completed { code: bill.code.clone() });
    }
    if bill.linked_count >= bill.capacity {
        return Err(BillRefusal::AtCapacity {
            code: bill.code.clone(),
            linked: bill.linked_count,
            capacity: bill.capacity,
        });
    }
    Ok(())
}

pub fn check_can_remove(bill: &BillState) -> Result<(), BillRefusal> {
    if bill.status == BillStatus::Completed {
        return Err(BillRefusal::Completed { code: bill.code.clone() });
    }
    Ok(())
}

/// Status after the linked count changed on an open bill.
pub fn status_for(linked_count: i32) -> BillStatus {
    if linked_count == 0 { BillStatus::New } else { BillStatus::Processing }
}

/// Completing needs every place filled: to ship fewer, lower the capacity first.
pub fn check_can_complete(bill: &BillState) -> Result<(), BillRefusal> {
    if bill.status == BillStatus::Completed {
        return Ok(());
    }
    if bill.linked_count + bill.returned_count != bill.capacity {
        return Err(BillRefusal::NotFull {
            code: bill.code.clone(),
            linked: bill.linked_count,
            capacity: bill.capacity,
        });
    }
    Ok(())
}

pub fn check_can_reopen(bill: &BillState) -> Result<(), BillRefusal> {
    if bill.status != BillStatus::Completed {
        return Err(BillRefusal::NotCompleted { code: bill.code.clone() });
    }
    Ok(())
}

/// A new capacity: in range, not below what is loaded, and frozen once completed.
pub fn check_new_capacity(bill: &BillState, capacity: i32) -> Result<(), BillRefusal> {
    check_capacity_value(capacity)?;
    if capacity == bill.capacity {
        return Ok(());
    }
    if bill.status == BillStatus::Completed {
        return Err(BillRefusal::Completed { code: bill.code.clone() });
    }
    if capacity < bill.linked_count + bill.returned_count {
        return Err(BillRefusal::CapacityBelowLinked { code: bill.code.clone(), linked: bill.linked_count });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bill(status: BillStatus, capacity: i32, linked: i32) -> BillState {
        BillState { code: "B-1".into(), status, capacity, linked_count: linked, returned_count: 0 }
    }

    #[test]
    fn loading_stops_at_capacity_and_at_completion() {
        assert!(check_can_add(&bill(BillStatus::Processing, 10, 9)).is_ok());
        assert_eq!(
            check_can_add(&bill(BillStatus::Processing, 10, 10)).unwrap_err().code().as_str(),
            "bill_at_capacity"
        );
        assert_eq!(check_can_add(&bill(BillStatus::Completed, 10, 10)).unwrap_err().code().as_str(), "bill_completed");
    }

    #[test]
    fn completion_needs_a_full_bill() {
        assert_eq!(
            check_can_complete(&bill(BillStatus::Processing, 10, 9)).unwrap_err().code().as_str(),
            "bill_not_full"
        );
        assert!(check_can_complete(&bill(BillStatus::Processing, 10, 10)).is_ok());
    }

    #[test]
    fn capacity_never_drops_below_the_load() {
        let loading = bill(BillStatus::Processing, 10, 6);
        assert!(check_new_capacity(&loading, 6).is_ok());
        assert!(check_new_capacity(&loading, 5).is_err());
        assert!(check_new_capacity(&loading, 501).is_err());
        assert_eq!(
            check_new_capacity(&bill(BillStatus::Completed, 10, 10), 12).unwrap_err().code().as_str(),
            "bill_completed"
        );
    }

    #[test]
    fn the_status_follows_the_load() {
        assert_eq!(status_for(0), BillStatus::New);
        assert_eq!(status_for(3), BillStatus::Processing);
        assert!(check_can_reopen(&bill(BillStatus::Processing, 1, 1)).is_err());
    }
}
