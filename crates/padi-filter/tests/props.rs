//! Invariants on arbitrary text: no panics, deterministic verdicts, and the fast signal code
//! (class table, one-pass tokens, counting table for n-grams) equal to direct reference
//! computations from the Unicode properties and from word contents.

use std::collections::{HashMap, HashSet};

use padi_core::{Document, Source};
use padi_filter::signals::{ngram_repetition, ratio, word_hashes, CharCounts};
use padi_filter::{QualityConfig, QualityFilter, Segmenter};
use proptest::prelude::*;
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// Characters from every class the filter distinguishes: ASCII, Latin with diacritics,
/// Vietnamese, Thai, Lao, Khmer, Myanmar (letters and marks), Han, kana, Arabic, digits of
/// several scripts, punctuation and symbols, Unicode spaces, ZWSP, ZWNJ, U+FFFD, controls.
fn mixed_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        1 => proptest::char::range('A', 'Z'),
        2 => Just(' '),
        1 => prop::sample::select(vec!['\n', '\t', '\u{0B}', '\u{A0}', '\u{3000}', '\u{200B}', '\u{200C}']),
        1 => prop::sample::select(vec!['.', ',', '!', '"', '|', '$', '«', '»', '।', '။', '၊', '។', 'ฯ', '\u{FFFD}', '\u{01}']),
        1 => proptest::char::range('\u{C0}', '\u{24F}'),
        1 => proptest::char::range('\u{1EA0}', '\u{1EF9}'),
        2 => proptest::char::range('\u{0E01}', '\u{0E5B}'),
        1 => proptest::char::range('\u{0E81}', '\u{0EDF}'),
        1 => proptest::char::range('\u{1780}', '\u{17F9}'),
        1 => proptest::char::range('\u{1000}', '\u{109F}'),
        1 => proptest::char::range('\u{4E00}', '\u{4E80}'),
        1 => proptest::char::range('\u{3041}', '\u{30FF}'),
        1 => proptest::char::range('\u{0621}', '\u{065F}'),
        1 => proptest::char::range('\u{0300}', '\u{036F}'),
        1 => proptest::char::range('\u{1F300}', '\u{1F6FF}'),
        1 => any::<char>(),
    ]
}

fn mixed_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(mixed_char(), 0..max).prop_map(|chars| chars.into_iter().collect())
}

fn doc(text: &str, label: Option<&str>) -> Document {
    let source = Source {
        contribution: "props".into(),
        file: "f".into(),
        record: 0,
        line: None,
        byte_offset: None,
    };
    let mut doc = Document::new("p", text, source);
    doc.lang = label.map(str::to_string);
    doc.lang_confidence = label.map(|_| 0.9);
    doc
}

/// The counts straight from the Unicode properties, one question per character.
fn reference_counts(text: &str) -> CharCounts {
    let mut counts = CharCounts::default();
    for c in text.chars() {
        counts.chars += 1;
        if c.is_whitespace() || c == '\u{200B}' {
            continue;
        }
        counts.visible += 1;
        match c.general_category_group() {
            GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol => counts.symbols += 1,
            GeneralCategoryGroup::Number => counts.digits += 1,
            _ => {}
        }
        counts.replacement += u64::from(c == '\u{FFFD}');
    }
    counts
}

/// Gopher repetition computed on word contents with maps and sets (no hashing of windows).
fn reference_repetition(words: &[&str], text_chars: u64) -> ([f64; 3], [f64; 6]) {
    let span = |start: usize, n: usize| -> u64 {
        words[start..start + n]
            .iter()
            .map(|w| w.chars().count() as u64)
            .sum()
    };
    let mut top = [0.0; 3];
    for (slot, n) in (2..=4).enumerate() {
        let mut counts: HashMap<&[&str], (usize, usize)> = HashMap::new();
        for (i, window) in words.windows(n).enumerate() {
            counts.entry(window).or_insert((0, i)).0 += 1;
        }
        // Most frequent; ties to the window seen first.
        if let Some(&(count, first)) = counts
            .values()
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        {
            if count > 1 {
                top[slot] = ratio(count as u64 * span(first, n), text_chars);
            }
        }
    }
    let mut duplicate = [0.0; 6];
    for (slot, n) in (5..=10).enumerate() {
        let mut seen: HashSet<&[&str]> = HashSet::new();
        let mut repeated = 0;
        let mut start = 0;
        while start + n <= words.len() {
            if seen.insert(&words[start..start + n]) {
                start += 1;
            } else {
                repeated += span(start, n);
                start += n;
            }
        }
        duplicate[slot] = ratio(repeated, text_chars);
    }
    (top, duplicate)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn char_counts_match_unicode_properties(text in mixed_text(200)) {
        prop_assert_eq!(CharCounts::of(&text), reference_counts(&text));
    }

    #[test]
    fn verdicts_never_panic_and_repeat(text in mixed_text(400), label in prop::sample::select(vec![
        None, Some("tha_Thai"), Some("khm_Khmr"), Some("ind_Latn"), Some("vie_Latn"), Some("zho_Hans"), Some("xyz_Latn"),
    ])) {
        let strict = QualityFilter::new(&QualityConfig::default());
        let lenient = QualityFilter::new(&QualityConfig {
            min_chars: Some(0),
            min_words: Some(0),
            min_stopwords: Some(0),
            ..QualityConfig::default()
        });
        let document = doc(&text, label);
        for filter in [&strict, &lenient] {
            let first = filter.check(&document);
            prop_assert_eq!(&first, &filter.check(&document));
            if let Err(failure) = first {
                prop_assert!(failure.value.is_finite(), "{failure:?}");
            }
        }
    }

    #[test]
    fn words_are_trimmed_nonempty_slices(text in mixed_text(300)) {
        for word in Segmenter::default().words(&text) {
            prop_assert!(!word.is_empty());
            prop_assert!(!word.contains(|c: char| c.is_whitespace() || c == '\u{200B}'), "{word:?}");
            let range = word.as_ptr() as usize - text.as_ptr() as usize;
            prop_assert!(range + word.len() <= text.len());
        }
    }

    #[test]
    fn ngram_repetition_matches_content_reference(
        picks in prop::collection::vec(0usize..6, 0..120),
        text_chars in 1u64..2000,
    ) {
        // A small vocabulary makes repeats, ties and overlaps common.
        let vocabulary = ["a", "bb", "ccc", "ไทย", "ខ្មែរ", "Đà"];
        let words: Vec<&str> = picks.iter().map(|&i| vocabulary[i]).collect();
        let fast = ngram_repetition(&words, &word_hashes(&words), text_chars);
        let (top, duplicate) = reference_repetition(&words, text_chars);
        prop_assert_eq!(fast.top, top);
        prop_assert_eq!(fast.duplicate, duplicate);
    }
}
