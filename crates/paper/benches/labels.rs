//! How long 1,000 labels take (target: under 2 s on the 2-core machine), and a bill of
//! dispatch of 500 parents. `cargo bench -p tracetrack-paper`; set `PAPER_OUT=dir` to keep the
//! files for a look.

use std::time::Instant;

use tracetrack_paper::documents::{DispatchLine, DispatchNote, dispatch_pdf};
use tracetrack_paper::labels::{Label, Layout, pdf, zpl};

fn main() {
    let labels: Vec<Label> =
        (1..=1000).map(|n| Label { code: format!("SB{n:05}"), caption: "Mustard / सरसों".to_owned() }).collect();
    let out = std::env::var_os("PAPER_OUT").map(std::path::PathBuf::from);
    for (name, layout) in [("a4", Layout::A4), ("roll-50x25", Layout::Roll50x25)] {
        let runs: Vec<f64> = (0..3)
            .map(|_| {
                let started = Instant::now();
                let bytes = pdf(&labels, layout).unwrap_or_default();
                assert!(bytes.starts_with(b"%PDF"));
                if let Some(dir) = &out {
                    std::fs::write(dir.join(format!("labels-{name}.pdf")), &bytes).unwrap_or_default();
                }
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        println!(
            "1000 labels, {name}: {:.0} ms (best of 3: {runs:.0?}), PDF",
            runs.iter().cloned().fold(f64::MAX, f64::min)
        );
    }
    let started = Instant::now();
    let text = zpl(&labels);
    println!("1000 labels, ZPL: {:.1} ms, {} bytes", started.elapsed().as_secs_f64() * 1000.0, text.len());

    let note = DispatchNote {
        company: "Ganga Seeds Pvt. Ltd. — गंगा सीड्स".to_owned(),
        bill_id: "BILL-2026/001".to_owned(),
        status: "completed".to_owned(),
        destination: "Jaipur C&F / जयपुर".to_owned(),
        vehicle_number: "RJ14 GB 1234".to_owned(),
        description: "Rabi mustard, lot 7".to_owned(),
        created_at: "30 Nov 2026 09:15 IST".to_owned(),
        completed_at: Some("30 Nov 2026 11:20 IST".to_owned()),
        printed_at: "30 Nov 2026 11:25 IST".to_owned(),
        capacity: 500,
        expected_weight_kg: 15000.0,
        weighbridge_weight_kg: Some(15120.5),
        lines: (1..=500)
            .map(|n| DispatchLine {
                qr: format!("SB{n:05}"),
                parent_type: "Mustard".to_owned(),
                children: 30,
                weight_kg: 30.0,
            })
            .collect(),
    };
    let started = Instant::now();
    let bytes = dispatch_pdf(&note).unwrap_or_default();
    println!(
        "bill of dispatch, 500 parents: {:.0} ms, {} bytes",
        started.elapsed().as_secs_f64() * 1000.0,
        bytes.len()
    );
    if let Some(dir) = &out {
        std::fs::write(dir.join("dispatch.pdf"), &bytes).unwrap_or_default();
    }
}
