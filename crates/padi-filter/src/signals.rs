//! The measurements the rules compare against thresholds. Each is a pure function of the text
//! (or of its words), so results never depend on batching or threads.

use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher};

use xxhash_rust::xxh3::xxh3_64;

use crate::classes::{Classes, NUMBER, SEPARATOR, SYMBOL, WORD};
use crate::words::Token;

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
        Self::with_tokens(text, &mut Vec::new())
    }

    /// The counts, and the whitespace/ZWSP-separated tokens appended to `tokens`: one pass
    /// classifies each character once for both (the word splitter starts from the tokens).
    pub(crate) fn with_tokens(text: &str, tokens: &mut Vec<Token>) -> Self {
        let classes = Classes::get();
        // Plain locals, not structs: the loop state stays in registers.
        let (mut chars, mut visible, mut symbols, mut digits, mut replacement) = (0, 0, 0, 0, 0);
        let mut in_token = false;
        let (mut token_start, mut union, mut nonword) = (0, 0, false);
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(&lead) = bytes.get(at) {
            let here = at;
            // ASCII (most bytes of most text) needs no decoding.
            let (class, is_replacement) = if lead.is_ascii() {
                at += 1;
                (classes.of_ascii(lead), false)
            } else {
                let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                at += c.len_utf8();
                (classes.of(c), c == '\u{FFFD}')
            };
            chars += 1;
            if class & SEPARATOR != 0 {
                if in_token {
                    tokens.push(Token::new(token_start..here, union, nonword));
                    in_token = false;
                }
                continue;
            }
            visible += 1;
            symbols += u64::from(class & SYMBOL != 0);
            digits += u64::from(class & NUMBER != 0);
            replacement += u64::from(is_replacement);
            if !in_token {
                in_token = true;
                (token_start, union, nonword) = (here, 0, false);
            }
            union |= class;
            nonword |= class & WORD == 0;
        }
        if in_token {
            tokens.push(Token::new(token_start..text.len(), union, nonword));
        }
        CharCounts {
            chars,
            visible,
            symbols,
            digits,
            replacement,
        }
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
            '"' | '\''
                | ')'
                | ']'
                | '}'
                | '’'
                | '”'
                | '»'
                | '›'
                | '」'
                | '』'
                | '）'
                | '】'
                | '〕'
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

/// Keys that are already xxh3 hashes go into hash tables as they are (no second hashing).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Prehashed;

#[derive(Debug, Default)]
pub(crate) struct PrehashedHasher(u64);

impl Hasher for PrehashedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; this keeps the hasher correct for any other key anyway.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

impl BuildHasher for Prehashed {
    type Hasher = PrehashedHasher;
    fn build_hasher(&self) -> PrehashedHasher {
        PrehashedHasher(0)
    }
}

/// Gopher duplicate statistics over items (lines or paragraphs): the share of items that
/// repeat an earlier item, and the share of the items' characters in those repeats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Duplicates {
    pub fraction: f64,
    pub char_fraction: f64,
}

pub fn duplicates(items: &[&str]) -> Duplicates {
    if items.len() < 2 {
        // Nothing can repeat; skips hashing the whole text of one-paragraph documents.
        return Duplicates {
            fraction: 0.0,
            char_fraction: 0.0,
        };
    }
    // Items are compared by 64-bit xxh3: a collision (about 2^-64 per pair) would count a
    // line as repeated; deterministic either way.
    let mut seen: HashSet<u64, Prehashed> =
        HashSet::with_capacity_and_hasher(items.len(), Prehashed);
    let mut repeated_chars = 0u64;
    let mut repeated = 0u64;
    for item in items {
        if !seen.insert(xxh3_64(item.as_bytes())) {
            repeated += 1;
            repeated_chars += item.chars().count() as u64;
        }
    }
    // Characters are only counted when something repeats (rare): one pass fewer.
    let total_chars = if repeated == 0 {
        0
    } else {
        items.iter().map(|i| i.chars().count() as u64).sum()
    };
    Duplicates {
        fraction: ratio(repeated, items.len() as u64),
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

/// Base of the polynomial rolling hash over word hashes (odd, so multiplication mod 2^64 is
/// invertible and windows stay distinct).
const ROLL_BASE: u64 = 0x0000_0100_0000_01B3;

/// Hashes of all windows of `n` consecutive words, in order, by a rolling polynomial over
/// word hashes.
fn window_hashes(word_hashes: &[u64], n: usize) -> impl Iterator<Item = u64> + '_ {
    let top_power = (1..n).fold(1u64, |p, _| p.wrapping_mul(ROLL_BASE));
    let first = word_hashes.get(..n).map(|w| {
        w.iter()
            .fold(0u64, |h, &x| h.wrapping_mul(ROLL_BASE).wrapping_add(x))
    });
    let rolled = word_hashes.iter().zip(word_hashes.iter().skip(n)).scan(
        first.unwrap_or(0),
        move |h, (&leaving, &entering)| {
            *h = h
                .wrapping_sub(leaving.wrapping_mul(top_power))
                .wrapping_mul(ROLL_BASE)
                .wrapping_add(entering);
            Some(*h)
        },
    );
    first.into_iter().chain(rolled)
}

/// A count of window hashes: open addressing with linear probing, reused across the passes
/// of [`ngram_repetition`] and across documents of a thread. A slot belongs to the current
/// pass only if it carries the pass's generation, so starting a pass clears nothing.
#[derive(Debug, Default)]
struct WindowCounts {
    slots: Vec<WindowSlot>,
    /// The pass uses `slots[..=mask]` only: a table grown for a long document does not
    /// spread a short one over memory.
    mask: usize,
    generation: u32,
}

#[derive(Debug, Default, Clone, Copy)]
struct WindowSlot {
    hash: u64,
    /// Position of the first window with this hash.
    first: usize,
    count: usize,
    generation: u32,
}

/// Tables above this many slots are given back when a much smaller one would do, so one huge
/// document does not pin its table to the thread.
const KEEP_SLOTS: usize = 1 << 16;

impl WindowCounts {
    /// Starts a pass over `windows` hashes: an empty table with room for all of them.
    fn start(&mut self, windows: usize) {
        // At most half full, so probe sequences stay short and always end.
        let size = (windows * 2).next_power_of_two().max(16);
        let too_big = self.slots.len() > size.max(KEEP_SLOTS);
        if self.slots.len() < size || too_big || self.generation == u32::MAX {
            self.slots = vec![WindowSlot::default(); size];
            self.generation = 0;
        }
        self.mask = size - 1;
        self.generation += 1;
    }

    /// The slot of `hash` in this pass; a new slot (count 0) records `position` as first.
    fn entry(&mut self, hash: u64, position: usize) -> &mut WindowSlot {
        let mask = self.mask;
        // Fibonacci hashing: the high bits of the product mix every bit of the hash.
        let mut i = (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot.generation != self.generation {
                self.slots[i] = WindowSlot {
                    hash,
                    first: position,
                    count: 0,
                    generation: self.generation,
                };
                return &mut self.slots[i];
            }
            if slot.hash == hash {
                return &mut self.slots[i];
            }
            i = (i + 1) & mask;
        }
    }
}

thread_local! {
    static WINDOW_COUNTS: RefCell<WindowCounts> = RefCell::new(WindowCounts::default());
}

/// The count and first position of the most frequent window hash; ties go to the hash seen
/// first, for determinism.
fn most_frequent(
    windows: impl Iterator<Item = u64>,
    count: usize,
    counts: &mut WindowCounts,
) -> (usize, usize) {
    counts.start(count);
    let mut best = (0, 0);
    for (position, hash) in windows.enumerate() {
        let slot = counts.entry(hash, position);
        slot.count += 1;
        // Every hash tied at the final maximum passes this test when it reaches it, so the
        // earliest first position among them wins.
        if slot.count > best.0 || (slot.count == best.0 && slot.first < best.1) {
            best = (slot.count, slot.first);
        }
    }
    best
}

/// xxh3 of a word: the identity of words in n-grams and stopword lookups.
pub fn word_hash(word: &str) -> u64 {
    xxh3_64(word.as_bytes())
}

/// [`word_hash`] of each word.
pub fn word_hashes(words: &[&str]) -> Vec<u64> {
    words.iter().map(|w| word_hash(w)).collect()
}

/// Repetition of `words` (with their [`word_hashes`]) relative to a text of `text_chars`.
pub fn ngram_repetition(words: &[&str], word_hashes: &[u64], text_chars: u64) -> NgramRepetition {
    // Only repeated windows need their length, so it is counted on demand.
    let span_chars = |start: usize, n: usize| -> u64 {
        words
            .get(start..start + n)
            .unwrap_or_default()
            .iter()
            .map(|w| w.chars().count() as u64)
            .sum()
    };
    // Windows of n words in a text of `words.len()` words.
    let window_count = |n: usize| (words.len() + 1).saturating_sub(n);
    WINDOW_COUNTS.with_borrow_mut(|counts| {
        let mut top = [0.0; 3];
        let mut top_count = 0;
        for (slot, n) in (2..=4).enumerate() {
            let (count, first) =
                most_frequent(window_hashes(word_hashes, n), window_count(n), counts);
            top_count = count;
            // No repeated n-gram means no longer n-gram repeats either.
            if count < 2 {
                break;
            }
            top[slot] = ratio(count as u64 * span_chars(first, n), text_chars);
        }

        let mut duplicate = [0.0; 6];
        // No repeated 4-gram (or shorter) means no repeated 5-gram.
        if top_count < 2 {
            return NgramRepetition { top, duplicate };
        }
        for (slot, n) in (5..=10).enumerate() {
            // No repeated 5-gram means no longer n-gram repeats either: skip the other passes.
            if slot > 0 && duplicate[0] == 0.0 {
                break;
            }
            counts.start(window_count(n));
            let mut repeated_chars = 0;
            // Windows overlapping a counted repeat are skipped (not counted, not recorded).
            let mut next_start = 0;
            for (start, key) in window_hashes(word_hashes, n).enumerate() {
                if start < next_start {
                    continue;
                }
                let seen = counts.entry(key, start);
                if seen.count == 0 {
                    seen.count = 1;
                    next_start = start + 1;
                } else {
                    repeated_chars += span_chars(start, n);
                    next_start = start + n;
                }
            }
            duplicate[slot] = ratio(repeated_chars, text_chars);
        }
        NgramRepetition { top, duplicate }
    })
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
        let d = duplicates(&["ab", "cd", "ab", "ab"]);
        assert_eq!(d.fraction, 0.5);
        assert_eq!(d.char_fraction, 0.5);
    }

    #[test]
    fn rolling_window_hashes_equal_direct_ones() {
        let hashes: Vec<u64> = (0..30u64).map(|i| xxh3_64(&i.to_le_bytes())).collect();
        for n in 1..=10 {
            let rolled: Vec<u64> = window_hashes(&hashes, n).collect();
            let direct: Vec<u64> = hashes
                .windows(n)
                .map(|w| {
                    w.iter()
                        .fold(0u64, |h, &x| h.wrapping_mul(ROLL_BASE).wrapping_add(x))
                })
                .collect();
            assert_eq!(rolled, direct, "n = {n}");
        }
    }

    #[test]
    fn ngram_repetition_matches_hand_count() {
        // "a b a b a b": top 2-gram "a b" occurs 3 times (overlap counted as in Gopher).
        let words = ["a", "b", "a", "b", "a", "b"];
        let r = ngram_repetition(&words, &word_hashes(&words), 11);
        assert!((r.top[0] - 6.0 / 11.0).abs() < 1e-9, "{r:?}");
        let distinct: Vec<String> = (0..20).map(|i| format!("w{i}")).collect();
        let distinct: Vec<&str> = distinct.iter().map(String::as_str).collect();
        let r = ngram_repetition(&distinct, &word_hashes(&distinct), 60);
        assert_eq!(r.top, [0.0; 3]);
        assert_eq!(r.duplicate, [0.0; 6]);
        // Ten words twice: the second copy of each 5-gram window is repeated.
        let twice: Vec<&str> = distinct[..10]
            .iter()
            .chain(&distinct[..10])
            .copied()
            .collect();
        let r = ngram_repetition(&twice, &word_hashes(&twice), 60);
        assert!(r.duplicate[0] > 0.2, "{r:?}");
    }
}
