//! Which columns of an import file hold what. Sites send what they have: our own two columns,
//! the factory's packing workbooks (`Sr. No.`, `QR Code`, a title row above), lists of parents,
//! of bills, of parents per bill. The header row is found (the first of a sheet's first rows
//! that names the columns of a layout), its names are matched against each field's usual
//! spellings, and the layout follows from the fields found. An admin's mapping (`mapping=`,
//! field → header name or column letter) overrides that proposal.

use std::collections::BTreeMap;

use domain::ValidationError;
use serde::{Deserialize, Serialize};

use crate::import_sheet::{Row, Sheet};

/// The longest `mapping=` (as `ImportQuery` states it).
const MAPPING_MAX_CHARS: usize = 2000;

/// How far down a sheet the header row is looked for (title rows, a logo, a date above it).
const HEADER_SEARCH_ROWS: usize = 20;

/// What an import file is imported into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Bags,
    Bills,
}

/// A column an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The factory workbook's `Sr. No.`: a number on child rows, `Parent Code` on the row that
    /// closes a parent's batch.
    Serial,
    /// The factory workbook's `QR Code`: a child's label text or a parent's code.
    Code,
    ParentQr,
    ChildQr,
    Area,
    BillId,
    Capacity,
    Description,
    Destination,
    VehicleNumber,
}

/// The shape of an import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// The factory's packing workbook: children's rows, each parent's row after its children.
    Factory,
    /// One row per child: `parent_qr`, `child_qr` (and an `area`).
    Pairs,
    /// One row per parent, without children: `parent_qr` (and an `area`).
    Parents,
    /// One row per bill: `bill_id`, `capacity`, and its texts.
    Bills,
    /// One row per parent loaded on a bill: `bill_id`, `parent_qr`.
    BillParents,
}

impl Layout {
    /// The layouts of a target, the most specific first.
    fn of(target: Target) -> &'static [Layout] {
        match target {
            Target::Bags => &[Layout::Factory, Layout::Pairs, Layout::Parents],
            Target::Bills => &[Layout::BillParents, Layout::Bills],
        }
    }

    /// The fields a file of this layout must have, then those it may have.
    pub fn fields(self) -> (&'static [Field], &'static [Field]) {
        use Field::*;
        match self {
            Layout::Factory => (&[Serial, Code], &[Area]),
            Layout::Pairs => (&[ParentQr, ChildQr], &[Area]),
            Layout::Parents => (&[ParentQr], &[Area]),
            Layout::Bills => (&[BillId, Capacity], &[Description, Destination, VehicleNumber]),
            Layout::BillParents => (&[BillId, ParentQr], &[]),
        }
    }
}

/// A header cell as compared: lower case, letters and digits only (`Sr. No.` → `srno`).
fn folded(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The usual spellings of a field's header, folded.
fn spellings(field: Field) -> &'static [&'static str] {
    match field {
        Field::Serial => &["srno", "serialno", "serial", "sno", "slno", "serialnumber"],
        Field::Code => &["qrcode", "qr", "code", "label", "labeltext"],
        Field::ParentQr => &["parentqr", "parent", "parentcode", "parentbag", "parentqrcode"],
        Field::ChildQr => &["childqr", "child", "childcode", "childbag", "childqrcode"],
        Field::Area => &["area", "dispatcharea", "areacode"],
        Field::BillId => &["billid", "bill", "billno", "billnumber"],
        Field::Capacity => &["capacity"],
        Field::Description => &["description", "remarks"],
        Field::Destination => &["destination", "dealer"],
        Field::VehicleNumber => &["vehiclenumber", "vehicle", "vehicleno", "truck", "truckno", "trucknumber"],
    }
}

const ALL_FIELDS: [Field; 10] = [
    Field::Serial,
    Field::Code,
    Field::ParentQr,
    Field::ChildQr,
    Field::Area,
    Field::BillId,
    Field::Capacity,
    Field::Description,
    Field::Destination,
    Field::VehicleNumber,
];

/// `A` → 0, `AB` → 27: a column named by its letters, in capitals (so that a header such as
/// `Bag` is never read as column BAG).
fn column_of_letters(text: &str) -> Option<usize> {
    let text = text.trim();
    if text.is_empty() || text.len() > 3 || !text.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let number = text.chars().fold(0usize, |n, c| n * 26 + (c as usize - 'A' as usize + 1));
    Some(number - 1)
}

fn letters_of_column(column: usize) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push((b'A' + rest as u8) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// How the rows of one sheet are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetPlan {
    pub layout: Layout,
    /// The header row's spreadsheet number (`None`: a mapping by column letters, no header).
    pub header_row: Option<usize>,
    /// Each field's column (A = 0).
    pub columns: BTreeMap<Field, usize>,
    /// Each field's column as the answer names it: the header text, or the letters without one.
    pub names: BTreeMap<Field, String>,
}

impl SheetPlan {
    /// The rows after the header, with each field's cell.
    pub fn rows<'a>(&'a self, sheet: &'a Sheet) -> impl Iterator<Item = (usize, Cells<'a>)> + 'a {
        sheet
            .rows()
            .filter(move |row| self.header_row.is_none_or(|header| row.number > header))
            .map(move |row| (row.number, Cells { plan: self, row }))
            .filter(|(_, cells)| cells.any())
    }
}

/// One row's cells, by field.
pub struct Cells<'a> {
    plan: &'a SheetPlan,
    row: Row<'a>,
}

impl<'a> Cells<'a> {
    /// The field's cell, trimmed; empty when the layout has no such column or the cell is empty.
    pub fn get(&self, field: Field) -> &'a str {
        self.plan.columns.get(&field).map_or("", |&at| self.row.cell(at).trim())
    }

    fn any(&self) -> bool {
        self.plan.columns.values().any(|&at| !self.row.cell(at).trim().is_empty())
    }
}

/// Parses `mapping=`: a JSON object of field → header name or column letters.
pub fn parse_mapping(raw: &str) -> Result<BTreeMap<Field, String>, ValidationError> {
    // The document's `maxLength`: ten fields and their headers fit many times over.
    if raw.chars().count() > MAPPING_MAX_CHARS {
        return Err(ValidationError::field("mapping", format!("must be at most {MAPPING_MAX_CHARS} characters")));
    }
    serde_json::from_str::<BTreeMap<Field, String>>(raw).map_err(|e| {
        ValidationError::field(
            "mapping",
            format!("must be a JSON object of field to header name or column letter ({e})"),
        )
    })
}

/// The plan for one sheet: the first of its first rows that, with the admin's `mapping`, names
/// every column some layout of `target` needs. `None` when no row does.
pub fn plan_sheet(target: Target, sheet: &Sheet, mapping: &BTreeMap<Field, String>) -> Option<SheetPlan> {
    let by_letters = !mapping.is_empty() && mapping.values().all(|v| column_of_letters(v).is_some());
    for row in sheet.rows().take(HEADER_SEARCH_ROWS) {
        // With columns named by letters any row would do: only one naming a known column is a
        // header (else the first data row would be taken for one).
        if by_letters
            && !row.cells().any(|cell| ALL_FIELDS.iter().any(|f| spellings(*f).contains(&folded(cell).as_str())))
        {
            continue;
        }
        if let Some(plan) = plan_with_header(target, row, mapping) {
            return Some(plan);
        }
    }
    // A mapping by column letters alone needs no header: every row is data.
    if by_letters {
        let columns: BTreeMap<Field, usize> =
            mapping.iter().filter_map(|(field, v)| column_of_letters(v).map(|c| (*field, c))).collect();
        let layout = layout_for(target, &columns)?;
        let names = columns.iter().map(|(field, &at)| (*field, letters_of_column(at))).collect();
        return Some(SheetPlan { layout, header_row: None, columns, names });
    }
    None
}

fn plan_with_header(target: Target, header: Row<'_>, mapping: &BTreeMap<Field, String>) -> Option<SheetPlan> {
    let row = header.number;
    let cells: Vec<&str> = header.cells().collect();
    let folded_cells: Vec<String> = cells.iter().map(|c| folded(c)).collect();
    let mut columns: BTreeMap<Field, usize> = BTreeMap::new();
    // The admin's mapping first: a header name must be in this row, letters name a column.
    for (field, wanted) in mapping {
        let at = match folded_cells.iter().position(|c| !c.is_empty() && *c == folded(wanted)) {
            Some(at) => at,
            None => column_of_letters(wanted)?,
        };
        columns.insert(*field, at);
    }
    for field in ALL_FIELDS {
        if columns.contains_key(&field) {
            continue;
        }
        let taken: Vec<usize> = columns.values().copied().collect();
        let found = folded_cells
            .iter()
            .enumerate()
            .find(|(at, c)| !taken.contains(at) && spellings(field).contains(&c.as_str()))
            .map(|(at, _)| at);
        if let Some(at) = found {
            columns.insert(field, at);
        }
    }
    let layout = layout_for(target, &columns)?;
    let (required, optional) = layout.fields();
    columns.retain(|field, _| required.contains(field) || optional.contains(field));
    let names = columns
        .iter()
        .map(|(field, &at)| {
            let header = cells.get(at).map(|c| c.trim()).filter(|c| !c.is_empty());
            (*field, header.map_or_else(|| letters_of_column(at), str::to_owned))
        })
        .collect();
    Some(SheetPlan { layout, header_row: Some(row), columns, names })
}

fn layout_for(target: Target, columns: &BTreeMap<Field, usize>) -> Option<Layout> {
    Layout::of(target).iter().copied().find(|layout| layout.fields().0.iter().all(|f| columns.contains_key(f)))
}

/// Why no sheet could be read, in words that say what to send.
pub fn no_layout(target: Target) -> ValidationError {
    let layouts = match target {
        Target::Bags => {
            "`Sr. No.` and `QR Code` (the factory workbook), `parent_qr` and `child_qr`, or `parent_qr` alone"
        }
        Target::Bills => "`bill_id` and `capacity`, or `bill_id` and `parent_qr`",
    };
    ValidationError::field(
        "file",
        format!(
            "no header row in the first {HEADER_SEARCH_ROWS} rows names the columns of an import ({layouts}); \
             name them with mapping="
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet::of("S", rows)
    }

    #[test]
    fn the_factory_header_is_found_below_a_title_row() {
        let s = sheet(&[&["Packing list, Jaipur plant"], &["Sr. No.", "QR Code"], &["1", "LABEL NO.:0016586"]]);
        let plan = plan_sheet(Target::Bags, &s, &BTreeMap::new()).unwrap();
        assert_eq!(plan.layout, Layout::Factory);
        assert_eq!(plan.header_row, Some(2));
        assert_eq!(plan.names[&Field::Code], "QR Code");
        let rows: Vec<_> = plan.rows(&s).map(|(row, cells)| (row, cells.get(Field::Code).to_owned())).collect();
        assert_eq!(rows, [(3, "LABEL NO.:0016586".to_owned())]);
    }

    #[test]
    fn our_own_columns_and_parents_alone_are_recognised() {
        let pairs = sheet(&[&["Parent QR", "child_qr", "Area"]]);
        let plan = plan_sheet(Target::Bags, &pairs, &BTreeMap::new()).unwrap();
        assert_eq!((plan.layout, plan.columns[&Field::Area]), (Layout::Pairs, 2));
        let parents = sheet(&[&["parent_qr"]]);
        assert_eq!(plan_sheet(Target::Bags, &parents, &BTreeMap::new()).unwrap().layout, Layout::Parents);
        let bill_parents = sheet(&[&["Bill No", "Parent"]]);
        assert_eq!(plan_sheet(Target::Bills, &bill_parents, &BTreeMap::new()).unwrap().layout, Layout::BillParents);
        assert!(plan_sheet(Target::Bills, &parents, &BTreeMap::new()).is_none());
    }

    #[test]
    fn a_mapping_overrides_the_proposal_by_name_or_by_letter() {
        let s = sheet(&[&["Bag", "Box", "Where"], &["C0001", "SB00001", "lucknow"]]);
        assert!(plan_sheet(Target::Bags, &s, &BTreeMap::new()).is_none());
        let mapping = parse_mapping(r#"{"child_qr": "bag", "parent_qr": "B", "area": "Where"}"#).unwrap();
        let plan = plan_sheet(Target::Bags, &s, &mapping).unwrap();
        assert_eq!(plan.layout, Layout::Pairs);
        assert_eq!(plan.header_row, Some(1));
        assert_eq!((plan.columns[&Field::ChildQr], plan.columns[&Field::ParentQr]), (0, 1));
        let letters = parse_mapping(r#"{"parent_qr": "B", "child_qr": "A"}"#).unwrap();
        let headerless = sheet(&[&["C0001", "SB00001"]]);
        let plan = plan_sheet(Target::Bags, &headerless, &letters).unwrap();
        assert_eq!((plan.header_row, plan.rows(&headerless).count()), (None, 1));
        assert!(parse_mapping(r#"{"colour": "A"}"#).is_err());
        let long = format!(r#"{{"parent_qr": "{}"}}"#, "x".repeat(MAPPING_MAX_CHARS));
        assert!(parse_mapping(&long).is_err(), "longer than the document allows");
    }

    #[test]
    fn column_letters_go_both_ways() {
        for (letters, column) in [("A", 0), ("Z", 25), ("AA", 26), ("AB", 27), ("XFD", 16383)] {
            assert_eq!(column_of_letters(letters), Some(column));
            assert_eq!(letters_of_column(column), letters);
        }
        assert_eq!(column_of_letters("A1"), None);
        assert_eq!(column_of_letters("Bag"), None);
    }
}
