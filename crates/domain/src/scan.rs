//! The packing rules of SPEC §3: when a child may go into a parent, what a parent's status
//! becomes, when a link may be undone. The database enforces the same limits under
//! concurrency (row locks, constraints); these functions decide the answer an operator sees.

use crate::refusal::{Code, Refusal};

use std::time::Duration;

/// A parent bag's packing state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParentStatus {
    Pending,
    InProgress,
    Completed,
}

impl ParentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "pending" => Some(Self::Pending),
            "in_progress" => Some(Self::InProgress),
            "completed" => Some(Self::Completed),
            _ => None,
        }
    }

    /// The status a parent has with `count` children when nobody closed it early: full is
    /// completed, empty is pending.
    pub fn for_count(count: i32, max_children: i32) -> Self {
        match count {
            0 => Self::Pending,
            n if n >= max_children => Self::Completed,
            _ => Self::InProgress,
        }
    }
}

/// What the packing rules need to know about a parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentState {
    pub qr: String,
    pub status: ParentStatus,
    pub child_count: i32,
    pub max_children: i32,
    /// The parent sits on a bill that is completed: its contents are frozen.
    pub on_completed_bill: bool,
}

/// Why a packing action was refused; each maps to one API error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanRefusal {
    #[error("{qr} is a child bag, not a parent")]
    ChildNotParent { qr: String },
    #[error("{qr} is a parent bag, not a child")]
    ParentNotChild { qr: String },
    #[error("a bag cannot go into itself ({qr})")]
    SelfLink { qr: String },
    #[error("{child} is already in {parent}")]
    LinkedElsewhere { child: String, parent: String },
    #[error("parent {qr} is full ({count}/{max})")]
    ParentFull { qr: String, count: i32, max: i32 },
    #[error("parent {qr} is completed")]
    ParentCompleted { qr: String },
    #[error("parent {qr} is on a completed bill; reopen the bill first")]
    OnCompletedBill { qr: String },
    #[error("parent {qr} has no children to undo")]
    NothingToUndo { qr: String },
    #[error("the last scan into {qr} is older than {minutes} minutes and can no longer be undone")]
    UndoWindowPassed { qr: String, minutes: u64 },
    #[error("{child} is not in {parent}")]
    NotInParent { child: String, parent: String },
    #[error("parent {qr} has no children yet; scan at least one before finishing it")]
    EmptyParent { qr: String },
    /// A dispatcher reached a bag of another dispatch area: said plainly (not "not found", which
    /// makes the operator blame the label), with nothing about it.
    #[error("{qr} belongs to another dispatch area")]
    OtherArea { qr: String },
}

impl Refusal for ScanRefusal {
    fn code(&self) -> Code {
        match self {
            Self::ChildNotParent { .. } | Self::ParentNotChild { .. } => Code::WrongKind,
            Self::SelfLink { .. } => Code::SelfLink,
            Self::LinkedElsewhere { .. } => Code::ChildLinkedElsewhere,
            Self::ParentFull { .. } => Code::ParentFull,
            Self::ParentCompleted { .. } => Code::ParentCompleted,
            Self::OnCompletedBill { .. } => Code::BillCompleted,
            Self::NothingToUndo { .. } | Self::NotInParent { .. } => Code::NotFound,
            Self::UndoWindowPassed { .. } => Code::UndoExpired,
            Self::EmptyParent { .. } => Code::ParentEmpty,
            Self::OtherArea { .. } => Code::OtherArea,
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::LinkedElsewhere { parent, .. } => Some(serde_json::json!({ "parent_qr": parent })),
            Self::ParentFull { count, max, .. } => {
                Some(serde_json::json!({ "child_count": count, "max_children": max }))
            }
            _ => None,
        }
    }
}

/// May one more child go into this parent? Checked with the parent's row locked.
pub fn check_can_link(parent: &ParentState) -> Result<(), ScanRefusal> {
    if parent.on_completed_bill {
        return Err(ScanRefusal::OnCompletedBill { qr: parent.qr.clone() });
    }
    if parent.child_count >= parent.max_children {
        return Err(ScanRefusal::ParentFull {
            qr: parent.qr.clone(),
            count: parent.child_count,
            max: parent.max_children,
        });
    }
    if parent.status == ParentStatus::Completed {
        return Err(ScanRefusal::ParentCompleted { qr: parent.qr.clone() });
    }
    Ok(())
}

/// May a child come out of this parent? A completed parent that drops below its maximum
/// goes back to `in_progress` (see [`status_after_unlink`]).
pub fn check_can_unlink(parent: &ParentState) -> Result<(), ScanRefusal> {
    if parent.on_completed_bill {
        return Err(ScanRefusal::OnCompletedBill { qr: parent.qr.clone() });
    }
    Ok(())
}

/// "Undo last" only reaches back `window`; older links are unlinked one by one, on purpose.
pub fn check_undo_window(parent_qr: &str, linked_ago: Duration, window: Duration) -> Result<(), ScanRefusal> {
    if linked_ago > window {
        return Err(ScanRefusal::UndoWindowPassed { qr: parent_qr.to_owned(), minutes: window.as_secs() / 60 });
    }
    Ok(())
}

pub fn status_after_link(child_count_after: i32, max_children: i32) -> ParentStatus {
    ParentStatus::for_count(child_count_after, max_children)
}

pub fn status_after_unlink(child_count_after: i32) -> ParentStatus {
    if child_count_after == 0 { ParentStatus::Pending } else { ParentStatus::InProgress }
}

/// Closing a parent early needs at least one child: an empty "completed" parent is a mistake.
pub fn check_can_complete(parent: &ParentState) -> Result<ParentStatus, ScanRefusal> {
    if parent.status == ParentStatus::Completed {
        return Ok(ParentStatus::Completed);
    }
    if parent.child_count == 0 {
        return Err(ScanRefusal::EmptyParent { qr: parent.qr.clone() });
    }
    Ok(ParentStatus::Completed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parent(count: i32, max: i32, status: ParentStatus) -> ParentState {
        ParentState { qr: "SB00001".into(), status, child_count: count, max_children: max, on_completed_bill: false }
    }

    #[test]
    fn a_parent_takes_children_up_to_its_maximum() {
        assert!(check_can_link(&parent(29, 30, ParentStatus::InProgress)).is_ok());
        let full = check_can_link(&parent(30, 30, ParentStatus::Completed)).unwrap_err();
        assert_eq!(full.code().as_str(), "parent_full");
        assert_eq!(full.to_string(), "parent SB00001 is full (30/30)");
    }

    #[test]
    fn an_early_completed_parent_refuses_more() {
        let refusal = check_can_link(&parent(12, 30, ParentStatus::Completed)).unwrap_err();
        assert_eq!(refusal.code().as_str(), "parent_completed");
    }

    #[test]
    fn a_parent_on_a_completed_bill_is_frozen() {
        let mut frozen = parent(10, 30, ParentStatus::InProgress);
        frozen.on_completed_bill = true;
        assert_eq!(check_can_link(&frozen).unwrap_err().code().as_str(), "bill_completed");
        assert_eq!(check_can_unlink(&frozen).unwrap_err().code().as_str(), "bill_completed");
    }

    #[test]
    fn the_status_follows_the_count() {
        assert_eq!(status_after_link(1, 30), ParentStatus::InProgress);
        assert_eq!(status_after_link(30, 30), ParentStatus::Completed);
        assert_eq!(status_after_unlink(29), ParentStatus::InProgress);
        assert_eq!(status_after_unlink(0), ParentStatus::Pending);
    }

    #[test]
    fn undo_reaches_back_one_window() {
        let hour = Duration::from_secs(3600);
        assert!(check_undo_window("SB00001", Duration::from_secs(3599), hour).is_ok());
        let late = check_undo_window("SB00001", Duration::from_secs(3601), hour).unwrap_err();
        assert!(late.to_string().contains("60 minutes"), "{late}");
    }

    #[test]
    fn an_empty_parent_cannot_be_completed() {
        assert!(check_can_complete(&parent(0, 30, ParentStatus::Pending)).is_err());
        assert_eq!(check_can_complete(&parent(3, 30, ParentStatus::InProgress)), Ok(ParentStatus::Completed));
    }
}
