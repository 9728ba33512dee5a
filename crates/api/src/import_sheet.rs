//! A sheet of an import file held compactly: every cell's text in one buffer, each cell a span
//! of it. A million-row file is then its text plus a few bytes a cell, not two heap strings and
//! a vector a row (measured: 666 MiB peak for 1,000,000 rows before, loadtest/MEASUREMENTS.md).

/// One sheet (a CSV file is one sheet, named `csv`) without its empty rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    text: String,
    /// Each cell's `[start, end)` in `text`, row after row.
    cells: Vec<(u32, u32)>,
    /// Each row's spreadsheet number, its first cell in `cells` and how many cells it has.
    rows: Vec<(usize, u32, u32)>,
}

/// One row of a sheet.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The spreadsheet row number (1-based).
    pub number: usize,
    sheet: &'a Sheet,
    first: usize,
    count: usize,
}

impl<'a> Row<'a> {
    /// The cell in `column` (A = 0), or `""`.
    pub fn cell(&self, column: usize) -> &'a str {
        if column >= self.count {
            return "";
        }
        let (start, end) = self.sheet.cells[self.first + column];
        &self.sheet.text[start as usize..end as usize]
    }

    pub fn cells(&self) -> impl Iterator<Item = &'a str> + 'a {
        let row = *self;
        (0..row.count).map(move |column| row.cell(column))
    }
}

impl Sheet {
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into(), ..Self::default() }
    }

    /// Adds row `number` with `cells` by column (gaps are empty cells); a row of empty cells is
    /// left out. Columns must come in increasing order.
    pub fn push_row<'c>(&mut self, number: usize, cells: impl IntoIterator<Item = (usize, &'c str)>) {
        let first = self.cells.len();
        let mut any = false;
        for (column, text) in cells {
            while self.cells.len() - first < column {
                let at = self.text.len() as u32;
                self.cells.push((at, at));
            }
            let start = self.text.len() as u32;
            self.text.push_str(text);
            self.cells.push((start, self.text.len() as u32));
            any |= !text.trim().is_empty();
        }
        if any {
            self.rows.push((number, first as u32, (self.cells.len() - first) as u32));
        } else {
            self.text.truncate(self.cells.get(first).map_or(self.text.len(), |(start, _)| *start as usize));
            self.cells.truncate(first);
        }
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> + '_ {
        self.rows.iter().map(move |&(number, first, count)| Row {
            number,
            sheet: self,
            first: first as usize,
            count: count as usize,
        })
    }

    /// The number of the last row, or 0.
    pub fn last_row(&self) -> usize {
        self.rows.last().map_or(0, |(number, _, _)| *number)
    }

    /// A sheet of these rows (numbered from 1), for tests and fixtures.
    pub fn of(name: &str, rows: &[&[&str]]) -> Self {
        let mut sheet = Self::new(name);
        for (i, cells) in rows.iter().enumerate() {
            sheet.push_row(i + 1, cells.iter().copied().enumerate());
        }
        sheet
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_come_back_by_column_with_gaps_and_empty_rows_left_out() {
        let mut sheet = Sheet::new("S");
        sheet.push_row(1, [(0, "a"), (2, "c")]);
        sheet.push_row(2, [(0, " "), (1, "")]);
        sheet.push_row(3, [(1, "B")]);
        let rows: Vec<(usize, Vec<&str>)> = sheet.rows().map(|r| (r.number, r.cells().collect())).collect();
        assert_eq!(rows, [(1, vec!["a", "", "c"]), (3, vec!["", "B"])]);
        let third = sheet.rows().nth(1).unwrap();
        assert_eq!((third.cell(1), third.cell(7)), ("B", ""));
        assert_eq!(sheet.last_row(), 3);
    }
}
