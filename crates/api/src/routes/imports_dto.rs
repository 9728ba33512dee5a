//! What the imports take and answer.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;
use crate::import_layout::{Field, Layout};

/// A row not applied, with its reason.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RejectedRow {
    /// The sheet (`csv` for a CSV file).
    pub sheet: String,
    /// The spreadsheet row (the first row of a sheet is 1).
    pub row: usize,
    /// The QR or bill id the row is about.
    pub qr_or_id: String,
    /// Why: `invalid_qr`, `child_linked_elsewhere`, `duplicate`, … (`batch_rejected` for a
    /// good row not applied because another row of its batch was rejected).
    pub code: ErrorCode,
    pub message: String,
}

/// How one sheet was read.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SheetReading {
    pub name: String,
    /// The header row (`null`: a mapping by column letters, every row is data).
    pub header_row: Option<usize>,
    /// Each field's column: its header, or its letters where there is no header.
    #[schema(value_type = BTreeMap<String, String>)]
    pub mapping: BTreeMap<Field, String>,
}

/// What an import did, or with `dry_run` would do.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"dry_run": false, "layout": "factory",
    "sheets": [{"name": "Lot 77", "header_row": 2, "mapping": {"serial": "Sr. No.", "code": "QR Code"}}],
    "sheets_skipped": ["Summary"],
    "rows": 61, "accepted": 58, "batches_accepted": 2, "rejected_count": 1, "skipped_count": 2,
    "rejected": [{"sheet": "Lot 77", "row": 7, "qr_or_id": "0016590", "code": "child_linked_elsewhere",
        "message": "0016590 is already in another parent"}],
    "skipped": [{"sheet": "Lot 77", "row": 8, "qr_or_id": "0016591", "code": "batch_rejected",
        "message": "not applied: row 7 of sheet Lot 77 of the same parent SB00017 was rejected"}]}))]
pub struct ImportReport {
    /// `true`: nothing was changed; the counts say what the import would do.
    pub dry_run: bool,
    pub layout: Layout,
    /// The sheets read, each with its header row and columns.
    pub sheets: Vec<SheetReading>,
    /// Sheets with no header row of this layout (a summary sheet, an empty one): not read.
    pub sheets_skipped: Vec<String>,
    /// Data rows read: `accepted + rejected_count + skipped_count`.
    pub rows: usize,
    /// Rows applied (bags: children, or parents of a parents-only file; bills: bills or loads).
    pub accepted: usize,
    /// Batches applied (bags: parents; bills: bills or loads).
    pub batches_accepted: usize,
    pub rejected_count: usize,
    pub skipped_count: usize,
    /// Rows refused, each with its reason, in file order (the first 10,000).
    pub rejected: Vec<RejectedRow>,
    /// Good rows not applied because another row of their batch was rejected (the first 10,000).
    pub skipped: Vec<RejectedRow>,
}

/// How many refused rows an answer lists (the counts hold them all).
pub const LISTED: usize = 10_000;

impl ImportReport {
    pub fn new(dry_run: bool, layout: Layout, sheets: Vec<SheetReading>, sheets_skipped: Vec<String>) -> Self {
        Self {
            dry_run,
            layout,
            sheets,
            sheets_skipped,
            rows: 0,
            accepted: 0,
            batches_accepted: 0,
            rejected_count: 0,
            skipped_count: 0,
            rejected: Vec::new(),
            skipped: Vec::new(),
        }
    }

    pub fn reject(&mut self, rows: impl IntoIterator<Item = RejectedRow>) {
        for row in rows {
            self.rejected_count += 1;
            self.rejected.push(row);
        }
    }

    pub fn skip(&mut self, rows: impl IntoIterator<Item = RejectedRow>) {
        for row in rows {
            self.skipped_count += 1;
            self.skipped.push(row);
        }
    }

    /// File order, and the lists cut to [`LISTED`].
    pub fn finish(&mut self) {
        let positions: BTreeMap<String, usize> =
            self.sheets.iter().enumerate().map(|(i, s)| (s.name.clone(), i)).collect();
        let key = |r: &RejectedRow| (positions.get(&r.sheet).copied().unwrap_or(usize::MAX), r.row);
        self.rejected.sort_by_key(key);
        self.skipped.sort_by_key(key);
        self.rejected.truncate(LISTED);
        self.skipped.truncate(LISTED);
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// `true`: read and check everything, change nothing, answer what would happen.
    pub dry_run: Option<bool>,
    /// Which column holds what, overriding the columns recognised from the header: a JSON object
    /// of field (`serial`, `code`, `parent_qr`, `child_qr`, `area`, `bill_id`, `capacity`,
    /// `description`, `destination`, `vehicle_number`) to a header name (any case) or a column's
    /// letters in capitals (`B`).
    #[param(
        max_length = 2000,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$",
        example = r#"{"parent_qr": "Box", "child_qr": "B"}"#
    )]
    pub mapping: Option<String>,
    /// One sheet of a workbook, by name; default: every sheet with a header row.
    #[param(max_length = 100, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$", example = "Lot 77")]
    pub sheet: Option<String>,
    /// Bags only: the dispatch area of every parent the import creates whose row names none
    /// (parents already known keep theirs), so that area's dispatchers see them.
    #[param(max_length = 40, pattern = r"^[a-z][a-z0-9_]{1,39}$", example = "lucknow")]
    pub area: Option<String>,
}
