//! Words for the word-based rules, in every script.
//!
//! Whitespace (and ZWSP, the word separator of Thai, Lao, Khmer and Myanmar text, GUIDE §5)
//! splits text into tokens. A token containing Thai, Lao, Khmer or Myanmar letters is split
//! further by ICU's dictionary word segmenter, because those scripts write no spaces between
//! words. Han, Hiragana and Katakana characters count one word each: cheap, and close enough to
//! word granularity for counting and repetition (no CJK dictionary is loaded). Punctuation and
//! symbols at either end of a token are trimmed; tokens left empty (`|`, `$$$`) are not words.
//!
//! Tokens come from the same pass that counts characters ([`CharCounts::with_tokens`]), which
//! classifies each character once; tokens made only of letters, marks and numbers need no
//! trimming, and only tokens with unspaced-script letters reach the (much slower) dictionary
//! segmenter.

use std::ops::Range;

use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};

use crate::classes::{Classes, CJK, LETTER, NUMBER, UNSPACED, UPPER, WORD};
use crate::signals::CharCounts;

/// A run of characters between separators (whitespace, ZWSP), with what the word splitter
/// needs to know about it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    start: usize,
    end: usize,
    /// Union of the classes of its characters.
    union: u8,
    /// Every character is a letter, mark or number: nothing to trim.
    plain: bool,
}

impl Token {
    /// The token at `range`, with the union of its characters' classes and whether any of
    /// them is not a letter, mark or number.
    pub(crate) fn new(range: Range<usize>, union: u8, nonword: bool) -> Self {
        Token {
            start: range.start,
            end: range.end,
            union,
            plain: !nonword,
        }
    }
}

/// Splits text into words; see the module documentation for the rules.
#[derive(Clone, Copy)]
pub struct Segmenter {
    dictionary: WordSegmenterBorrowed<'static>,
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter {
            dictionary: WordSegmenter::new_dictionary(WordBreakInvariantOptions::default()),
        }
    }
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Segmenter")
    }
}

/// True for characters that can be part of a word: letters, marks (Thai vowels and tones,
/// Khmer coeng, Myanmar medials) and numbers.
pub(crate) fn is_word_char(c: char) -> bool {
    Classes::get().of(c) & WORD != 0
}

impl Segmenter {
    /// Calls `emit` with each word of `text`, in order.
    pub fn for_each_word<'t>(&self, text: &'t str, mut emit: impl FnMut(&'t str)) {
        let mut tokens = Vec::new();
        CharCounts::with_tokens(text, &mut tokens);
        self.for_each_token_word(text, &tokens, &mut |word, _| emit(word));
    }

    /// The words of `text`, in order.
    pub fn words<'t>(&self, text: &'t str) -> Vec<&'t str> {
        let mut words = Vec::new();
        self.for_each_word(text, |w| words.push(w));
        words
    }

    /// The words of `tokens` (found in `text` by [`CharCounts::with_tokens`]), in order, each
    /// with whether it has an uppercase letter (so stopword lookup lowercases only those).
    pub(crate) fn for_each_token_word<'t>(
        &self,
        text: &'t str,
        tokens: &[Token],
        emit: &mut impl FnMut(&'t str, bool),
    ) {
        let classes = Classes::get();
        for token in tokens {
            let Some(slice) = text.get(token.start..token.end) else {
                continue;
            };
            if token.union & UNSPACED != 0 {
                self.dictionary_words(slice, classes, emit);
            } else if token.union & CJK != 0 {
                cjk_words(slice, classes, emit);
            } else if token.plain {
                if token.union & (LETTER | NUMBER) != 0 {
                    emit(slice, token.union & UPPER != 0);
                }
            } else {
                emit_trimmed(slice, classes, emit);
            }
        }
    }

    fn dictionary_words<'t>(
        &self,
        token: &'t str,
        classes: Classes,
        emit: &mut impl FnMut(&'t str, bool),
    ) {
        let mut start = 0;
        for end in self.dictionary.segment_str(token) {
            if end > start {
                if let Some(segment) = token.get(start..end) {
                    // ICU splits CJK too, but by its own rules; keep one rule per script.
                    if segment.chars().any(|c| classes.of(c) & CJK != 0) {
                        cjk_words(segment, classes, emit);
                    } else {
                        emit_trimmed(segment, classes, emit);
                    }
                }
            }
            start = end;
        }
    }
}

/// Emits the token without leading and trailing punctuation, if a letter or number is left
/// (a lone mark, which ICU produces for words its Burmese dictionary does not know, is not a
/// word).
fn emit_trimmed<'t>(token: &'t str, classes: Classes, emit: &mut impl FnMut(&'t str, bool)) {
    let word = token.trim_matches(|c: char| classes.of(c) & WORD == 0);
    let union = word.chars().fold(0, |union, c| union | classes.of(c));
    if union & (LETTER | NUMBER) != 0 {
        emit(word, union & UPPER != 0);
    }
}

/// Each Han/kana character is a word; runs of other characters between them are one token.
fn cjk_words<'t>(token: &'t str, classes: Classes, emit: &mut impl FnMut(&'t str, bool)) {
    let mut run_start = 0;
    for (i, c) in token.char_indices() {
        if classes.of(c) & CJK != 0 {
            if let Some(run) = token.get(run_start..i) {
                emit_trimmed(run, classes, emit);
            }
            let end = i + c.len_utf8();
            if let Some(word) = token.get(i..end) {
                emit(word, false);
            }
            run_start = end;
        }
    }
    if let Some(run) = token.get(run_start..) {
        emit_trimmed(run, classes, emit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_text_splits_on_whitespace_and_trims_punctuation() {
        let seg = Segmenter::default();
        assert_eq!(
            seg.words("Saya makan nasi, \"kemarin\"! | $$$ 12.5"),
            ["Saya", "makan", "nasi", "kemarin", "12.5"]
        );
    }

    #[test]
    fn unspaced_scripts_use_the_dictionary() {
        let seg = Segmenter::default();
        // "every two weeks": ICU's own documentation example splits it into three words.
        assert_eq!(seg.words("ทุกสองสัปดาห์"), ["ทุก", "สอง", "สัปดาห์"]);
        // Burmese "Myanmar language" is more than one word, and the sentence mark is trimmed.
        let burmese = seg.words("မြန်မာဘာသာစကား။");
        assert!(burmese.len() >= 2, "{burmese:?}");
        assert!(burmese.iter().all(|w| !w.contains('။')), "{burmese:?}");
        let khmer = seg.words("ភាសាខ្មែរ\u{200B}ជាភាសាជាតិ។");
        assert!(khmer.len() >= 3, "{khmer:?}");
        let lao = seg.words("ພາສາລາວເປັນພາສາທາງການ");
        assert!(lao.len() >= 3, "{lao:?}");
    }

    #[test]
    fn marks_stay_inside_words() {
        // Khmer coeng (U+17D2) and Thai tone marks are marks, not symbols to trim.
        let seg = Segmenter::default();
        for w in seg.words("ខ្មែរ ไม่") {
            assert!(w.ends_with('រ') || w.ends_with('่'), "{w:?}");
        }
    }

    #[test]
    fn cjk_counts_characters() {
        let seg = Segmenter::default();
        assert_eq!(seg.words("我爱你。abc"), ["我", "爱", "你", "abc"]);
    }
}
