//! One pass over a text that tells which steps can have anything to do, so that clean text
//! (the common case) costs one scan instead of one per rule.

use crate::invisible::is_invisible_target;

/// What a text contains, as far as the rules care.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Scan {
    pub(crate) ascii: bool,
    /// CR, U+2028, U+2029.
    pub(crate) line_breaks: bool,
    /// Controls, BOMs, format characters, bidi marks, U+FFFD.
    pub(crate) invisible: bool,
    pub(crate) zwsp: bool,
    /// Combining circumflex or breve (decomposed Vietnamese).
    pub(crate) quality_marks: bool,
    pub(crate) thai_lao: bool,
    pub(crate) khmer: bool,
    pub(crate) myanmar: bool,
    /// U+2000–200A, U+205F, U+1680.
    pub(crate) space_variants: bool,
}

impl Scan {
    pub(crate) fn of(text: &str) -> Scan {
        if text.is_ascii() {
            let bytes = text.as_bytes();
            return Scan {
                ascii: true,
                line_breaks: bytes.contains(&b'\r'),
                invisible: bytes
                    .iter()
                    .any(|&b| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7F),
                ..Scan::default()
            };
        }
        let mut scan = Scan::default();
        for c in text.chars() {
            if c.is_ascii_graphic() || c == ' ' {
                continue;
            }
            match c {
                '\r' | '\u{2028}' | '\u{2029}' => scan.line_breaks = true,
                '\u{200B}' => scan.zwsp = true,
                '\u{0302}' | '\u{0306}' => scan.quality_marks = true,
                '\u{0E00}'..='\u{0EFF}' => scan.thai_lao = true,
                '\u{1780}'..='\u{17FF}' => scan.khmer = true,
                '\u{1000}'..='\u{109F}' => scan.myanmar = true,
                '\u{2000}'..='\u{200A}' | '\u{205F}' | '\u{1680}' => scan.space_variants = true,
                _ => scan.invisible |= is_invisible_target(c),
            }
        }
        // A lone CR is also a control; line endings handle it first.
        scan.invisible |= scan.line_breaks && text.contains('\r');
        scan
    }
}
