//! Hashed character n-gram features, shared by training and detection so that both see
//! exactly the same features.
//!
//! Text is cut into words at anything that is not a letter or a sign of a known script
//! (spaces, digits, punctuation, emoji). Each word is lowercased and padded with a boundary
//! mark; every character n-gram of order 1 to [`MAX_ORDER`] of the padded word and the word
//! itself are hashed into one of `2^bits` buckets. Punctuation marks count too, each with
//! what precedes it (a letter, a space, a digit or another mark): writing conventions differ
//! between close labels (Taiwan `‧` and spaced ASCII parentheses against Hong Kong full-width
//! ones). Where a Han, kana or hangul character meets a Latin letter or a digit, whether a
//! space separates them is one more feature: Taiwan typography spaces them (`在 2009 年`),
//! Hong Kong text often does not (`在2009年`). Invisible format characters (ZWSP, ZWNJ, ZWJ,
//! word joiner, BOM, soft hyphen) are skipped, so raw and cleaned text give the same
//! features; digits, spaces and emoji otherwise only serve as the context of a mark. Two
//! features describe the whole text: the case of its first letter and whether it ends with
//! a letter or which mark.

use crate::script::{char_script, Script};

/// Longest character n-gram.
pub const MAX_ORDER: usize = 4;

/// Words longer than this (scripts without spaces produce whole phrases) get no word feature.
const MAX_WORD_FEATURE_CHARS: usize = 24;

/// Whole words are the sharpest evidence between close languages (Malay `ialah`, `pingat`
/// against Indonesian `adalah`, `medali`), but they are few among the n-grams; each counts
/// this many times.
const WORD_FEATURE_WEIGHT: usize = 5;

const BOUNDARY: u32 = ' ' as u32;
const FNV_PRIME: u64 = 0x0000_0100_0000_01B3;
const NGRAM_SEED: u64 = 0xCBF2_9CE4_8422_2325;
const WORD_SALT: u64 = 0x9E37_79B9_7F4A_7C15;
const PUNCTUATION_SALT: u64 = 0xD6E8_FEB8_6659_FD93;
const SPACING_SALT: u64 = 0x2545_F491_4F6C_DD1D;
const SHAPE_SALT: u64 = 0x94D0_49BB_1331_11EB;

/// Murmur3's 64-bit finalizer: spreads the FNV state over all bits before the top bits are
/// taken as the bucket.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Whether `c` belongs inside a word: letters, and signs of a known script (Thai tone marks
/// and Myanmar asat are not `Alphabetic`), but not digits or script-specific full stops.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if matches!(
        c,
        '\u{104A}' | '\u{104B}' | '\u{17D4}' | '\u{17D5}' | '\u{060C}' | '\u{061B}' | '\u{061F}'
    ) {
        return false;
    }
    char_script(c).is_some() || ('\u{0300}'..='\u{036F}').contains(&c) || c.is_alphabetic()
}

/// Punctuation marks: ASCII and Latin-1 punctuation, general punctuation (dashes, quotes,
/// `‧`), CJK and full-width punctuation, and the full stops of the scripts we model.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{00A1}'..='\u{00BF}'
            | '\u{2010}'..='\u{205E}'
            | '\u{3000}'..='\u{303F}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}'
            | '\u{104A}' | '\u{104B}' | '\u{17D4}' | '\u{17D5}' | '\u{060C}' | '\u{061B}' | '\u{061F}')
}

fn is_cjk(c: char) -> bool {
    char_script(c).is_some_and(|s| s.family() == Script::Han.family())
}

/// A CJK character next to a Latin letter or digit (in either order): the only places where
/// the spacing convention shows.
fn is_cjk_latin_boundary(left: char, right: char) -> bool {
    (is_cjk(left) && right.is_ascii_alphanumeric())
        || (left.is_ascii_alphanumeric() && is_cjk(right))
}

/// What a punctuation mark follows, as one code: the mark itself when it follows a mark.
fn context_of(previous: Option<char>) -> u32 {
    match previous {
        None => 0,
        Some(c) if c.is_whitespace() => ' ' as u32,
        Some(c) if c.is_numeric() => '0' as u32,
        Some(c) if is_punctuation(c) => c as u32,
        Some(_) => 'a' as u32,
    }
}

fn lowercase(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else if c.is_uppercase() {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c
    }
}

/// Reusable buffers for feature extraction.
#[derive(Debug, Default)]
pub struct FeatureExtractor {
    word: Vec<u32>,
    /// Hash of the previous word of the text, for word-bigram features.
    previous_word: Option<u64>,
    /// Bucket indices of the last text, with repetition (a feature seen twice counts twice).
    pub buckets: Vec<u32>,
}

impl FeatureExtractor {
    /// Replace `self.buckets` with the features of `text` hashed into `2^bits` buckets.
    pub fn extract(&mut self, text: &str, bits: u32) {
        self.buckets.clear();
        self.previous_word = None;
        self.word.clear();
        self.word.push(BOUNDARY);
        let mut previous = None;
        // The last character that is not a space, and whether spaces came after it.
        let mut last_visible: Option<char> = None;
        let mut spaced = false;
        for c in text.chars() {
            if is_invisible(c) {
                continue;
            }
            if c == ' ' {
                spaced = true;
            } else {
                if last_visible.is_some_and(|left| is_cjk_latin_boundary(left, c)) {
                    self.push_spacing(spaced, bits);
                }
                last_visible = Some(c);
                spaced = false;
            }
            if is_word_char(c) {
                self.word.push(lowercase(c) as u32);
            } else {
                if self.word.len() > 1 {
                    self.flush_word(bits);
                }
                if is_punctuation(c) {
                    self.push_punctuation(c, previous, bits);
                }
            }
            previous = Some(c);
        }
        if self.word.len() > 1 {
            self.flush_word(bits);
        }
        self.push_shape(text, bits);
    }

    /// How the text begins and ends: the case of its first letter, and its last letter or
    /// mark (edited prose starts with a capital and ends with a full stop; social media text
    /// often does neither). Digits, emoji and symbols at the end are passed over.
    fn push_shape(&mut self, text: &str, bits: u32) {
        let Some(first) = text.chars().find(|c| c.is_alphabetic()) else {
            return;
        };
        let start = u64::from(first.is_uppercase()) + 2 * u64::from(first.is_lowercase());
        // Letter 1, a mark its code point (shifted below, so never equal to a start code);
        // the first letter itself is a candidate, so the fallback 0 does not occur.
        let last = text
            .chars()
            .rev()
            .find(|&c| is_word_char(c) || is_punctuation(c))
            .map_or(0, |c| if is_word_char(c) { 1 } else { u64::from(c) });
        let shift = 64 - bits;
        let h = (SHAPE_SALT ^ start).wrapping_mul(FNV_PRIME);
        self.buckets.push((mix(h) >> shift) as u32);
        let h = (SHAPE_SALT ^ (last << 8)).wrapping_mul(FNV_PRIME);
        self.buckets.push((mix(h) >> shift) as u32);
    }

    fn push_punctuation(&mut self, mark: char, previous: Option<char>, bits: u32) {
        let shift = 64 - bits;
        let h = (PUNCTUATION_SALT ^ u64::from(mark)).wrapping_mul(FNV_PRIME);
        self.buckets.push((mix(h) >> shift) as u32);
        let pair = (h ^ u64::from(context_of(previous))).wrapping_mul(FNV_PRIME);
        self.buckets.push((mix(pair) >> shift) as u32);
    }

    fn push_spacing(&mut self, spaced: bool, bits: u32) {
        let h = (SPACING_SALT ^ u64::from(spaced)).wrapping_mul(FNV_PRIME);
        self.buckets.push((mix(h) >> (64 - bits)) as u32);
    }

    fn flush_word(&mut self, bits: u32) {
        self.word.push(BOUNDARY);
        let shift = 64 - bits;
        let n = self.word.len();
        for start in 0..n {
            let mut h = NGRAM_SEED;
            for (order, &c) in self.word[start..n.min(start + MAX_ORDER)]
                .iter()
                .enumerate()
            {
                h = (h ^ u64::from(c)).wrapping_mul(FNV_PRIME);
                // A lone boundary mark says nothing.
                if order == 0 && c == BOUNDARY {
                    continue;
                }
                self.buckets.push((mix(h) >> shift) as u32);
            }
        }
        if n - 2 <= MAX_WORD_FEATURE_CHARS {
            let h = self.word.iter().fold(WORD_SALT, |h, &c| {
                (h ^ u64::from(c)).wrapping_mul(FNV_PRIME)
            });
            let word = (mix(h ^ WORD_SALT) >> shift) as u32;
            self.buckets
                .extend(std::iter::repeat_n(word, WORD_FEATURE_WEIGHT));
            if let Some(previous) = self.previous_word {
                let pair = (previous ^ WORD_SALT).wrapping_mul(FNV_PRIME) ^ h;
                self.buckets.push((mix(pair) >> shift) as u32);
            }
            self.previous_word = Some(h);
        } else {
            self.previous_word = None;
        }
        self.word.clear();
        self.word.push(BOUNDARY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(text: &str) -> Vec<u32> {
        let mut fx = FeatureExtractor::default();
        fx.extract(text, 16);
        fx.buckets.clone()
    }

    #[test]
    fn invisible_characters_and_case_do_not_change_features() {
        assert_eq!(
            features("saya makan"),
            features("saya\u{200B} ma\u{00AD}kan")
        );
        // Only the case of the first letter is a feature of its own.
        assert_eq!(features("SAYA"), features("Saya"));
    }

    #[test]
    fn spaces_digits_and_emoji_are_ignored_punctuation_counts() {
        assert_eq!(features("a b"), features("a  123 b 🙂"));
        assert!(features("123 🙂").is_empty());
        assert!(features("").is_empty());
        // Each mark gives itself and itself after its context.
        assert_eq!(features("!?").len(), 4);
        assert_ne!(features("字 (字)"), features("字（字）"));
        assert_ne!(features("a !"), features("a!"));
        assert_eq!(features("a 1!"), features("a 2!"));
    }

    #[test]
    fn feature_count_follows_word_length() {
        // " ab " has n-grams: a, ab, ab_, b, b_, and _a, _ab, _ab_ (boundary starts), + word,
        // + the two shape features of the text.
        assert_eq!(features("ab").len(), 8 + WORD_FEATURE_WEIGHT + 2);
        // Two words and one word bigram.
        assert_eq!(
            features("ab cd").len(),
            2 * (8 + WORD_FEATURE_WEIGHT) + 1 + 2
        );
    }

    #[test]
    fn spacing_between_cjk_and_latin_or_digits_is_a_feature() {
        let tight = features("在2009年");
        let spaced = features("在 2009 年");
        assert_eq!(tight.len(), spaced.len());
        assert_ne!(tight, spaced);
        // Two spaces are the same convention as one.
        assert_eq!(features("在  2009  年"), spaced);
        assert_ne!(features("用 PBS"), features("用PBS"));
        // Without a CJK character on one side there is no spacing feature.
        assert_eq!(features("ab 12"), features("ab12"));
        // A mark or a line break in between is not the spacing convention.
        assert_eq!(
            features("年，2009").len(),
            features("年，").len() + features("2009").len()
        );
    }

    #[test]
    fn the_first_letter_case_and_the_final_mark_are_features() {
        assert_ne!(features("Saya makan."), features("saya makan."));
        assert_ne!(features("Saya makan."), features("Saya makan"));
        assert_ne!(features("Saya makan."), features("Saya makan!"));
        // A leading digit or a trailing emoji does not change the shape.
        assert_eq!(features("Saya makan. 🙂"), features("1 Saya makan."));
        // Caseless scripts have a shape too.
        assert_eq!(features("ภาษาไทย").len(), features("ภาษาไทย ").len());
    }

    #[test]
    fn buckets_stay_in_range() {
        let mut fx = FeatureExtractor::default();
        fx.extract("ภาษาไทย ລາວ ខ្មែរ", 10);
        assert!(fx.buckets.iter().all(|&b| b < 1 << 10));
    }
}
