//! Drawing on a page in points, origin top-left: text by script runs, rules, QR codes as
//! vector squares (sharp at any printer resolution).

use krilla::geom::{PathBuilder, Point, Rect};
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::TextDirection;
use qrcode::{Color, EcLevel, QrCode};

use crate::PaperError;
use crate::fonts::{self, Weight};

pub const MM: f32 = 72.0 / 25.4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// Text with its baseline at `y`, placed against `x` as `align` says; answers its width.
pub fn text(surface: &mut Surface<'_>, x: f32, y: f32, size: f32, weight: Weight, align: Align, text: &str) -> f32 {
    let runs = fonts::runs(text, weight, size);
    let total: f32 = runs.iter().map(|run| run.width).sum();
    let mut at = match align {
        Align::Left => x,
        Align::Centre => x - total / 2.0,
        Align::Right => x - total,
    };
    for run in runs {
        surface.draw_text(Point::from_xy(at, y), run.font, size, run.text, false, TextDirection::LeftToRight);
        at += run.width;
    }
    total
}

/// A filled rectangle (rules and table lines are thin rectangles).
pub fn rect(surface: &mut Surface<'_>, x: f32, y: f32, w: f32, h: f32) {
    let mut path = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(x, y, w, h) {
        path.push_rect(rect);
    }
    if let Some(path) = path.finish() {
        surface.set_fill(Some(Fill::default()));
        surface.draw_path(&path);
    }
}

/// A horizontal rule of `weight` points.
pub fn rule(surface: &mut Surface<'_>, x1: f32, x2: f32, y: f32, weight: f32) {
    rect(surface, x1, y - weight / 2.0, x2 - x1, weight);
}

/// The QR code of `data`, `size` points square, its top-left corner at (`x`, `y`). The caller
/// leaves the quiet zone (four modules) free around it.
pub fn qr(surface: &mut Surface<'_>, x: f32, y: f32, size: f32, data: &str) -> Result<(), PaperError> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .map_err(|error| PaperError::Qr(error.to_string()))?;
    let modules = code.width();
    let step = size / modules as f32;
    let colors = code.to_colors();
    let mut path = PathBuilder::new();
    for row in 0..modules {
        // Runs of dark modules become one rectangle each: fewer, cleaner shapes.
        let mut column = 0;
        while column < modules {
            if colors[row * modules + column] == Color::Dark {
                let start = column;
                while column < modules && colors[row * modules + column] == Color::Dark {
                    column += 1;
                }
                let width = (column - start) as f32 * step;
                if let Some(rect) = Rect::from_xywh(x + start as f32 * step, y + row as f32 * step, width, step) {
                    path.push_rect(rect);
                }
            } else {
                column += 1;
            }
        }
    }
    if let Some(path) = path.finish() {
        surface.set_fill(Some(Fill::default()));
        surface.draw_path(&path);
    }
    Ok(())
}
