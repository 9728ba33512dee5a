//! QR labels for parent bags: an A4 sheet of 3 × 7 (70 × 42.4 mm, the common sticker sheet),
//! a 50 × 25 mm thermal roll as PDF, or Zebra ZPL II for thermal printers.

use krilla::Document;
use krilla::page::PageSettings;

use crate::PaperError;
use crate::draw::{self, Align, MM};
use crate::fonts::{self, Weight};

/// One label: the code (in the QR and printed large) and a small caption (its parent type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub code: String,
    pub caption: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A4 sticker sheet, 3 columns × 7 rows.
    A4,
    /// One 50 × 25 mm label per page (thermal roll printers that print PDF).
    Roll50x25,
}

impl Layout {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "a4" => Some(Self::A4),
            "roll-50x25" => Some(Self::Roll50x25),
            _ => None,
        }
    }
}

const A4_WIDTH: f32 = 210.0 * MM;
const A4_HEIGHT: f32 = 297.0 * MM;
const COLUMNS: usize = 3;
const ROWS: usize = 7;

/// The labels as a PDF document.
pub fn pdf(labels: &[Label], layout: Layout) -> Result<Vec<u8>, PaperError> {
    let mut document = Document::new();
    match layout {
        Layout::A4 => {
            let (cell_w, cell_h) = (A4_WIDTH / COLUMNS as f32, A4_HEIGHT / ROWS as f32);
            for sheet in labels.chunks(COLUMNS * ROWS) {
                let settings = PageSettings::from_wh(A4_WIDTH, A4_HEIGHT).ok_or(PaperError::Layout)?;
                let mut page = document.start_page_with(settings);
                let mut surface = page.surface();
                for (n, label) in sheet.iter().enumerate() {
                    let (x, y) = ((n % COLUMNS) as f32 * cell_w, (n / COLUMNS) as f32 * cell_h);
                    // The code's text stays out of the QR's quiet zone (four modules, ~4 mm).
                    let side = 22.0 * MM;
                    draw::qr(&mut surface, x + (cell_w - side) / 2.0, y + 3.0 * MM, side, &label.code)?;
                    let code_size = fitted_size(&label.code, 14.0, cell_w - 8.0 * MM);
                    let centre = x + cell_w / 2.0;
                    draw::text(
                        &mut surface,
                        centre,
                        y + 34.5 * MM,
                        code_size,
                        Weight::Bold,
                        Align::Centre,
                        &label.code,
                    );
                    let caption = fonts::fit(&label.caption, Weight::Regular, 7.0, cell_w - 8.0 * MM);
                    draw::text(&mut surface, centre, y + 39.0 * MM, 7.0, Weight::Regular, Align::Centre, &caption);
                }
                surface.finish();
                page.finish();
            }
        }
        Layout::Roll50x25 => {
            let (width, height) = (50.0 * MM, 25.0 * MM);
            for label in labels {
                let settings = PageSettings::from_wh(width, height).ok_or(PaperError::Layout)?;
                let mut page = document.start_page_with(settings);
                let mut surface = page.surface();
                let side = 21.0 * MM;
                draw::qr(&mut surface, 2.0 * MM, 2.0 * MM, side, &label.code)?;
                // Beside the QR, as large as the space allows.
                let (left, room) = (25.0 * MM, 23.0 * MM);
                let size = fitted_size(&label.code, 14.0, room);
                draw::text(&mut surface, left, 12.5 * MM + size * 0.35, size, Weight::Bold, Align::Left, &label.code);
                let caption = fonts::fit(&label.caption, Weight::Regular, 6.0, room);
                draw::text(&mut surface, left, 20.0 * MM, 6.0, Weight::Regular, Align::Left, &caption);
                surface.finish();
                page.finish();
            }
        }
    }
    document.finish().map_err(|error| PaperError::Pdf(format!("{error:?}")))
}

/// The largest size up to `max` at which `text` fits `room` points.
fn fitted_size(text: &str, max: f32, room: f32) -> f32 {
    let at_max = fonts::width(text, Weight::Bold, max);
    if at_max <= room { max } else { (max * room / at_max).max(4.0) }
}

/// The labels as Zebra ZPL II, one `^XA…^XZ` format per label, for a 50 × 25 mm label at
/// 203 dpi (8 dots per mm): the QR on the left, the code beside it.
pub fn zpl(labels: &[Label]) -> String {
    let mut out = String::with_capacity(labels.len() * 160);
    for label in labels {
        let (code, caption) = (field(&label.code), field(&label.caption));
        out.push_str("^XA\n^CI28\n^PW400\n^LL200\n");
        // QR model 2, 4 dots per module; `MA,`: error correction M, automatic data mode.
        out.push_str(&format!("^FO16,16^BQN,2,4^FH^FDMA,{code}^FS\n"));
        out.push_str(&format!("^FO200,70^A0N,34,30^FB190,1,0,L^FH^FD{code}^FS\n"));
        out.push_str(&format!("^FO200,130^A0N,20,18^FB190,1,0,L^FH^FD{caption}^FS\n"));
        out.push_str("^XZ\n");
    }
    out
}

/// A field's data with ZPL's command characters hex-escaped (`^FH`, `_` as the indicator),
/// so no text can end the field or start a command.
fn field(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '^' | '~' | '_' | '\\' => out.push_str(&format!("_{:02X}", ch as u32)),
            ch if ch.is_control() => {}
            ch => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(code: &str) -> Label {
        Label { code: code.to_owned(), caption: "Mustard".to_owned() }
    }

    #[test]
    fn zpl_has_one_format_per_label_and_escapes_commands() {
        let out = zpl(&[label("SB00001"), Label { code: "X^XZ~JA_1".into(), caption: "a\u{7}b".into() }]);
        assert_eq!(out.matches("^XA").count(), 2);
        assert_eq!(out.matches("^XZ").count(), 2, "the hostile code did not close a format");
        assert!(out.contains("^FDMA,SB00001^FS"));
        assert!(out.contains("^FDX_5EXZ_7EJA_5F1^FS"), "{out}");
        assert!(!out.contains('\u{7}'));
    }

    #[test]
    fn an_a4_sheet_holds_twenty_one_labels() {
        let labels: Vec<Label> = (1..=22).map(|n| label(&format!("SB{n:05}"))).collect();
        let bytes = pdf(&labels, Layout::A4).unwrap_or_default();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(bytes.ends_with(b"%%EOF\n") || bytes.ends_with(b"%%EOF"));
    }

    #[test]
    fn layouts_are_named() {
        assert_eq!(Layout::parse("a4"), Some(Layout::A4));
        assert_eq!(Layout::parse("roll-50x25"), Some(Layout::Roll50x25));
        assert_eq!(Layout::parse("letter"), None);
    }
}
