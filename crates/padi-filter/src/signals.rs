//! The measurements the rules compare against thresholds. Each is a pure function of the text
//! (or of its words), so results never depend on batching or threads.

use std::collections::{HashMap, HashSet};

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
use xxhash_rust::xxh3::xxh3_64;

use crate::words::is_separator;

/// Character counts from one pass over the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CharCounts {
    /// All characters (Unicode scalar values).
    pub chars: u64,
    /// Characters that are not whitespace or ZWSP.
    pub visible: u64,
    /// Punctuation and symbols (general categories P* and S*).
    pub symbols: u64,
    /// Numbers (general category N*: ASCII, Thai, Khmer, Myanmar digits, …).
    pub digits: u64,
    /// U+FFFD replacement characters.
    pub replacement: u64,
}

impl CharCounts {
    pub fn of(text: &str) -> Self {
        let mut counts = CharCounts::default();
        for c in text.chars() {
            counts.chars += 1;
            if c.is_ascii() {
                if c.is_ascii_whitespace() {
                    continue;
                }
                counts.visible += 1;
                if c.is_ascii_punctuation() {
                    counts.symbols += 1;
                } else if c.is_ascii_digit() {
                    counts.digits += 1;
                }
                continue;
            }
            if is_separator(c) {
                continue;
            }
            counts.visible += 1;
            if c == '\u{FFFD}' {
                counts.replacement += 1;
            }
            match c.general_category_group() {
                GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol => {
                    counts.symbols += 1
                }
                GeneralCategoryGroup::Number => counts.digits += 1,
                _ => {}
            }
        }
        counts
    }

    pub fn symbol_ratio(&self) -> f64 {
        ratio(self.symbols, self.visible)
    }

    pub fn digit_ratio(&self) -> f64 {
        ratio(self.digits, self.visible)
    }

    pub fn replacement_ratio(&self) -> f64 {
        ratio(self.replacement, self.chars)
    }
}

/// `part / whole`, 0 for an empty whole.
pub fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Characters that end a sentence. Burmese `၊` (U+104A) is a comma and Thai `ฯ` (U+0E2F) an
/// abbreviation mark, so neither is here.
fn is_sentence_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | '｡' | '．'
        | '။'                   // Myanmar section (full stop)
        | '។' | '៕'             // Khmer khan, bariyoosan
        | '।' | '॥'             // Devanagari danda, double danda
        | '؟' | '۔'             // Arabic question mark, full stop
        | '๚' | '๛'             // Thai angkhankhu, khomut (old-style terminators)
        | '꧉'                   // Javanese pada lungsi
        | '᜶'                   // Philippine double punctuation (Baybayin)
        | '\u{1AA8}'..='\u{1AAB}' // Tai Tham signs kaan, kaankuu, satkaan, satkaankuu
    )
}

/// Characters that may follow the terminator at a line end: closing quotes and brackets,
/// invisible format characters (Khmer text often ends in ZWSP), whitespace.
fn is_line_end_trailer(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | ')' | ']' | '}' | '’' | '”' | '»' | '›' | '」' | '』' | '）' | '】' | '〕'
                | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// Whether a line ends in sentence punctuation (ignoring closing quotes and invisibles).
pub fn ends_in_terminator(line: &str) -> bool {
    line.trim_end_matches(is_line_end_trailer)
        .chars()
        .next_back()
        .is_some_and(is_sentence_terminator)
}

/// Non-empty lines (trimmed) of the text.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').map(str::trim).filter(|l| !l.is_empty())
}

/// Paragraphs: runs of non-empty lines separated by blank lines, trimmed.
pub fn paragraphs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        if raw.trim().is_empty() {
            if let Some(s) = start.take() {
                out.extend(text.get(s..end).map(str::trim));
            }
        } else {
            start.get_or_insert(line_start);
            end = offset;
        }
    }
    if let Some(s) = start {
        out.extend(text.get(s..end).map(str::trim));
    }
    out
}

/// Gopher duplicate statistics over items (lines or paragraphs): the share of items that
/// repeat an earlier item, and the share of the items' characters in those repeats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Duplicates {
    pub fraction: f64,
    pub char_fraction: f64,
}

pub fn duplicates<'a>(items: impl IntoIterator<Item = &'a str>) -> Duplicates {
    let mut seen: HashSet<&str> = HashSet::new();
    let (mut total, mut repeated, mut total_chars, mut repeated_chars) = (0u64, 0u64, 0u64, 0u64);
    for item in items {
        let chars = item.chars().count() as u64;
        total += 1;
        total_chars += chars;
        if !seen.insert(item) {
            repeated += 1;
            repeated_chars += chars;
        }
    }
    Duplicates {
        fraction: ratio(repeated, total),
        char_fraction: ratio(repeated_chars, total_chars),
    }
}

/// Gopher n-gram repetition over the word sequence, as shares of `text_chars`:
/// `top[n-2]` for n = 2..=4 is the character share of the most frequent n-gram (all its
/// occurrences); `duplicate[n-5]` for n = 5..=10 the share of characters in n-grams seen
/// before (non-overlapping, as in Gopher and datatrove).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NgramRepetition {
    pub top: [f64; 3],
    pub duplicate: [f64; 6],
}

pub fn ngram_repetition(words: &[&str], text_chars: u64) -> NgramRepetition {
    // Words become ids and n-grams hashes of id windows: no string joining per n-gram.
    let mut ids: HashMap<&str, u32> = HashMap::with_capacity(words.len());
    let mut seq = Vec::with_capacity(words.len());
    let mut lens = Vec::with_capacity(words.len());
    for w in words {
        let next = ids.len() as u32;
        seq.push(*ids.entry(w).or_insert(next));
        lens.push(w.chars().count() as u64);
    }
    let key = |start: usize, n: usize| -> u64 {
        let mut bytes = [0u8; 40];
        for (k, id) in seq[start..start + n].iter().enumerate() {
            bytes[k * 4..k * 4 + 4].copy_from_slice(&id.to_le_bytes());
        }
        xxh3_64(&bytes[..n * 4])
    };
    let span_chars = |start: usize, n: usize| -> u64 { lens[start..start + n].iter().sum() };

    let mut top = [0.0; 3];
    let mut counts: HashMap<u64, (u64, usize)> = HashMap::new();
    for (slot, n) in (2..=4).enumerate() {
        if seq.len() < n {
            break;
        }
        counts.clear();
        for start in 0..=seq.len() - n {
            counts.entry(key(start, n)).or_insert((0, start)).0 += 1;
        }
        // Ties between n-grams with equal counts: the one seen first, for determinism.
        let best = counts
            .values()
            .max_by_key(|(count, first)| (*count, std::cmp::Reverse(*first)));
        if let Some(&(count, first)) = best {
            if count > 1 {
                top[slot] = ratio(count * span_chars(first, n), text_chars);
            }
        }
    }

    let mut duplicate = [0.0; 6];
    let mut seen: HashSet<u64> = HashSet::new();
    for (slot, n) in (5..=10).enumerate() {
        if seq.len() < n {
            break;
        }
        seen.clear();
        let mut repeated_chars = 0;
        let mut start = 0;
        while start + n <= seq.len() {
            if seen.insert(key(start, n)) {
                start += 1;
            } else {
                repeated_chars += span_chars(start, n);
                start += n;
            }
        }
        duplicate[slot] = ratio(repeated_chars, text_chars);
    }
    NgramRepetition { top, duplicate }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminators_know_southeast_asian_marks() {
        assert!(ends_in_terminator("မြန်မာစာ။"));
        assert!(ends_in_terminator("ភាសាខ្មែរ។\u{200B}"));
        assert!(ends_in_terminator("He said \"stop.\""));
        assert!(ends_in_terminator("हिन्दी।"));
        // Burmese little section is a comma; Thai paiyannoi abbreviates.
        assert!(!ends_in_terminator("မြန်မာစာ၊"));
        assert!(!ends_in_terminator("กรุงเทพฯ"));
        assert!(!ends_in_terminator("Home | About | Contact"));
    }

    #[test]
    fn char_counts_classify_scripts_correctly() {
        // Thai vowels/tones, Khmer coeng and Myanmar medials are marks, not symbols.
        let c = CharCounts::of("ไม่ใช่ ខ្មែរ မြန်မာ");
        assert_eq!(c.symbols, 0);
        assert_eq!(c.digits, 0);
        let c = CharCounts::of("$$$ ### !!! ๑๒ 12 \u{FFFD}");
        assert_eq!(c.symbols, 10);
        assert_eq!(c.digits, 4);
        assert_eq!(c.replacement, 1);
        assert_eq!(c.visible, 14);
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(paragraphs("a\nb\n\n\nc \n  \nd"), ["a\nb", "c", "d"]);
        assert!(paragraphs("\n \n").is_empty());
    }

    #[test]
    fn duplicate_lines_are_counted_after_first() {
        let d = duplicates(["ab", "cd", "ab", "ab"]);
        assert_eq!(d.fraction, 0.5);
        assert_eq!(d.char_fraction, 0.5);
    }

    #[test]
    fn ngram_repetition_matches_hand_count() {
        // "a b a b a b": top 2-gram "a b" occurs 3 times (overlap counted as in Gopher).
        let words = ["a", "b", "a", "b", "a", "b"];
        let r = ngram_repetition(&words, 11);
        assert!((r.top[0] - 6.0 / 11.0).abs() < 1e-9, "{r:?}");
        let distinct: Vec<String> = (0..20).map(|i| format!("w{i}")).collect();
        let distinct: Vec<&str> = distinct.iter().map(String::as_str).collect();
        let r = ngram_repetition(&distinct, 60);
        assert_eq!(r.top, [0.0; 3]);
        assert_eq!(r.duplicate, [0.0; 6]);
        // Ten words twice: the second copy of each 5-gram window is repeated.
        let twice: Vec<&str> = distinct[..10].iter().chain(&distinct[..10]).copied().collect();
        let r = ngram_repetition(&twice, 60);
        assert!(r.duplicate[0] > 0.2, "{r:?}");
    }
}
