//! An import file's rows read as what they mean, with the domain's rules (SPEC §1, §8): bag
//! batches (a parent and the children to put in it) or bill rows, and every row that cannot be
//! one, with its reason. Nothing here touches the database.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use domain::identifier::{BillId, ChildQr, ParentPattern, ParentQr};
use domain::{AreaCode, Refusal as _, ValidationError};

use crate::error::ErrorCode;
use crate::import_layout::{Cells, Field, Layout, SheetPlan};
use crate::import_sheet::Sheet;
use crate::routes::imports_dto::RejectedRow;

/// A row of the file: its sheet and its spreadsheet row number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At {
    /// Shared by every row of the sheet: a million rows hold one copy of its name.
    pub sheet: Arc<str>,
    pub row: usize,
}

impl At {
    pub fn reject(&self, qr: &str, code: ErrorCode, message: impl Into<String>) -> RejectedRow {
        RejectedRow {
            sheet: self.sheet.to_string(),
            row: self.row,
            qr_or_id: qr.to_owned(),
            code,
            message: message.into(),
        }
    }

    fn describe(&self) -> String {
        format!("row {} of sheet {}", self.row, self.sheet)
    }
}

/// A parent and the children the file puts in it.
pub struct Batch {
    pub parent: ParentQr,
    pub parent_at: At,
    /// The dispatch area of the parent if the import creates it.
    pub area: Option<String>,
    pub children: Vec<(At, ChildQr)>,
    /// The file rows it stands for: its children's, and the parent's own where it has one.
    pub rows: usize,
}

impl Batch {
    /// Where the file names `qr` (a child, else the parent).
    pub fn at(&self, qr: &str) -> &At {
        self.children.iter().find(|(_, c)| c.as_str() == qr).map_or(&self.parent_at, |(at, _)| at)
    }

    /// The good rows of a batch another row sank.
    pub fn skipped(&self, failed: &At) -> Vec<RejectedRow> {
        let message =
            format!("not applied: {} of the same parent {} was rejected", failed.describe(), self.parent.as_str());
        let mut rows: Vec<RejectedRow> = self
            .children
            .iter()
            .filter(|(at, _)| at != failed)
            .map(|(at, child)| at.reject(child.as_str(), ErrorCode::BatchRejected, message.clone()))
            .collect();
        if &self.parent_at != failed && self.children.iter().all(|(at, _)| at != &self.parent_at) {
            rows.push(self.parent_at.reject(self.parent.as_str(), ErrorCode::BatchRejected, message));
        }
        rows
    }
}

/// What the rows of a bag import come to.
#[derive(Default)]
pub struct BagRows {
    /// Data rows read.
    pub rows: usize,
    pub batches: Vec<Batch>,
    pub rejected: Vec<RejectedRow>,
    pub skipped: Vec<RejectedRow>,
}

/// The rules a bag import reads its rows with.
pub struct BagRules<'a> {
    pub patterns: &'a [ParentPattern],
    /// `?area=`: the area of the parents the import creates, where a row names none.
    pub area: Option<&'a str>,
    /// The dispatch areas that take new parents (not retired).
    pub areas: &'a HashSet<String>,
}

/// Reads every sheet's rows into batches.
pub fn bag_rows(sheets: &[(Sheet, SheetPlan)], rules: &BagRules<'_>) -> BagRows {
    let mut reader = BagReader {
        rules,
        out: BagRows::default(),
        sheets: Vec::new(),
        seen: HashMap::new(),
        index: HashMap::new(),
        bad: HashMap::new(),
    };
    for (sheet, plan) in sheets {
        let name: Arc<str> = Arc::from(sheet.name.as_str());
        reader.sheets.push(name.clone());
        let rows = plan.rows(sheet).map(|(row, cells)| (At { sheet: name.clone(), row }, cells));
        match plan.layout {
            Layout::Factory => reader.factory(rows),
            Layout::Pairs => reader.pairs(rows),
            Layout::Parents => reader.parents(rows),
            Layout::Bills | Layout::BillParents => {}
        }
    }
    reader.finish()
}

struct BagReader<'r> {
    rules: &'r BagRules<'r>,
    out: BagRows,
    /// The sheets read so far, by index.
    sheets: Vec<Arc<str>>,
    /// Where each code was first seen (sheet index, row), for repeats within the file: a
    /// million entries at a million-row file, so kept small.
    seen: HashMap<Box<str>, (u32, u32)>,
    /// A pairs file's batch of each parent.
    index: HashMap<String, usize>,
    /// Batches sunk by a bad row, and that row.
    bad: HashMap<usize, At>,
}

impl BagReader<'_> {
    /// `None` (and the row rejected) when `qr` was seen before in the file.
    fn first_time(&mut self, at: &At, qr: &str) -> Option<()> {
        if let Some(&(sheet, row)) = self.seen.get(qr) {
            let first = At { sheet: self.sheets[sheet as usize].clone(), row: row as usize };
            let message = format!("{qr} appears twice in the file: first on {}", first.describe());
            self.out.rejected.push(at.reject(qr, ErrorCode::Duplicate, message));
            return None;
        }
        // Rows are at most a million (`ImportLimits`), sheets a few hundred: both fit.
        let sheet = u32::try_from(self.sheets.len().saturating_sub(1)).unwrap_or(u32::MAX);
        self.seen.insert(qr.into(), (sheet, u32::try_from(at.row).unwrap_or(u32::MAX)));
        Some(())
    }

    /// The row's area (its own cell, else `?area=`), or the row rejected.
    fn area(&mut self, at: &At, cells: &Cells<'_>) -> Result<Option<String>, ()> {
        let raw = cells.get(Field::Area);
        if raw.is_empty() {
            return Ok(self.rules.area.map(str::to_owned));
        }
        match AreaCode::parse("area", raw) {
            Ok(area) if self.rules.areas.contains(area.as_str()) => Ok(Some(area.as_str().to_owned())),
            Ok(area) => {
                let message = format!("there is no dispatch area \"{}\" taking new parents", area.as_str());
                self.out.rejected.push(at.reject(raw, ErrorCode::ValidationFailed, message));
                Err(())
            }
            Err(error) => {
                self.out.rejected.push(at.reject(raw, ErrorCode::ValidationFailed, error.to_string()));
                Err(())
            }
        }
    }

    fn parent(&mut self, at: &At, raw: &str) -> Option<ParentQr> {
        match ParentQr::parse(raw, self.rules.patterns) {
            Ok(parent) => Some(parent),
            Err(error) => {
                self.out.rejected.push(at.reject(raw, error.code(), error.to_string()));
                None
            }
        }
    }

    fn child(&mut self, at: &At, raw: &str) -> Option<ChildQr> {
        match ChildQr::parse(raw, self.rules.patterns) {
            Ok(child) => self.first_time(at, child.as_str()).map(|()| child),
            Err(error) => {
                self.out.rejected.push(at.reject(raw, error.code(), error.to_string()));
                None
            }
        }
    }

    /// The factory's workbook: children's rows, then their parent's row (its serial says
    /// `Parent Code`, or its code is a parent's). Children left without a parent row at the end
    /// of a sheet are orphans; a parent row with no children above it is refused.
    fn factory<'c>(&mut self, rows: impl Iterator<Item = (At, Cells<'c>)>) {
        let mut pending: Vec<(At, ChildQr)> = Vec::new();
        let mut sunk: Option<At> = None;
        for (at, cells) in rows {
            self.out.rows += 1;
            let (serial, code) = (cells.get(Field::Serial), cells.get(Field::Code));
            let is_parent_row = fold(serial) == "parentcode" || ParentQr::parse(code, self.rules.patterns).is_ok();
            if !is_parent_row {
                match self.child(&at, code) {
                    Some(child) => pending.push((at, child)),
                    None => sunk = sunk.or(Some(at)),
                }
                continue;
            }
            let children = std::mem::take(&mut pending);
            let failed = sunk.take();
            let Ok(area) = self.area(&at, &cells) else {
                self.sink(children, &at);
                continue;
            };
            let Some(parent) = self.parent(&at, code) else {
                self.sink(children, &at);
                continue;
            };
            if self.first_time(&at, parent.as_str()).is_none() {
                self.sink(children, &at);
                continue;
            }
            if children.is_empty() && failed.is_none() {
                let message = format!("{} has no children: its rows come before the parent's row", parent.as_str());
                self.out.rejected.push(at.reject(parent.as_str(), ErrorCode::ValidationFailed, message));
                continue;
            }
            let rows = children.len() + 1;
            let batch = Batch { parent, parent_at: at, area, children, rows };
            self.out.batches.push(batch);
            if let Some(failed) = failed {
                self.bad.insert(self.out.batches.len() - 1, failed);
            }
        }
        for (at, child) in pending {
            let message = format!("{} has no parent: no parent row follows it on sheet {}", child.as_str(), at.sheet);
            self.out.rejected.push(at.reject(child.as_str(), ErrorCode::ValidationFailed, message));
        }
    }

    /// A factory batch whose parent row itself was refused: its children are skipped.
    fn sink(&mut self, children: Vec<(At, ChildQr)>, failed: &At) {
        let message = format!("not applied: the parent's {} was rejected", failed.describe());
        for (at, child) in children {
            self.out.skipped.push(at.reject(child.as_str(), ErrorCode::BatchRejected, message.clone()));
        }
    }

    /// One row per child: `parent_qr`, `child_qr`; a parent's rows are one batch.
    fn pairs<'c>(&mut self, rows: impl Iterator<Item = (At, Cells<'c>)>) {
        for (at, cells) in rows {
            self.out.rows += 1;
            let Some(parent) = self.parent(&at, cells.get(Field::ParentQr)) else { continue };
            let key = parent.as_str().to_owned();
            let area = self.area(&at, &cells);
            let child = area.as_ref().ok().and_then(|_| self.child(&at, cells.get(Field::ChildQr)));
            let at_batch = match self.index.get(&key) {
                Some(&i) => i,
                None => {
                    let area = area.clone().unwrap_or_default();
                    let batch = Batch { parent, parent_at: at.clone(), area, children: Vec::new(), rows: 0 };
                    self.out.batches.push(batch);
                    self.index.insert(key, self.out.batches.len() - 1);
                    self.out.batches.len() - 1
                }
            };
            self.out.batches[at_batch].rows += 1;
            match child {
                Some(child) => self.out.batches[at_batch].children.push((at, child)),
                None => {
                    self.bad.entry(at_batch).or_insert(at);
                }
            }
        }
    }

    /// One row per parent, without children.
    fn parents<'c>(&mut self, rows: impl Iterator<Item = (At, Cells<'c>)>) {
        for (at, cells) in rows {
            self.out.rows += 1;
            let Some(parent) = self.parent(&at, cells.get(Field::ParentQr)) else { continue };
            if self.first_time(&at, parent.as_str()).is_none() {
                continue;
            }
            let Ok(area) = self.area(&at, &cells) else { continue };
            self.out.batches.push(Batch { parent, parent_at: at, area, children: Vec::new(), rows: 1 });
        }
    }

    fn finish(mut self) -> BagRows {
        let batches = std::mem::take(&mut self.out.batches);
        self.seen = HashMap::new();
        for (i, mut batch) in batches.into_iter().enumerate() {
            match self.bad.get(&i) {
                Some(failed) => self.out.skipped.extend(batch.skipped(failed)),
                None => {
                    batch.children.shrink_to_fit();
                    self.out.batches.push(batch);
                }
            }
        }
        self.out
    }
}

fn fold(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A bill as a bills file describes it.
pub struct BillRow {
    pub at: At,
    pub code: BillId,
    pub capacity: i32,
    pub description: String,
    pub destination: String,
    pub vehicle_number: String,
}

/// A parent a bill-parents file puts on a bill.
pub struct BillParentRow {
    pub at: At,
    pub bill: BillId,
    pub parent: ParentQr,
}

/// What the rows of a bills import come to.
#[derive(Default)]
pub struct BillRows {
    pub rows: usize,
    pub bills: Vec<BillRow>,
    pub loads: Vec<BillParentRow>,
    pub rejected: Vec<RejectedRow>,
}

/// Reads every sheet's rows into bills, or parents to load on bills.
pub fn bill_rows(sheets: &[(Sheet, SheetPlan)], patterns: &[ParentPattern]) -> BillRows {
    let mut out = BillRows::default();
    let mut seen: HashMap<String, At> = HashMap::new();
    for (sheet, plan) in sheets {
        let name: Arc<str> = Arc::from(sheet.name.as_str());
        for (row, cells) in plan.rows(sheet) {
            out.rows += 1;
            let at = At { sheet: name.clone(), row };
            let parsed = match plan.layout {
                Layout::BillParents => bill_parent(&at, &cells, patterns).map(|load| {
                    let key = load.parent.as_str().to_owned();
                    (key, Err(load))
                }),
                _ => bill(&at, &cells).map(|bill| (bill.code.as_str().to_owned(), Ok(bill))),
            };
            let (key, row) = match parsed {
                Ok(parsed) => parsed,
                Err(rejected) => {
                    out.rejected.push(rejected);
                    continue;
                }
            };
            if let Some(first) = seen.get(&key) {
                let message = format!("{key} appears twice in the file: first on {}", first.describe());
                out.rejected.push(at.reject(&key, ErrorCode::Duplicate, message));
                continue;
            }
            seen.insert(key, at);
            match row {
                Ok(bill) => out.bills.push(bill),
                Err(load) => out.loads.push(load),
            }
        }
    }
    out
}

fn bill(at: &At, cells: &Cells<'_>) -> Result<BillRow, RejectedRow> {
    let raw = cells.get(Field::BillId);
    let invalid = |error: ValidationError| at.reject(raw, ErrorCode::ValidationFailed, error.to_string());
    let code = BillId::parse(raw).map_err(|e| invalid(ValidationError::field("bill_id", e.to_string())))?;
    let capacity_text = cells.get(Field::Capacity);
    let capacity: i32 = capacity_text.parse().map_err(|_| {
        invalid(ValidationError::field("capacity", format!("\"{capacity_text}\" is not a whole number")))
    })?;
    domain::bill::check_capacity_value(capacity)
        .map_err(|e| invalid(ValidationError::field("capacity", e.to_string())))?;
    let (description, destination, vehicle_number) =
        (cells.get(Field::Description), cells.get(Field::Destination), cells.get(Field::VehicleNumber));
    for (field, value, max) in
        [("description", description, 500), ("destination", destination, 200), ("vehicle_number", vehicle_number, 40)]
    {
        domain::text::check(field, value, max).map_err(invalid)?;
    }
    Ok(BillRow {
        at: at.clone(),
        code,
        capacity,
        description: description.to_owned(),
        destination: destination.to_owned(),
        vehicle_number: vehicle_number.to_owned(),
    })
}

fn bill_parent(at: &At, cells: &Cells<'_>, patterns: &[ParentPattern]) -> Result<BillParentRow, RejectedRow> {
    let raw_bill = cells.get(Field::BillId);
    let bill = BillId::parse(raw_bill).map_err(|e| at.reject(raw_bill, e.code(), e.to_string()))?;
    let raw_parent = cells.get(Field::ParentQr);
    let parent = ParentQr::parse(raw_parent, patterns).map_err(|e| at.reject(raw_parent, e.code(), e.to_string()))?;
    Ok(BillParentRow { at: at.clone(), bill, parent })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use domain::identifier::default_patterns;

    use super::*;
    use crate::import_layout::{Target, plan_sheet};

    fn read(rows: &[&[&str]], area: Option<&str>) -> BagRows {
        let sheet = Sheet::of("Lot 7", rows);
        let plan = plan_sheet(Target::Bags, &sheet, &BTreeMap::new()).unwrap();
        let areas: HashSet<String> = ["lucknow".to_owned()].into();
        let patterns = default_patterns();
        bag_rows(&[(sheet, plan)], &BagRules { patterns: &patterns, area, areas: &areas })
    }

    fn rejected(rows: &BagRows) -> Vec<(usize, ErrorCode)> {
        rows.rejected.iter().map(|r| (r.row, r.code)).collect()
    }

    #[test]
    fn a_parent_row_closes_the_children_above_it() {
        let rows = read(
            &[
                &["Jaipur plant"],
                &["Sr. No.", "QR Code"],
                &["1", "LABEL NO.:0016586 LOT NO.:77"],
                &["2", "LABEL NO.:0016587 LOT NO.:77"],
                &["Parent Code", "SB00042"],
                &["3", "LABEL NO.:0016588"],
                &["Parent Code", "SB00043"],
            ],
            Some("lucknow"),
        );
        assert_eq!(rows.rows, 5);
        assert_eq!(rows.batches.len(), 2);
        let first: Vec<&str> = rows.batches[0].children.iter().map(|(_, c)| c.as_str()).collect();
        assert_eq!((rows.batches[0].parent.as_str(), first), ("SB00042", vec!["0016586", "0016587"]));
        assert_eq!(rows.batches[1].area.as_deref(), Some("lucknow"));
        assert!(rows.rejected.is_empty());
    }

    #[test]
    fn orphans_empty_parents_and_repeats_are_refused_citing_the_first_row() {
        let rows = read(
            &[
                &["Sr. No.", "QR Code"],
                &["Parent Code", "SB00041"],
                &["1", "LABEL NO.:0016586"],
                &["2", "LABEL NO.:0016586"],
                &["Parent Code", "SB00042"],
                &["3", "LABEL NO.:0016599"],
            ],
            None,
        );
        assert_eq!(
            rejected(&rows),
            [(2, ErrorCode::ValidationFailed), (4, ErrorCode::Duplicate), (6, ErrorCode::ValidationFailed)]
        );
        assert!(rows.rejected[1].message.contains("row 3 of sheet Lot 7"), "{}", rows.rejected[1].message);
        // The repeat sank SB00042's batch: its good row is skipped, not applied.
        assert!(rows.batches.is_empty());
        assert_eq!(rows.skipped.iter().map(|r| r.row).collect::<Vec<_>>(), [3, 5]);
    }

    #[test]
    fn pairs_with_an_area_column_and_parents_alone() {
        let rows = read(
            &[&["parent_qr", "child_qr", "area"], &["SB00001", "C0001", "lucknow"], &["SB00002", "C0002", "atlantis"]],
            None,
        );
        assert_eq!(rows.batches.len(), 1);
        assert_eq!(rows.batches[0].area.as_deref(), Some("lucknow"));
        assert_eq!(rejected(&rows), [(3, ErrorCode::ValidationFailed)]);
        let parents = read(&[&["parent_qr"], &["SB00001"], &["sb00001"], &["SB00002"]], None);
        assert_eq!(parents.batches.len(), 2);
        assert_eq!(rejected(&parents), [(3, ErrorCode::Duplicate)]);
    }
}
