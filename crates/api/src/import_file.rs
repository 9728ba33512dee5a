//! Reading an uploaded spreadsheet (CSV or XLSX) into named columns.

use std::io::Cursor;

use actix_multipart::Multipart;
use calamine::{Data, Reader};
use futures::StreamExt;

use crate::error::{ApiError, ApiResult, ErrorCode};

/// Largest upload accepted.
pub const LIMIT_BYTES: usize = 16 * 1024 * 1024;

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

/// Rows of the sheet (first sheet of a workbook), each with its spreadsheet row number, with
/// cells in the order of `columns` (matched against the header row, any case).
pub fn rows(bytes: &[u8], columns: &[&str]) -> ApiResult<Vec<(usize, Vec<String>)>> {
    let table = if bytes.starts_with(b"PK\x03\x04") { xlsx_table(bytes)? } else { csv_table(bytes)? };
    let mut table = table.into_iter();
    let header: Vec<String> = table.next().unwrap_or_default().iter().map(|h| h.trim().to_lowercase()).collect();
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
        .enumerate()
        .map(|(index, row)| {
            let cells = positions.iter().map(|&p| row.get(p).cloned().unwrap_or_default()).collect();
            (index + 2, cells)
        })
        .filter(|(_, cells): &(usize, Vec<String>)| cells.iter().any(|c| !c.trim().is_empty()))
        .collect())
}

fn garbage() -> ApiError {
    ApiError::new(ErrorCode::ValidationFailed, "the file is neither a CSV file nor an XLSX workbook")
}

fn csv_table(bytes: &[u8]) -> ApiResult<Vec<Vec<String>>> {
    let text = std::str::from_utf8(bytes).map_err(|_| garbage())?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader
        .records()
        .map(|record| record.map(|r| r.iter().map(str::to_owned).collect()).map_err(|_| garbage()))
        .collect()
}

fn xlsx_table(bytes: &[u8]) -> ApiResult<Vec<Vec<String>>> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| garbage())?;
    let range = workbook.worksheet_range_at(0).ok_or_else(garbage)?.map_err(|_| garbage())?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}
