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

pub use crate::import_sheet::Sheet;

/// `sheets`, on the blocking pool.
pub async fn sheets_off_thread(bytes: Vec<u8>, limits: ImportLimits) -> ApiResult<Vec<Sheet>> {
    match tokio::task::spawn_blocking(move || sheets(&bytes, limits)).await {
        Ok(sheets) => sheets,
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

/// Every sheet of the file, in the workbook's order, without its empty rows. The limits hold for
/// the whole file (rows of all sheets together). Blocking: call through `sheets_off_thread`.
pub fn sheets(bytes: &[u8], limits: ImportLimits) -> ApiResult<Vec<Sheet>> {
    if bytes.starts_with(b"PK\x03\x04") { xlsx_sheets(bytes, limits) } else { Ok(vec![csv_sheet(bytes, limits)?]) }
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

fn csv_sheet(bytes: &[u8], limits: ImportLimits) -> ApiResult<Sheet> {
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
    let mut sheet = Sheet::new("csv");
    let mut record = csv::StringRecord::new();
    let mut index = 0;
    while reader.read_record(&mut record).map_err(|_| garbage())? {
        if index >= limits.max_rows {
            return Err(too_many_rows(limits));
        }
        index += 1;
        sheet.push_row(index, record.iter().enumerate());
    }
    Ok(sheet)
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

/// Every sheet, read cell by cell: only cells that hold something take memory, so a sheet
/// naming one far-away cell costs nothing (a dense grid of it would be ~1.7e10 cells).
fn xlsx_sheets(bytes: &[u8], limits: ImportLimits) -> ApiResult<Vec<Sheet>> {
    check_archive(bytes, limits)?;
    let mut workbook = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|_| garbage())?;
    let names = workbook.sheet_names();
    if names.is_empty() {
        return Err(garbage());
    }
    let mut sheets = Vec::with_capacity(names.len());
    let mut rows_so_far = 0;
    for name in names {
        let mut reader = workbook.worksheet_cells_reader(&name).map_err(|_| garbage())?;
        let mut sheet = Sheet::new(name.clone());
        // The row being read: its number and its cells by column (cells come row by row).
        let mut row: (usize, Vec<(usize, String)>) = (0, Vec::new());
        while let Some(cell) = reader.next_cell().map_err(|_| garbage())? {
            let text = text_of(cell.get_value());
            if text.is_empty() {
                continue;
            }
            let (number, column) = cell.get_position();
            let (number, column) = (number as usize + 1, column as usize);
            if rows_so_far + number > limits.max_rows {
                return Err(too_many_rows(limits));
            }
            if column >= limits.max_columns {
                return Err(too_many_columns(number, column + 1, limits));
            }
            if number != row.0 {
                flush(&mut sheet, &mut row);
                row.0 = number;
            }
            // A workbook may list a row's cells out of column order.
            match row.1.binary_search_by_key(&column, |(c, _)| *c) {
                Ok(at) => row.1[at].1 = text,
                Err(at) => row.1.insert(at, (column, text)),
            }
        }
        flush(&mut sheet, &mut row);
        drop(reader);
        rows_so_far += sheet.last_row();
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn flush(sheet: &mut Sheet, row: &mut (usize, Vec<(usize, String)>)) {
    if !row.1.is_empty() {
        sheet.push_row(row.0, row.1.iter().map(|(column, text)| (*column, text.as_str())));
        row.1.clear();
    }
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
        let error = sheets(&bomb, limits).unwrap_err();
        assert_eq!(error.code, ErrorCode::PayloadTooLarge, "{error}");
    }

    #[test]
    fn a_csv_line_of_millions_of_columns_is_refused_before_parsing() {
        let mut line = "parent_qr,child_qr\n".to_owned();
        line.push_str(&",".repeat(10_000_000));
        let error = sheets(line.as_bytes(), ImportLimits::default()).unwrap_err();
        assert_eq!(error.code, ErrorCode::ValidationFailed);
        assert!(error.message.contains("column"), "{error}");
    }

    #[test]
    fn rows_keep_their_spreadsheet_numbers() {
        let csv = b"parent_qr,child_qr\nSB00001,123\n,\nSB00002,456\n";
        let read = sheets(csv, ImportLimits::default()).unwrap();
        let numbers: Vec<usize> = read[0].rows().map(|row| row.number).collect();
        assert_eq!(numbers, [1, 2, 4]);
        assert_eq!(read[0].rows().nth(2).unwrap().cells().collect::<Vec<_>>(), ["SB00002", "456"]);
    }

    #[test]
    fn too_many_rows_are_refused_with_the_limit() {
        let limits = ImportLimits { max_rows: 3, ..ImportLimits::default() };
        let error = sheets(b"parent_qr\na\nb\nc\n", limits).unwrap_err();
        assert!(error.message.contains('3'), "{error}");
    }
}
