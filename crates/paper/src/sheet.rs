//! A4 documents built from blocks (title, fields, table rows, signatures), laid out into pages
//! before anything is drawn, so every page can say "page 2 of 3" and a table's header repeats
//! on each page it continues on.

use krilla::Document;
use krilla::page::PageSettings;
use krilla::surface::Surface;

use crate::PaperError;
use crate::draw::{self, Align, MM};
use crate::fonts::{self, Weight};

const WIDTH: f32 = 210.0 * MM;
const HEIGHT: f32 = 297.0 * MM;
const MARGIN: f32 = 15.0 * MM;
const FOOTER: f32 = 10.0 * MM;
const ROW: f32 = 15.0;

/// A table column: heading, share of the page's width, alignment.
#[derive(Debug, Clone)]
pub struct Column {
    pub heading: String,
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(heading: &str, width_mm: f32, align: Align) -> Self {
        Self { heading: heading.to_owned(), width: width_mm * MM, align }
    }
}

#[derive(Debug, Clone)]
pub enum Block {
    /// The document's head: company, document title, and an optional QR with its caption.
    Title {
        company: String,
        title: String,
        qr: Option<String>,
        reference: String,
    },
    /// Label and value pairs, two per line.
    Fields(Vec<(String, String)>),
    /// A sub-heading.
    Heading(String),
    /// A table's row; the table's columns are given once, by `Table`.
    Table(Vec<Column>),
    Row {
        cells: Vec<String>,
        bold: bool,
    },
    Gap(f32),
    /// Lines to sign on, side by side.
    Signatures(Vec<String>),
}

impl Block {
    fn height(&self) -> f32 {
        match self {
            Block::Title { .. } => 32.0 * MM,
            Block::Fields(pairs) => pairs.len().div_ceil(2) as f32 * 16.0 + 6.0,
            Block::Heading(_) => 22.0,
            Block::Table(_) => ROW + 4.0,
            Block::Row { .. } => ROW,
            Block::Gap(points) => *points,
            Block::Signatures(_) => 30.0 * MM,
        }
    }
}

/// Blocks cut into pages; a page that continues a table starts with its header again.
fn paginate(blocks: Vec<Block>) -> Vec<Vec<Block>> {
    let room = HEIGHT - 2.0 * MARGIN - FOOTER;
    let mut pages: Vec<Vec<Block>> = vec![Vec::new()];
    let mut used = 0.0;
    let mut table: Option<Block> = None;
    for block in blocks {
        match &block {
            Block::Table(_) => table = Some(block.clone()),
            Block::Row { .. } => {}
            _ => table = None,
        }
        let needed = block.height() + if matches!(block, Block::Table(_)) { ROW } else { 0.0 };
        if used + needed > room && used > 0.0 {
            let mut page = Vec::new();
            used = 0.0;
            if let (Block::Row { .. }, Some(header)) = (&block, &table) {
                used += header.height();
                page.push(header.clone());
            }
            pages.push(page);
        }
        used += block.height();
        if let Some(page) = pages.last_mut() {
            page.push(block);
        }
    }
    pages
}

/// The document as PDF; `footer` is printed at the foot of every page with its number.
pub fn render(blocks: Vec<Block>, footer: &str) -> Result<Vec<u8>, PaperError> {
    let pages = paginate(blocks);
    let count = pages.len();
    let mut document = Document::new();
    for (number, blocks) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or(PaperError::Layout)?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        let mut y = MARGIN;
        let mut columns: Vec<Column> = Vec::new();
        for block in &blocks {
            draw_block(&mut surface, block, y, &mut columns)?;
            y += block.height();
        }
        let foot = HEIGHT - MARGIN + 2.0 * MM;
        draw::rule(&mut surface, MARGIN, WIDTH - MARGIN, foot - 10.0, 0.4);
        draw::text(&mut surface, MARGIN, foot, 7.0, Weight::Regular, Align::Left, footer);
        let numbering = format!("Page {} of {count} / पृष्ठ {} / {count}", number + 1, number + 1);
        draw::text(&mut surface, WIDTH - MARGIN, foot, 7.0, Weight::Regular, Align::Right, &numbering);
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|error| PaperError::Pdf(format!("{error:?}")))
}

fn draw_block(surface: &mut Surface<'_>, block: &Block, top: f32, columns: &mut Vec<Column>) -> Result<(), PaperError> {
    let right = WIDTH - MARGIN;
    match block {
        Block::Title { company, title, qr, reference } => {
            let qr_side = 26.0 * MM;
            let text_room = right - MARGIN - if qr.is_some() { qr_side + 6.0 * MM } else { 0.0 };
            let company = fonts::fit(company, Weight::Bold, 16.0, text_room);
            draw::text(surface, MARGIN, top + 14.0, 16.0, Weight::Bold, Align::Left, &company);
            draw::text(surface, MARGIN, top + 34.0, 12.0, Weight::Regular, Align::Left, title);
            let reference = fonts::fit(reference, Weight::Bold, 20.0, text_room);
            draw::text(surface, MARGIN, top + 62.0, 20.0, Weight::Bold, Align::Left, &reference);
            if let Some(data) = qr {
                draw::qr(surface, right - qr_side, top, qr_side, data)?;
            }
            draw::rule(surface, MARGIN, right, top + 30.0 * MM, 1.0);
        }
        Block::Fields(pairs) => {
            // One pair takes the whole line; more go two to a line.
            let half = (right - MARGIN) / if pairs.len() == 1 { 1.0 } else { 2.0 };
            for (n, (label, value)) in pairs.iter().enumerate() {
                let x = MARGIN + (n % 2) as f32 * half;
                let y = top + 12.0 + (n / 2) as f32 * 16.0;
                let label_width = draw::text(surface, x, y, 8.0, Weight::Regular, Align::Left, &format!("{label}: "));
                let value = fonts::fit(value, Weight::Bold, 10.0, half - label_width - 4.0 * MM);
                draw::text(surface, x + label_width, y, 10.0, Weight::Bold, Align::Left, &value);
            }
        }
        Block::Heading(text) => {
            draw::text(surface, MARGIN, top + 16.0, 12.0, Weight::Bold, Align::Left, text);
        }
        Block::Table(table) => {
            columns.clone_from(table);
            let cells: Vec<String> = table.iter().map(|c| c.heading.clone()).collect();
            draw_row(surface, table, &cells, top + 2.0, Weight::Bold, 8.0);
            draw::rule(surface, MARGIN, right, top + ROW + 3.0, 0.8);
        }
        Block::Row { cells, bold } => {
            let weight = if *bold { Weight::Bold } else { Weight::Regular };
            draw_row(surface, columns, cells, top, weight, 9.0);
            draw::rule(surface, MARGIN, right, top + ROW, 0.2);
        }
        Block::Gap(_) => {}
        Block::Signatures(names) => {
            let slot = (right - MARGIN) / names.len().max(1) as f32;
            for (n, name) in names.iter().enumerate() {
                let x = MARGIN + n as f32 * slot;
                let line_y = top + 20.0 * MM;
                draw::rule(surface, x, x + slot - 8.0 * MM, line_y, 0.6);
                draw::text(surface, x, line_y + 11.0, 8.0, Weight::Regular, Align::Left, name);
            }
        }
    }
    Ok(())
}

fn draw_row(surface: &mut Surface<'_>, columns: &[Column], cells: &[String], top: f32, weight: Weight, size: f32) {
    let mut x = MARGIN;
    for (column, cell) in columns.iter().zip(cells) {
        let text = fonts::fit(cell, weight, size, column.width - 4.0);
        let anchor = match column.align {
            Align::Left => x + 2.0,
            Align::Centre => x + column.width / 2.0,
            Align::Right => x + column.width - 2.0,
        };
        draw::text(surface, anchor, top + 11.0, size, weight, column.align, &text);
        x += column.width;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_table_repeats_its_header_on_every_page() {
        let mut blocks =
            vec![Block::Heading("Parents".into()), Block::Table(vec![Column::new("QR", 40.0, Align::Left)])];
        blocks.extend((0..200).map(|n| Block::Row { cells: vec![format!("SB{n:05}")], bold: false }));
        blocks.push(Block::Signatures(vec!["Driver".into()]));
        let pages = paginate(blocks);
        assert!(pages.len() >= 3, "{} pages", pages.len());
        for page in &pages[1..] {
            assert!(matches!(page[0], Block::Table(_) | Block::Signatures(_)), "{:?}", page[0]);
        }
        let rows: usize = pages.iter().map(|p| p.iter().filter(|b| matches!(b, Block::Row { .. })).count()).sum();
        assert_eq!(rows, 200, "every row printed once");
        let room = HEIGHT - 2.0 * MARGIN - FOOTER;
        for page in &pages {
            assert!(page.iter().map(Block::height).sum::<f32>() <= room + ROW);
        }
    }
}
