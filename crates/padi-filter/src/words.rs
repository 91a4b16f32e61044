//! Words for the word-based rules, in every script.
//!
//! Whitespace (and ZWSP, the word separator of Thai, Lao, Khmer and Myanmar text, GUIDE §5)
//! splits text into tokens. A token containing Thai, Lao, Khmer or Myanmar letters is split
//! further by ICU's dictionary word segmenter, because those scripts write no spaces between
//! words. Han, Hiragana and Katakana characters count one word each: cheap, and close enough to
//! word granularity for counting and repetition (no CJK dictionary is loaded). Punctuation and
//! symbols at either end of a token are trimmed; tokens left empty (`|`, `$$$`) are not words.

use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

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

/// Scripts written without spaces between words, segmented with the ICU dictionary.
fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0E7F}'   // Thai
        | '\u{0E80}'..='\u{0EFF}' // Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{AA60}'..='\u{AA7F}' // Myanmar Extended-A
        | '\u{A9E0}'..='\u{A9FF}' // Myanmar Extended-B
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{19E0}'..='\u{19FF}' // Khmer Symbols
    )
}

/// Han, kana: one character, one word.
fn is_cjk_ideograph_or_kana(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'     // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}'   // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK Unified Ideographs
        | '\u{F900}'..='\u{FAFF}'   // CJK Compatibility Ideographs
        | '\u{20000}'..='\u{3134F}' // CJK Extensions B–H
    )
}

/// Separates tokens: Unicode White_Space plus ZWSP (not White_Space, but the word separator
/// of the unspaced scripts).
pub(crate) fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}'
}

/// The general category group of `c`, with direct answers for the blocks that dominate
/// Southeast Asian text (Latin letters with diacritics, Vietnamese, Thai, Khmer, Myanmar)
/// before the table lookup. The `fast_categories_match_unicode` test checks them.
pub(crate) fn category(c: char) -> GeneralCategoryGroup {
    use GeneralCategoryGroup::{Letter, Mark, Number};
    match c {
        '\u{00D7}' | '\u{00F7}' => c.general_category_group(),
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => Letter,
        '\u{0300}'..='\u{036F}' => Mark,
        '\u{0E01}'..='\u{0E30}' | '\u{0E32}' | '\u{0E33}' | '\u{0E40}'..='\u{0E46}' => Letter,
        '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}' => Mark,
        '\u{0E50}'..='\u{0E59}' | '\u{17E0}'..='\u{17E9}' | '\u{1040}'..='\u{1049}' => Number,
        '\u{1780}'..='\u{17B3}' | '\u{1000}'..='\u{102A}' => Letter,
        '\u{0E81}'
        | '\u{0E82}'
        | '\u{0E84}'
        | '\u{0E86}'..='\u{0E8A}'
        | '\u{0E8C}'..='\u{0EA3}' => Letter,
        '\u{0EA5}' | '\u{0EA7}'..='\u{0EB0}' | '\u{0EB2}' | '\u{0EB3}' | '\u{0EBD}' => Letter,
        '\u{0EC0}'..='\u{0EC4}' | '\u{0EC6}' => Letter,
        '\u{0EB1}' | '\u{0EB4}'..='\u{0EBC}' | '\u{0EC8}'..='\u{0ECE}' => Mark,
        '\u{0ED0}'..='\u{0ED9}' => Number,
        '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}' | '\u{3041}'..='\u{3096}' => Letter,
        '\u{30A1}'..='\u{30FA}' | '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => Letter,
        '\u{17B4}'..='\u{17D3}' | '\u{102B}'..='\u{103E}' => Mark,
        _ => c.general_category_group(),
    }
}

/// True for characters that can be part of a word: letters, marks (Thai vowels and tones,
/// Khmer coeng, Myanmar medials) and numbers.
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    matches!(
        category(c),
        GeneralCategoryGroup::Letter | GeneralCategoryGroup::Mark | GeneralCategoryGroup::Number
    )
}

fn trim_non_word(token: &str) -> &str {
    token.trim_matches(|c: char| !is_word_char(c))
}

impl Segmenter {
    /// Calls `emit` with each word of `text`, in order.
    pub fn for_each_word<'t>(&self, text: &'t str, mut emit: impl FnMut(&'t str)) {
        for token in text.split(is_separator) {
            if token.is_empty() {
                continue;
            }
            if token.is_ascii() {
                let word = token.trim_matches(|c: char| !c.is_ascii_alphanumeric());
                if !word.is_empty() {
                    emit(word);
                }
            } else if token.chars().any(is_unspaced_script) {
                self.dictionary_words(token, &mut emit);
            } else if token.chars().any(is_cjk_ideograph_or_kana) {
                cjk_words(token, &mut emit);
            } else {
                emit_trimmed(token, &mut emit);
            }
        }
    }

    /// The words of `text`, in order.
    pub fn words<'t>(&self, text: &'t str) -> Vec<&'t str> {
        let mut words = Vec::new();
        self.for_each_word(text, |w| words.push(w));
        words
    }

    fn dictionary_words<'t>(&self, token: &'t str, emit: &mut impl FnMut(&'t str)) {
        let mut start = 0;
        for end in self.dictionary.segment_str(token) {
            if end > start {
                if let Some(segment) = token.get(start..end) {
                    // ICU splits CJK too, but by its own rules; keep one rule per script.
                    if segment.chars().any(is_cjk_ideograph_or_kana) {
                        cjk_words(segment, emit);
                    } else {
                        emit_trimmed(segment, emit);
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
fn emit_trimmed<'t>(token: &'t str, emit: &mut impl FnMut(&'t str)) {
    let word = trim_non_word(token);
    let has_base = word.chars().any(|c| {
        c.is_ascii_alphanumeric()
            || (!c.is_ascii()
                && matches!(
                    category(c),
                    GeneralCategoryGroup::Letter | GeneralCategoryGroup::Number
                ))
    });
    if has_base {
        emit(word);
    }
}

/// Each Han/kana character is a word; runs of other characters between them are one token.
fn cjk_words<'t>(token: &'t str, emit: &mut impl FnMut(&'t str)) {
    let mut run_start = 0;
    for (i, c) in token.char_indices() {
        if is_cjk_ideograph_or_kana(c) {
            if let Some(run) = token.get(run_start..i) {
                emit_trimmed(run, emit);
            }
            let end = i + c.len_utf8();
            if let Some(word) = token.get(i..end) {
                emit(word);
            }
            run_start = end;
        }
    }
    if let Some(run) = token.get(run_start..) {
        emit_trimmed(run, emit);
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
    fn fast_categories_match_unicode() {
        let ranges = [
            '\u{80}'..='\u{2000}',
            '\u{1E00}'..='\u{1F00}',
            '\u{3000}'..='\u{A000}',
            '\u{AC00}'..='\u{D7FF}',
        ];
        for c in ranges.into_iter().flatten() {
            assert_eq!(
                category(c),
                c.general_category_group(),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn cjk_counts_characters() {
        let seg = Segmenter::default();
        assert_eq!(seg.words("我爱你。abc"), ["我", "爱", "你", "abc"]);
    }
}
