//! The typefaces printed with, embedded in the binary (Noto, SIL Open Font License; see
//! `assets/fonts/COPYRIGHT-noto`) so a fresh machine or a slim image prints the same pages.
//! Latin and Devanagari live in separate fonts: text is split into runs per script, each
//! shaped with its own font (Devanagari needs shaping: conjuncts and vowel signs move).

use std::sync::LazyLock;

use krilla::Data;
use krilla::text::Font;

static SANS: &[u8] = include_bytes!("../assets/fonts/NotoSans-Regular.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../assets/fonts/NotoSans-Bold.ttf");
static DEVANAGARI: &[u8] = include_bytes!("../assets/fonts/NotoSansDevanagari-Regular.ttf");
static DEVANAGARI_BOLD: &[u8] = include_bytes!("../assets/fonts/NotoSansDevanagari-Bold.ttf");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Devanagari,
}

struct Face {
    font: Font,
    shaper: rustybuzz::Face<'static>,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Option<Self> {
        Some(Self { font: Font::new(Data::from(bytes), 0)?, shaper: rustybuzz::Face::from_slice(bytes, 0)? })
    }
}

struct Faces {
    sans: Face,
    sans_bold: Face,
    devanagari: Face,
    devanagari_bold: Face,
}

static FACES: LazyLock<Option<Faces>> = LazyLock::new(|| {
    Some(Faces {
        sans: Face::load(SANS)?,
        sans_bold: Face::load(SANS_BOLD)?,
        devanagari: Face::load(DEVANAGARI)?,
        devanagari_bold: Face::load(DEVANAGARI_BOLD)?,
    })
});

fn face(script: Script, weight: Weight) -> Option<&'static Face> {
    let faces = FACES.as_ref()?;
    Some(match (script, weight) {
        (Script::Latin, Weight::Regular) => &faces.sans,
        (Script::Latin, Weight::Bold) => &faces.sans_bold,
        (Script::Devanagari, Weight::Regular) => &faces.devanagari,
        (Script::Devanagari, Weight::Bold) => &faces.devanagari_bold,
    })
}

/// Whether the embedded fonts load (they are compiled in; a test keeps it so).
pub fn available() -> bool {
    FACES.is_some()
}

fn script_of(ch: char) -> Option<Script> {
    match ch {
        '\u{0900}'..='\u{097F}' | '\u{A8E0}'..='\u{A8FF}' | '\u{1CD0}'..='\u{1CFF}' => Some(Script::Devanagari),
        // Spaces, digits and punctuation join the run they are in.
        _ if ch.is_whitespace() || ch.is_ascii_punctuation() || ch.is_ascii_digit() => None,
        _ => Some(Script::Latin),
    }
}

/// A piece of text in one script, with the font that draws it and its width at `size`.
pub struct Run<'a> {
    pub text: &'a str,
    pub font: Font,
    pub width: f32,
}

/// `text` cut into runs of one script each, measured at `size` points.
pub fn runs(text: &str, weight: Weight, size: f32) -> Vec<Run<'_>> {
    let mut pieces: Vec<(Script, usize, usize)> = Vec::new();
    for (at, ch) in text.char_indices() {
        let end = at + ch.len_utf8();
        match (script_of(ch), pieces.last_mut()) {
            (None, Some(last)) => last.2 = end,
            (Some(script), Some(last)) if last.0 == script => last.2 = end,
            (script, _) => pieces.push((script.unwrap_or(Script::Latin), at, end)),
        }
    }
    pieces
        .into_iter()
        .filter_map(|(script, start, end)| {
            let face = face(script, weight)?;
            let text = &text[start..end];
            Some(Run { text, font: face.font.clone(), width: measure(&face.shaper, text, size) })
        })
        .collect()
}

fn measure(shaper: &rustybuzz::Face<'static>, text: &str, size: f32) -> f32 {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(shaper, &[], buffer);
    let advance: i64 = shaped.glyph_positions().iter().map(|p| i64::from(p.x_advance)).sum();
    advance as f32 * size / shaper.units_per_em() as f32
}

/// The width of `text` at `size` points.
pub fn width(text: &str, weight: Weight, size: f32) -> f32 {
    runs(text, weight, size).iter().map(|run| run.width).sum()
}

/// `text`, shortened with an ellipsis until it fits `max` points.
pub fn fit(text: &str, weight: Weight, size: f32, max: f32) -> String {
    if width(text, weight, size) <= max {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>() + "…";
        if width(&candidate, weight, size) <= max {
            return candidate;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fonts_load() {
        assert!(available());
    }

    #[test]
    fn mixed_text_is_split_by_script() {
        let runs = runs("Bill of dispatch / प्रेषण बिल", Weight::Bold, 12.0);
        let texts: Vec<&str> = runs.iter().map(|r| r.text).collect();
        assert_eq!(texts, ["Bill of dispatch / ", "प्रेषण बिल"]);
        assert!(runs.iter().all(|r| r.width > 0.0));
    }

    #[test]
    fn long_text_is_shortened_to_fit() {
        let wide = "Sri Ganganagar Seed Corporation Central Warehouse";
        let short = fit(wide, Weight::Regular, 10.0, 100.0);
        assert!(short.ends_with('…') && width(&short, Weight::Regular, 10.0) <= 100.0, "{short}");
        assert_eq!(fit("SB00001", Weight::Regular, 10.0, 100.0), "SB00001");
    }
}
