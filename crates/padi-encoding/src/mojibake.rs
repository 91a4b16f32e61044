//! Repair of text that was decoded with the wrong encoding and saved again as UTF-8.

use serde::{Serialize, Serializer};

use crate::decode::decode_all;
use crate::detect::{best_vietnamese_decoding, Encoding};
use crate::thai::ThaiScore;
use crate::vietnamese::VietnameseScore;

/// A kind of mojibake that [`repair_mojibake`] undoes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Repair {
    /// UTF-8 bytes read as windows-1252 (`Viá»‡t` for `Việt`).
    Utf8AsCp1252,
    /// TIS-620 Thai bytes read as Latin-1 (`¡ÃÐ·ÃÇ§` for `กระทรวง`).
    Tis620AsLatin1,
    /// TCVN3 bytes read as windows-1252 (`ViÖt` for `Việt`).
    Tcvn3AsCp1252,
    /// VISCII bytes read as windows-1252.
    VisciiAsCp1252,
    /// VNI font text read as windows-1252 (`Vieät` for `Việt`).
    VniAsCp1252,
    /// windows-1258 bytes read as windows-1252.
    Windows1258AsCp1252,
}

impl Repair {
    /// A stable label for records and statistics.
    pub fn label(&self) -> &'static str {
        match self {
            Repair::Utf8AsCp1252 => "utf8-as-cp1252",
            Repair::Tis620AsLatin1 => "tis620-as-latin1",
            Repair::Tcvn3AsCp1252 => "tcvn3-as-cp1252",
            Repair::VisciiAsCp1252 => "viscii-as-cp1252",
            Repair::VniAsCp1252 => "vni-as-cp1252",
            Repair::Windows1258AsCp1252 => "windows-1258-as-cp1252",
        }
    }
}

impl Serialize for Repair {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

/// Undoes mojibake in `text`; `None` when there is none.
///
/// Repairs only on unambiguous evidence, so correct text with accented letters ("São Paulo",
/// "Ñandú", "Tiếng Việt") is never touched. Line by line:
/// - UTF-8 read as windows-1252: every character of the line maps back to a windows-1252 byte
///   and the bytes are valid UTF-8 with at least two non-ASCII characters or one beyond
///   U+07FF (real text practically never spells valid UTF-8 that way).
/// - TIS-620 read as Latin-1: every non-ASCII character is at a TIS-620 letter position, and
///   the Thai they spell is well formed (vowel signs and tone marks follow consonants).
///
/// Then for the whole text, Vietnamese legacy encodings read as windows-1252 (TCVN3, VISCII,
/// VNI, windows-1258): the text maps back to windows-1252 bytes, one of these encodings makes
/// them clearly Vietnamese (as in [`detect`](crate::detect)), and the text as it stands is not.
/// TCVN3 and windows-1258 give combining tone marks: apply NFC after.
///
/// The kinds are tried in this order and the first that applies is the one reported.
pub fn repair_mojibake(text: &str) -> Option<(String, Repair)> {
    [
        (
            Repair::Utf8AsCp1252,
            repair_utf8_as_cp1252 as fn(&str) -> Option<String>,
        ),
        (Repair::Tis620AsLatin1, repair_tis620_as_latin1),
    ]
    .into_iter()
    .find_map(|(kind, repair_line)| repair_lines(text, repair_line).map(|fixed| (fixed, kind)))
    .or_else(|| repair_vietnamese_as_cp1252(text))
}

fn repair_vietnamese_as_cp1252(text: &str) -> Option<(String, Repair)> {
    // Fails fast on real Vietnamese and most other scripts.
    let bytes = text.chars().map(cp1252_byte).collect::<Option<Vec<u8>>>()?;
    // Cheap necessary condition for the test below (non-ASCII bytes stay non-ASCII in every
    // candidate decoding): most words, and at least eight, have a non-ASCII character.
    let (words, accented) = text
        .split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .fold((0usize, 0usize), |(words, accented), word| {
            (words + 1, accented + usize::from(!word.is_ascii()))
        });
    if accented < 8 || accented * 2 < words {
        return None;
    }
    let (encoding, score) = best_vietnamese_decoding(&bytes)?;
    // Stricter than detection, which also has invalid UTF-8 as evidence: real Vietnamese has
    // diacritics on most syllables, while Acehnese or Turkish text read this way ("laôt",
    // "ngön") makes a few Vietnamese-looking words.
    let current = VietnameseScore::of(text);
    if score.vietnamese < 8
        || score.vietnamese * 2 < score.words
        || current.is_vietnamese()
        || current.quality() + 0.25 > score.quality()
    {
        return None;
    }
    let repair = match encoding {
        Encoding::Tcvn3 => Repair::Tcvn3AsCp1252,
        Encoding::Viscii => Repair::VisciiAsCp1252,
        Encoding::Vni => Repair::VniAsCp1252,
        _ => Repair::Windows1258AsCp1252,
    };
    Some((decode_all(encoding, &bytes), repair))
}

fn repair_lines(text: &str, repair_line: fn(&str) -> Option<String>) -> Option<String> {
    // Built only from the first repaired line on: most texts need no repair and are not copied.
    let mut out: Option<String> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        match (repair_line(line), &mut out) {
            (Some(fixed), Some(out)) => out.push_str(&fixed),
            (Some(fixed), None) => {
                let mut started = String::with_capacity(text.len());
                started.push_str(&text[..offset]);
                started.push_str(&fixed);
                out = Some(started);
            }
            (None, Some(out)) => out.push_str(line),
            (None, None) => {}
        }
        offset += line.len();
    }
    out
}

/// Characters of windows-1252 bytes 0x80..=0x9F; the five bytes it leaves undefined decode
/// to the C1 control of the same number (as in encoding_rs and the WHATWG standard).
const CP1252_HIGH_CONTROLS: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

fn cp1252_byte(c: char) -> Option<u8> {
    match u32::from(c) {
        0..=0x7F | 0xA0..=0xFF => u8::try_from(u32::from(c)).ok(),
        _ => CP1252_HIGH_CONTROLS
            .iter()
            .position(|x| *x == c)
            .and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

fn repair_utf8_as_cp1252(line: &str) -> Option<String> {
    if line.is_ascii() {
        return None;
    }
    let bytes = line.chars().map(cp1252_byte).collect::<Option<Vec<u8>>>()?;
    let fixed = String::from_utf8(bytes).ok()?;
    let mut non_ascii = fixed.chars().filter(|c| !c.is_ascii());
    let strong = non_ascii.clone().count() >= 2 || non_ascii.any(|c| c > '\u{7FF}');
    strong.then_some(fixed)
}

/// Latin-1 characters at the positions of TIS-620 letters, digits and signs.
fn is_tis620_position(c: char) -> bool {
    matches!(c, '\u{A1}'..='\u{DA}' | '\u{DF}'..='\u{FB}')
}

fn repair_tis620_as_latin1(line: &str) -> Option<String> {
    // Latin-1 characters only, and most of them at TIS-620 letter positions.
    let mut thai_positions = 0usize;
    let mut bytes = Vec::with_capacity(line.len());
    for c in line.chars() {
        let byte = u8::try_from(u32::from(c)).ok()?;
        if !c.is_ascii() && !is_tis620_position(c) && c != '\u{A0}' {
            return None;
        }
        thai_positions += usize::from(is_tis620_position(c));
        bytes.push(byte);
    }
    if thai_positions < 4 {
        return None;
    }
    let (fixed, _, _) = encoding_rs::WINDOWS_874.decode(&bytes);
    ThaiScore::of(&fixed).is_thai().then(|| fixed.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp1252_table_matches_encoding_rs() {
        for byte in 0x80..=0x9Fu8 {
            let input = [byte];
            let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(&input);
            let c = decoded.chars().next().unwrap();
            assert_eq!(cp1252_byte(c), Some(byte), "{byte:#x}");
        }
    }

    #[test]
    fn repairs_crafted_mojibake() {
        let (fixed, _) = repair_mojibake("São Paulo\nTiáº¿ng Viá»‡t\nÑandú").unwrap();
        assert_eq!(fixed, "São Paulo\nTiếng Việt\nÑandú");
        let (fixed, kind) = repair_mojibake("Tiáº¿ng Viá»‡t\n").unwrap();
        assert_eq!(
            (fixed.as_str(), kind),
            ("Tiếng Việt\n", Repair::Utf8AsCp1252)
        );
        let (fixed, kind) = repair_mojibake(
            "Tröôøng ñaïi hoïc cuûa chuùng toâi ôû Vieät Nam coù nhieàu sinh vieân gioûi",
        )
        .unwrap();
        assert_eq!(
            (fixed.as_str(), kind),
            (
                "Trường đại học của chúng tôi ở Việt Nam có nhiều sinh viên giỏi",
                Repair::VniAsCp1252
            )
        );
        let (fixed, kind) = repair_mojibake("¡ÃÐ·ÃÇ§").unwrap();
        assert_eq!((fixed.as_str(), kind), ("กระทรวง", Repair::Tis620AsLatin1));
        assert_eq!(kind.label(), "tis620-as-latin1");
    }

    #[test]
    fn leaves_correct_text_alone() {
        for text in [
            "São Paulo",
            "Ñandú",
            "Tiếng Việt",
            "Tôi là ai và có",
            "¡Qué niño más simpático!",
            "L'élève a été reçu à l'école",
            "Ã",
            "กระทรวง",
            "plain ASCII",
        ] {
            assert_eq!(repair_mojibake(text), None, "{text}");
        }
    }
}
