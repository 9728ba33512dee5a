//! Reading an uploaded spreadsheet (CSV or XLSX) into named columns, safely: a hostile file
//! (a 1 KB workbook naming a cell a million rows away, a zip bomb, a line of millions of
//! columns) is refused with its numbers before it can take memory or time from the server.
//! Parsing runs on the blocking pool, never on the async workers.

use std::io::{Cursor, Read};

use actix_multipart::Multipart;
use calamine::{DataRef, Reader};
use futures::StreamExt;

use crate::error::{ApiError, ApiResult, ErrorCode};

/// Largest upload accepted.
pub const LIMIT_BYTES: usize = 16 * 1024 * 1024;

/// What an import file may hold (`TRACETRACK_IMPORT_MAX_ROWS`,
/// `TRACETRACK_IMPORT_MAX_UNCOMPRESSED_MB`).
#[derive(Debug, Clone, Copy)]
pub struct ImportLimits {
    /// Rows of the sheet, header included.
    pub max_rows: usize,
    /// Columns a row may reach (the layouts need a handful).
    pub max_columns: usize,
    /// Everything inside an XLSX file, decompressed.
    pub max_uncompressed_bytes: u64,
}

impl Default for ImportLimits {
    fn default() -> Self {
        Self { max_rows: 1_000_001, max_columns: 256, max_uncompressed_bytes: 256 * 1024 * 1024 }
    }
}

/// Reads the `file` field of a multipart upload, refusing more than 16 MB.
pub async fn read_file(mut payload: Multipart) -> ApiResult<Vec<u8>> {
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| ApiError::malformed(format!("the upload could not be read: {e}")))?;
        if field.name() != Some("file") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| ApiError::malformed(format!("the upload could not be read: {e}")))?;
            if bytes.len() + chunk.len() > LIMIT_BYTES {
                return Err(ApiError::new(ErrorCode::PayloadTooLarge, "the file is larger than 16 MB; split it"));
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok(bytes);
    }
    Err(ApiError::malformed("send the spreadsheet as multipart/form-data in a field named \"file\""))
}

/// A row of the sheet: its spreadsheet row number (1-based) and its cells by column.
type SheetRow = (usize, Vec<String>);

/// `rows`, on the blocking pool.
pub async fn rows_off_thread(
    bytes: Vec<u8>,
    columns: &'static [&'static str],
    limits: ImportLimits,
) -> ApiResult<Vec<SheetRow>> {
    match tokio::task::spawn_blocking(move || rows(&bytes, columns, limits)).await {
        Ok(rows) => rows,
        // The spreadsheet reader panics on some malformed workbooks (an overflow, an index out of
        // range): the file is at fault, not the server, and the panic stayed in its task.
        Err(error) if error.is_panic() => {
            tracing::info!(%error, "the spreadsheet reader gave up on an import file");
            Err(ApiError::new(
                ErrorCode::ValidationFailed,
                "the file is damaged or not a workbook this server can read",
            ))
        }
        Err(error) => Err(ApiError::internal(anyhow::anyhow!("reading the import file stopped: {error}"))),
    }
}

/// Data rows of the sheet (first sheet of a workbook) after its header row, each with its
/// spreadsheet row number, with cells in the order of `columns` (matched against the header
/// row, any case). Blocking: call through `rows_off_thread` from async code.
pub fn rows(bytes: &[u8], columns: &[&str], limits: ImportLimits) -> ApiResult<Vec<SheetRow>> {
    let table = if bytes.starts_with(b"PK\x03\x04") { xlsx_table(bytes, limits)? } else { csv_table(bytes, limits)? };
    let mut table = table.into_iter();
    let header: Vec<String> =
        table.next().map(|(_, cells)| cells).unwrap_or_default().iter().map(|h| h.trim().to_lowercase()).collect();
    let positions: Vec<usize> = columns
        .iter()
        .map(|column| {
            header.iter().position(|h| h == column).ok_or_else(|| {
                ApiError::new(
                    ErrorCode::ValidationFailed,
                    format!("the header row must name the columns {}; \"{column}\" is missing", columns.join(", ")),
                )
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(table
        .map(|(row, cells)| (row, positions.iter().map(|&p| cells.get(p).cloned().unwrap_or_default()).collect()))
        .filter(|(_, cells): &SheetRow| cells.iter().any(|c| !c.trim().is_empty()))
        .collect())
}

fn garbage() -> ApiError {
    ApiError::new(ErrorCode::ValidationFailed, "the file is neither a CSV file nor an XLSX workbook")
}

fn too_many_rows(limits: ImportLimits) -> ApiError {
    ApiError::new(
        ErrorCode::ValidationFailed,
        format!("the sheet has more than {} rows (header included); split the file", limits.max_rows),
    )
    .with_details(serde_json::json!({ "max_rows": limits.max_rows }))
}

fn too_many_columns(row: usize, column: usize, limits: ImportLimits) -> ApiError {
    ApiError::new(
        ErrorCode::ValidationFailed,
        format!("row {row} reaches column {column}; an import file may use at most {} columns", limits.max_columns),
    )
    .with_details(serde_json::json!({ "row": row, "column": column, "max_columns": limits.max_columns }))
}

fn csv_table(bytes: &[u8], limits: ImportLimits) -> ApiResult<Vec<SheetRow>> {
    let text = std::str::from_utf8(bytes).map_err(|_| garbage())?;
    // Before the parser sees it: a line of millions of separators would be split into millions
    // of fields first. Counting every comma over-counts quoted ones, which only errs on the
    // side of refusing a file no layout needs.
    for (index, line) in text.split('\n').enumerate() {
        let separators = line.bytes().filter(|b| *b == b',').count();
        if separators >= limits.max_columns {
            return Err(too_many_columns(index + 1, separators + 1, limits));
        }
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut table = Vec::new();
    for (index, record) in reader.records().enumerate() {
        if index >= limits.max_rows {
            return Err(too_many_rows(limits));
        }
        let record = record.map_err(|_| garbage())?;
        table.push((index + 1, record.iter().map(str::to_owned).collect()));
    }
    Ok(table)
}

/// Checks what each part of the workbook really decompresses to (the sizes its directory
/// declares can lie), within the limit, before the spreadsheet reader opens anything.
fn check_archive(bytes: &[u8], limits: ImportLimits) -> ApiResult<()> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| garbage())?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive.by_index(index).map_err(|_| garbage())?;
        let allowed = limits.max_uncompressed_bytes - total;
        let read = std::io::copy(&mut entry.take(allowed + 1), &mut std::io::sink()).map_err(|_| garbage())?;
        total += read;
        if total > limits.max_uncompressed_bytes {
            let limit_mb = limits.max_uncompressed_bytes / (1024 * 1024);
            return Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!("the workbook decompresses to more than {limit_mb} MB; split it"),
            )
            .with_details(serde_json::json!({ "max_uncompressed_bytes": limits.max_uncompressed_bytes })));
        }
    }
    Ok(())
}

/// The first sheet, read cell by cell: only cells that hold something take memory, so a sheet
/// naming one far-away cell costs nothing (a dense grid of it would be ~1.7e10 cells).
fn xlsx_table(bytes: &[u8], limits: ImportLimits) -> ApiResult<Vec<SheetRow>> {
    check_archive(bytes, limits)?;
    let mut workbook = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|_| garbage())?;
    let first = workbook.sheet_names().first().cloned().ok_or_else(garbage)?;
    let mut cells = workbook.worksheet_cells_reader(&first).map_err(|_| garbage())?;
    let mut table: Vec<SheetRow> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(|_| garbage())? {
        let text = text_of(cell.get_value());
        if text.is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        let (row, column) = (row as usize + 1, column as usize);
        if row > limits.max_rows {
            return Err(too_many_rows(limits));
        }
        if column >= limits.max_columns {
            return Err(too_many_columns(row, column + 1, limits));
        }
        if table.last().is_none_or(|(last, _)| *last != row) {
            table.push((row, Vec::new()));
        }
        if let Some((_, row_cells)) = table.last_mut() {
            if row_cells.len() <= column {
                row_cells.resize(column + 1, String::new());
            }
            row_cells[column] = text;
        }
    }
    Ok(table)
}

fn text_of(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        DataRef::Int(i) => i.to_string(),
        DataRef::Empty => String::new(),
        other => calamine::Data::from(other.clone()).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in parts {
            writer.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_bomb_is_refused_by_what_it_decompresses_to() {
        let limits = ImportLimits { max_uncompressed_bytes: 1024 * 1024, ..ImportLimits::default() };
        let bomb = zip_of(&[("xl/worksheets/sheet1.xml", &vec![b' '; 4 * 1024 * 1024])]);
        assert!(bomb.len() < 64 * 1024, "{}", bomb.len());
        let error = rows(&bomb, &["parent_qr"], limits).unwrap_err();
        assert_eq!(error.code, ErrorCode::PayloadTooLarge, "{error}");
    }

    #[test]
    fn a_csv_line_of_millions_of_columns_is_refused_before_parsing() {
        let mut line = "parent_qr,child_qr\n".to_owned();
        line.push_str(&",".repeat(10_000_000));
        let error = rows(line.as_bytes(), &["parent_qr", "child_qr"], ImportLimits::default()).unwrap_err();
        assert_eq!(error.code, ErrorCode::ValidationFailed);
        assert!(error.message.contains("column"), "{error}");
    }

    #[test]
    fn rows_keep_their_spreadsheet_numbers() {
        let csv = b"parent_qr,child_qr\nSB00001,123\n,\nSB00002,456\n";
        let rows = rows(csv, &["child_qr", "parent_qr"], ImportLimits::default()).unwrap();
        assert_eq!(rows, vec![(2, vec!["123".into(), "SB00001".into()]), (4, vec!["456".into(), "SB00002".into()])]);
    }

    #[test]
    fn too_many_rows_are_refused_with_the_limit() {
        let limits = ImportLimits { max_rows: 3, ..ImportLimits::default() };
        let error = rows(b"parent_qr\na\nb\nc\n", &["parent_qr"], limits).unwrap_err();
        assert!(error.message.contains('3'), "{error}");
    }
}
