//! The printed documents: a bill of dispatch (travels with the truck) and the end-of-day
//! report. Headings are in English and Hindi; times arrive already in the site's zone.

use crate::PaperError;
use crate::draw::Align;
use crate::sheet::{self, Block, Column};

/// One parent bag on the truck.
#[derive(Debug, Clone)]
pub struct DispatchLine {
    pub qr: String,
    pub parent_type: String,
    pub children: i64,
    pub weight_kg: f64,
}

#[derive(Debug, Clone)]
pub struct DispatchNote {
    pub company: String,
    pub bill_id: String,
    pub status: String,
    pub destination: String,
    pub vehicle_number: String,
    pub description: String,
    /// Local date and time, e.g. `30 Nov 2026 11:20 IST`.
    pub created_at: String,
    pub completed_at: Option<String>,
    pub printed_at: String,
    pub capacity: i64,
    pub expected_weight_kg: f64,
    pub weighbridge_weight_kg: Option<f64>,
    pub lines: Vec<DispatchLine>,
}

fn kg(value: f64) -> String {
    format!("{value:.3}")
}

pub fn dispatch_pdf(note: &DispatchNote) -> Result<Vec<u8>, PaperError> {
    let children: i64 = note.lines.iter().map(|l| l.children).sum();
    let weight: f64 = note.lines.iter().map(|l| l.weight_kg).sum();
    let mut fields = vec![
        ("Destination / गंतव्य".to_owned(), note.destination.clone()),
        ("Vehicle / गाड़ी नंबर".to_owned(), note.vehicle_number.clone()),
        ("Created / बना".to_owned(), note.created_at.clone()),
        ("Completed / पूरा".to_owned(), note.completed_at.clone().unwrap_or_else(|| "—".to_owned())),
        ("Status / स्थिति".to_owned(), note.status.clone()),
        ("Parents / बोरे".to_owned(), format!("{} of {}", note.lines.len(), note.capacity)),
    ];
    if !note.description.is_empty() {
        fields.push(("Note / टिप्पणी".to_owned(), note.description.clone()));
    }
    let mut blocks = vec![
        Block::Title {
            company: note.company.clone(),
            title: "Bill of dispatch / प्रेषण बिल".to_owned(),
            qr: Some(note.bill_id.clone()),
            reference: note.bill_id.clone(),
        },
        Block::Fields(fields),
        Block::Heading("Parent bags / बोरे".to_owned()),
        Block::Table(vec![
            Column::new("#", 12.0, Align::Right),
            Column::new("Parent QR / बोरा", 52.0, Align::Left),
            Column::new("Type / किस्म", 50.0, Align::Left),
            Column::new("Bags inside / अंदर थैले", 32.0, Align::Right),
            Column::new("Weight kg / वज़न", 34.0, Align::Right),
        ]),
    ];
    blocks.extend(note.lines.iter().enumerate().map(|(n, line)| Block::Row {
        cells: vec![
            (n + 1).to_string(),
            line.qr.clone(),
            line.parent_type.clone(),
            line.children.to_string(),
            kg(line.weight_kg),
        ],
        bold: false,
    }));
    blocks.push(Block::Row {
        cells: vec![String::new(), "Total / कुल".to_owned(), String::new(), children.to_string(), kg(weight)],
        bold: true,
    });
    blocks.push(Block::Gap(10.0));
    let mut weights = vec![
        ("Weight from bags / थैलों से वज़न".to_owned(), format!("{} kg", kg(weight))),
        ("Expected / अपेक्षित".to_owned(), format!("{} kg", kg(note.expected_weight_kg))),
    ];
    if let Some(weighbridge) = note.weighbridge_weight_kg {
        weights.push(("Weighbridge / धर्मकांटा".to_owned(), format!("{} kg", kg(weighbridge))));
    }
    blocks.push(Block::Fields(weights));
    blocks.push(Block::Signatures(vec![
        "Loaded by / लोड किया".to_owned(),
        "Driver / ड्राइवर".to_owned(),
        "Received by / प्राप्त किया".to_owned(),
    ]));
    let footer = format!("{} · {} · printed {}", note.company, note.bill_id, note.printed_at);
    sheet::render(blocks, &footer)
}

/// One line of the end-of-day report (an operator, an area, or the total).
#[derive(Debug, Clone, Default)]
pub struct DayFigures {
    pub name: String,
    pub bills_created: i64,
    pub bills_completed: i64,
    pub parents_created: i64,
    pub parents_completed: i64,
    pub children_packed: i64,
}

#[derive(Debug, Clone)]
pub struct DayReport {
    pub company: String,
    /// `2026-11-30`.
    pub date: String,
    /// `30 Nov 2026 00:00 – 01 Dec 2026 00:00 IST (Asia/Kolkata)`.
    pub window: String,
    pub printed_at: String,
    pub totals: DayFigures,
    pub operators: Vec<DayFigures>,
    pub areas: Vec<DayFigures>,
}

fn figures_table(first: &str, rows: &[DayFigures]) -> Vec<Block> {
    let mut blocks = vec![Block::Table(vec![
        Column::new(first, 50.0, Align::Left),
        Column::new("Bills made / बिल बने", 26.0, Align::Right),
        Column::new("Bills done / बिल पूरे", 26.0, Align::Right),
        Column::new("Parents made / बोरे बने", 26.0, Align::Right),
        Column::new("Parents done / बोरे पूरे", 26.0, Align::Right),
        Column::new("Bags packed / थैले भरे", 26.0, Align::Right),
    ])];
    blocks.extend(rows.iter().map(|r| Block::Row {
        cells: vec![
            r.name.clone(),
            r.bills_created.to_string(),
            r.bills_completed.to_string(),
            r.parents_created.to_string(),
            r.parents_completed.to_string(),
            r.children_packed.to_string(),
        ],
        bold: r.name.starts_with("Total"),
    }));
    blocks
}

pub fn day_report_pdf(report: &DayReport) -> Result<Vec<u8>, PaperError> {
    let mut blocks = vec![
        Block::Title {
            company: report.company.clone(),
            title: "End of day report / दिन की रिपोर्ट".to_owned(),
            qr: None,
            reference: report.date.clone(),
        },
        Block::Fields(vec![("Day / दिन".to_owned(), report.window.clone())]),
        Block::Heading("Operators / कर्मचारी".to_owned()),
    ];
    let mut operators = report.operators.clone();
    operators.push(DayFigures { name: "Total / कुल".to_owned(), ..report.totals.clone() });
    blocks.extend(figures_table("Operator / कर्मचारी", &operators));
    blocks.push(Block::Heading("Areas / क्षेत्र".to_owned()));
    blocks.extend(figures_table("Area / क्षेत्र", &report.areas));
    let footer = format!("{} · {} · printed {}", report.company, report.date, report.printed_at);
    sheet::render(blocks, &footer)
}
