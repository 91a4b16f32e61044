//! Character classes from one table lookup: every per-character question the signals and the
//! word splitter ask (separator? letter, mark, number, symbol? unspaced script? Han/kana?
//! uppercase?) is answered by one byte, so each character is classified once instead of by
//! several Unicode property searches.

use std::sync::LazyLock;

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// Unicode White_Space, or ZWSP (not White_Space, but the word separator of Thai, Lao, Khmer
/// and Myanmar text, GUIDE §5).
pub(crate) const SEPARATOR: u8 = 1 << 0;
/// General category L*.
pub(crate) const LETTER: u8 = 1 << 1;
/// General category M* (Thai vowels and tones, Khmer coeng, Myanmar medials).
pub(crate) const MARK: u8 = 1 << 2;
/// General category N* (ASCII, Thai, Lao, Khmer, Myanmar digits, …).
pub(crate) const NUMBER: u8 = 1 << 3;
/// General categories P* and S*.
pub(crate) const SYMBOL: u8 = 1 << 4;
/// Thai, Lao, Myanmar and Khmer blocks: scripts written without spaces between words.
pub(crate) const UNSPACED: u8 = 1 << 5;
/// Han and kana: one character, one word.
pub(crate) const CJK: u8 = 1 << 6;
/// `char::is_uppercase`.
pub(crate) const UPPER: u8 = 1 << 7;

/// Letters, marks and numbers: what a word is made of.
pub(crate) const WORD: u8 = LETTER | MARK | NUMBER;

/// The class byte of `c`, from the Unicode properties (the table is built from this).
fn classify(c: char) -> u8 {
    let mut class = match c.general_category_group() {
        GeneralCategoryGroup::Letter => LETTER,
        GeneralCategoryGroup::Mark => MARK,
        GeneralCategoryGroup::Number => NUMBER,
        GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol => SYMBOL,
        GeneralCategoryGroup::Separator | GeneralCategoryGroup::Other => 0,
    };
    if c.is_whitespace() || c == '\u{200B}' {
        class |= SEPARATOR;
    }
    if matches!(c,
        '\u{0E00}'..='\u{0E7F}'   // Thai
        | '\u{0E80}'..='\u{0EFF}' // Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{AA60}'..='\u{AA7F}' // Myanmar Extended-A
        | '\u{A9E0}'..='\u{A9FF}' // Myanmar Extended-B
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{19E0}'..='\u{19FF}' // Khmer Symbols
    ) {
        class |= UNSPACED;
    }
    if matches!(c,
        '\u{3040}'..='\u{30FF}'     // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}'   // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK Unified Ideographs
        | '\u{F900}'..='\u{FAFF}'   // CJK Compatibility Ideographs
        | '\u{20000}'..='\u{3134F}' // CJK Extensions B–H
    ) {
        class |= CJK;
    }
    if c.is_uppercase() {
        class |= UPPER;
    }
    class
}

/// Classes of the Basic Multilingual Plane (64 KiB, built once: about a millisecond);
/// characters above it are rare and classified directly.
static BMP: LazyLock<Box<[u8]>> = LazyLock::new(|| {
    (0..=0xFFFF_u32)
        .map(|u| char::from_u32(u).map_or(0, classify))
        .collect()
});

/// Classes of ASCII, computed at compile time: most characters of most text, answered without
/// touching the larger table.
const ASCII: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_uppercase() {
            LETTER | UPPER
        } else if c.is_ascii_lowercase() {
            LETTER
        } else if c.is_ascii_digit() {
            NUMBER
        } else if c.is_ascii_punctuation() {
            SYMBOL
        } else if matches!(c, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') {
            // Unicode White_Space in ASCII (includes the vertical tab).
            SEPARATOR
        } else {
            0
        };
        b += 1;
    }
    table
};

/// A handle to the class table; fetch it once per text, not per character.
#[derive(Clone, Copy)]
pub(crate) struct Classes(&'static [u8]);

impl Classes {
    pub(crate) fn get() -> Self {
        Classes(&BMP)
    }

    /// The class of an ASCII byte (0 for other bytes).
    #[inline]
    pub(crate) fn of_ascii(self, byte: u8) -> u8 {
        ASCII.get(usize::from(byte)).copied().unwrap_or(0)
    }

    #[inline]
    pub(crate) fn of(self, c: char) -> u8 {
        if let Some(&class) = ASCII.get(c as usize) {
            return class;
        }
        match self.0.get(c as usize) {
            Some(&class) => class,
            None => classify(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_direct_classification() {
        let classes = Classes::get();
        for c in ('\0'..='\u{D7FF}').chain('\u{E000}'..='\u{10FFFF}') {
            assert_eq!(classes.of(c), classify(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn southeast_asian_marks_are_marks() {
        let classes = Classes::get();
        // Thai tone, Khmer coeng, Myanmar medial ya: marks of unspaced scripts, not symbols.
        for c in ['\u{0E48}', '\u{17D2}', '\u{103B}'] {
            assert_eq!(classes.of(c), MARK | UNSPACED, "U+{:04X}", c as u32);
        }
        assert_eq!(classes.of('\u{200B}') & SEPARATOR, SEPARATOR);
        assert_eq!(classes.of('Ấ'), LETTER | UPPER);
        assert_eq!(classes.of('我'), LETTER | CJK);
    }
}
