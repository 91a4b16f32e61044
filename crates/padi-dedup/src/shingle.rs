//! Script-aware shingling: the set of hashed n-grams MinHash works on.
//!
//! Spaced scripts use word n-grams (words split on whitespace). Thai, Lao, Khmer, Burmese and
//! the Han/Kana scripts write no spaces between words, so whitespace splitting would make a
//! whole paragraph one "word"; they use code-point n-grams instead. Marks are never removed:
//! a Thai tone mark or a Khmer coeng is part of the n-gram it sits in (GUIDE §4).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// How a document is cut into shingles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ShingleMode {
    /// Character n-grams when most letters belong to an unspaced script, word n-grams otherwise.
    #[default]
    Auto,
    /// Word n-grams (whitespace-separated words).
    Word,
    /// Code-point n-grams (whitespace runs count as one space).
    Char,
}

/// Shingling parameters; part of the index parameters, since changing them changes signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ShingleParams {
    pub mode: ShingleMode,
    /// Words per shingle for spaced text.
    pub word_ngram: usize,
    /// Code points per shingle for unspaced text.
    pub char_ngram: usize,
}

impl Default for ShingleParams {
    fn default() -> Self {
        ShingleParams {
            mode: ShingleMode::Auto,
            word_ngram: 5,
            char_ngram: 5,
        }
    }
}

/// Seeds the shingle hash, so shingle hashes do not depend on anything but the bytes.
const SHINGLE_SEED: u64 = 0x7061_6469_5f73_6831;

/// Whether a character belongs to a script written without spaces between words.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF       // Thai, Lao
        | 0x1000..=0x109F     // Myanmar
        | 0xA9E0..=0xA9FF     // Myanmar Extended-B
        | 0xAA60..=0xAA7F     // Myanmar Extended-A
        | 0x1780..=0x17FF     // Khmer
        | 0x19E0..=0x19FF     // Khmer symbols
        | 0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3400..=0x4DBF     // CJK Extension A
        | 0x4E00..=0x9FFF     // CJK Unified Ideographs
        | 0x20000..=0x2FFFF) // CJK Extensions B..
}

/// The mode `Auto` resolves to for this text: `Char` when unspaced-script characters
/// outnumber other alphabetic characters.
pub fn resolve_mode(text: &str, mode: ShingleMode) -> ShingleMode {
    if mode != ShingleMode::Auto {
        return mode;
    }
    let (mut unspaced, mut other) = (0usize, 0usize);
    for c in text.chars() {
        if is_unspaced_script(c) {
            unspaced += 1;
        } else if c.is_alphabetic() {
            other += 1;
        }
    }
    if unspaced > other {
        ShingleMode::Char
    } else {
        ShingleMode::Word
    }
}

/// The distinct shingle hashes of `text` (already reduced to its match key), sorted.
///
/// A text shorter than one n-gram yields a single shingle of all its tokens; an empty or
/// all-whitespace text yields none.
pub fn shingles(text: &str, params: &ShingleParams) -> Vec<u64> {
    let mut out = match resolve_mode(text, params.mode) {
        ShingleMode::Char => char_shingles(text, params.char_ngram.max(1)),
        _ => word_shingles(text, params.word_ngram.max(1)),
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn word_shingles(text: &str, n: usize) -> Vec<u64> {
    let words: Vec<u64> = text
        .split_whitespace()
        .map(|w| xxh3_64_with_seed(w.as_bytes(), SHINGLE_SEED))
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    let n = n.min(words.len());
    words
        .windows(n)
        .map(|window| {
            // Order-sensitive combination of the word hashes; the final avalanche keeps
            // the result uniform for MinHash.
            let mixed = window.iter().fold(n as u64, |acc, &w| {
                acc.rotate_left(23).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ w
            });
            xxh3_64_with_seed(&mixed.to_le_bytes(), SHINGLE_SEED)
        })
        .collect()
}

fn char_shingles(text: &str, n: usize) -> Vec<u64> {
    // Collapse whitespace runs so that spacing differences do not change the shingles.
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    let starts: Vec<usize> = collapsed.char_indices().map(|(i, _)| i).collect();
    if starts.is_empty() {
        return Vec::new();
    }
    let n = n.min(starts.len());
    (0..=starts.len() - n)
        .map(|i| {
            let end = starts.get(i + n).copied().unwrap_or(collapsed.len());
            xxh3_64_with_seed(&collapsed.as_bytes()[starts[i]..end], SHINGLE_SEED)
        })
        .collect()
}

/// The text with every mark removed (after canonical decomposition) and whitespace
/// collapsed. Used only to recognise texts that differ *only* in marks, never for hashing
/// shingles: marks carry meaning in Thai, Lao, Khmer, Burmese and Vietnamese.
pub fn mark_skeleton(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c.is_ascii() {
            out.push(c);
        } else {
            // Marks are dropped, so the canonical reordering of a full NFD is not needed.
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            });
        }
    }
    out
}

/// Exact Jaccard similarity of two sorted, deduplicated shingle sets (1.0 for two empty sets).
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspaced_scripts_use_characters() {
        assert_eq!(
            resolve_mode("ภาษาไทยดีมาก", ShingleMode::Auto),
            ShingleMode::Char
        );
        assert_eq!(
            resolve_mode("ភាសាខ្មែរ", ShingleMode::Auto),
            ShingleMode::Char
        );
        assert_eq!(
            resolve_mode("မြန်မာစာ", ShingleMode::Auto),
            ShingleMode::Char
        );
        assert_eq!(
            resolve_mode("ພາສາລາວ", ShingleMode::Auto),
            ShingleMode::Char
        );
        assert_eq!(
            resolve_mode("tiếng Việt", ShingleMode::Auto),
            ShingleMode::Word
        );
        assert_eq!(resolve_mode("ภาษา", ShingleMode::Word), ShingleMode::Word);
    }

    #[test]
    fn a_tone_mark_changes_the_shingles_it_sits_in() {
        let p = ShingleParams::default();
        // ไม้เอก vs ไม้โท on the same syllable: different words, must not hash alike.
        let a = shingles("ข่าวดีมากวันนี้", &p);
        let b = shingles("ข้าวดีมากวันนี้", &p);
        assert!(jaccard(&a, &b) < 0.8, "{}", jaccard(&a, &b));
        assert_ne!(a, b);
    }

    #[test]
    fn whitespace_does_not_matter_and_short_texts_get_one_shingle() {
        let p = ShingleParams::default();
        assert_eq!(shingles("a  b\tc", &p), shingles("a b c", &p));
        assert_eq!(shingles("a b c", &p).len(), 1);
        assert!(shingles("  \n", &p).is_empty());
        assert_eq!(shingles("ก", &p).len(), 1);
    }

    #[test]
    fn skeleton_drops_marks_only() {
        assert_eq!(mark_skeleton("ข่าว"), mark_skeleton("ข้าว"));
        assert_eq!(mark_skeleton(" má  mà\n"), "ma ma");
        assert_eq!(mark_skeleton("Tiếng Việt"), "Tieng Viet");
        assert_ne!(mark_skeleton("ข่าว"), mark_skeleton("ขาวว"));
    }

    #[test]
    fn word_order_matters() {
        let p = ShingleParams {
            word_ngram: 2,
            ..ShingleParams::default()
        };
        assert_ne!(shingles("one two", &p), shingles("two one", &p));
    }

    #[test]
    fn jaccard_counts_the_overlap() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[]), 1.0);
        assert_eq!(jaccard(&[1], &[]), 0.0);
    }
}
