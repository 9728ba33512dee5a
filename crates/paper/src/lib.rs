//! TraceTrack on paper: QR labels (PDF sheets and rolls, Zebra ZPL) and printed documents (the
//! bill of dispatch, the end-of-day report). Plain data in, bytes out: no database, no HTTP.
//! Fonts are embedded, so Hindi prints the same everywhere.

pub mod documents;
pub mod draw;
pub mod fonts;
pub mod labels;
pub mod sheet;

#[derive(Debug, thiserror::Error)]
pub enum PaperError {
    #[error("QR code: {0}")]
    Qr(String),
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("page layout")]
    Layout,
}
