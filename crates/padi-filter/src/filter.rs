//! The quality filter: checks a document against the thresholds of its language label and
//! names the first rule it fails.

use std::collections::{BTreeMap, HashMap, HashSet};

use padi_core::{Document, DocumentFilter, DropReason, Verdict};
use serde_json::{json, Value};
use xxhash_rust::xxh3::xxh3_64;

use crate::config::{QualityConfig, Thresholds, COVERED_LABELS};
use crate::signals::{self, word_hash, CharCounts, Prehashed};
use crate::stopwords::StopwordLists;
use crate::words::Segmenter;

/// Counter key for every document the filter saw; drops are counted under their reason code.
pub const CHECKED_COUNTER: &str = "quality.checked";

/// A quality rule; [`Rule::code`] is the drop reason code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    LowLidConfidence,
    TooShortChars,
    TooLongChars,
    ReplacementChars,
    SymbolRatio,
    DigitRatio,
    TerminalPunctuation,
    DuplicateLines,
    DuplicateLineChars,
    DuplicateParagraphs,
    DuplicateParagraphChars,
    TooShortWords,
    TooLongWords,
    FewStopwords,
    LowStopwordFraction,
    TopNgram,
    DuplicateNgram,
}

impl Rule {
    /// The stable reason code (`quality.too_short_words`).
    pub fn code(self) -> &'static str {
        match self {
            Rule::LowLidConfidence => "quality.low_lid_confidence",
            Rule::TooShortChars => "quality.too_short_chars",
            Rule::TooLongChars => "quality.too_long_chars",
            Rule::ReplacementChars => "quality.replacement_chars",
            Rule::SymbolRatio => "quality.symbol_ratio",
            Rule::DigitRatio => "quality.digit_ratio",
            Rule::TerminalPunctuation => "quality.terminal_punctuation",
            Rule::DuplicateLines => "quality.duplicate_lines",
            Rule::DuplicateLineChars => "quality.duplicate_line_chars",
            Rule::DuplicateParagraphs => "quality.duplicate_paragraphs",
            Rule::DuplicateParagraphChars => "quality.duplicate_paragraph_chars",
            Rule::TooShortWords => "quality.too_short_words",
            Rule::TooLongWords => "quality.too_long_words",
            Rule::FewStopwords => "quality.few_stopwords",
            Rule::LowStopwordFraction => "quality.low_stopword_fraction",
            Rule::TopNgram => "quality.top_ngram",
            Rule::DuplicateNgram => "quality.duplicate_ngram",
        }
    }
}

/// Which rule failed, with the measured value and the threshold it crossed.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub rule: Rule,
    pub value: f64,
    pub threshold: f64,
    /// The n of n-gram rules.
    pub n: Option<usize>,
}

impl Failure {
    fn new(rule: Rule, value: f64, threshold: f64) -> Self {
        Failure {
            rule,
            value,
            threshold,
            n: None,
        }
    }

    /// `{"value": 12, "threshold": 50}` (ratios rounded to 4 decimals; `"n"` for n-gram rules).
    pub fn detail(&self) -> Value {
        let mut detail = json!({
            "value": json_number(self.value),
            "threshold": json_number(self.threshold),
        });
        if let (Some(n), Some(map)) = (self.n, detail.as_object_mut()) {
            map.insert("n".into(), n.into());
        }
        detail
    }

    pub fn to_drop_reason(&self) -> DropReason {
        DropReason::new(self.rule.code()).with_detail(self.detail())
    }
}

/// Integers as integers, fractions rounded to 4 decimals: readable and stable.
fn json_number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        json!(x as i64)
    } else {
        json!((x * 10_000.0).round() / 10_000.0)
    }
}

/// `value < min` fails.
fn at_least(rule: Rule, value: f64, min: f64) -> Result<(), Failure> {
    if value < min {
        Err(Failure::new(rule, value, min))
    } else {
        Ok(())
    }
}

/// `value > max` fails.
fn at_most(rule: Rule, value: f64, max: f64) -> Result<(), Failure> {
    if value > max {
        Err(Failure::new(rule, value, max))
    } else {
        Ok(())
    }
}

/// The quality stage's [`DocumentFilter`].
///
/// It does not write signals into `doc.metadata`: the kept documents would carry a dozen
/// numbers each, in every shard, for rules most users never look at; a dropped document's
/// reason carries the value that mattered.
#[derive(Debug)]
pub struct QualityFilter {
    by_label: HashMap<String, Thresholds>,
    unlabelled: Thresholds,
    /// xxh3 hashes of each label's stopwords.
    stopwords: HashMap<String, HashSet<u64, Prehashed>>,
    segmenter: Segmenter,
}

impl QualityFilter {
    /// A filter with the shipped stopword lists.
    pub fn new(config: &QualityConfig) -> Self {
        Self::with_stopwords(config, StopwordLists::shipped().clone())
    }

    pub fn with_stopwords(config: &QualityConfig, stopwords: StopwordLists) -> Self {
        let labels = COVERED_LABELS
            .iter()
            .copied()
            .chain(config.labels.keys().map(String::as_str));
        let by_label = labels
            .map(|l| (l.to_string(), config.resolve(Some(l))))
            .collect();
        QualityFilter {
            by_label,
            unlabelled: config.resolve(None),
            stopwords: stopwords
                .labels()
                .filter_map(|label| {
                    let words = stopwords.get(label)?;
                    let hashes = words.iter().map(|w| word_hash(w)).collect();
                    Some((label.to_string(), hashes))
                })
                .collect(),
            segmenter: Segmenter::default(),
        }
    }

    /// The thresholds applied to documents labelled `label`.
    pub fn thresholds(&self, label: Option<&str>) -> &Thresholds {
        label
            .and_then(|l| self.by_label.get(l))
            .unwrap_or(&self.unlabelled)
    }

    /// The first rule `doc` fails, if any. Cheap rules run first; words are only segmented
    /// for documents that pass the character- and line-level rules.
    pub fn check(&self, doc: &Document) -> Result<(), Failure> {
        let label = doc.lang.as_deref();
        let t = self.thresholds(label);
        if let (Some(_), Some(confidence)) = (label, doc.lang_confidence) {
            at_least(
                Rule::LowLidConfidence,
                f64::from(confidence),
                t.min_lid_confidence,
            )?;
        }

        let text = doc.text.as_str();
        // Length first, by a fast count: a document far over the limit is dropped before
        // anything is allocated for it.
        let length = text.chars().count() as f64;
        at_least(Rule::TooShortChars, length, t.min_chars as f64)?;
        at_most(Rule::TooLongChars, length, t.max_chars as f64)?;
        let mut tokens = Vec::new();
        let chars = CharCounts::with_tokens(text, &mut tokens);
        at_most(
            Rule::ReplacementChars,
            chars.replacement_ratio(),
            t.max_replacement_ratio,
        )?;
        at_most(Rule::SymbolRatio, chars.symbol_ratio(), t.max_symbol_ratio)?;
        at_most(Rule::DigitRatio, chars.digit_ratio(), t.max_digit_ratio)?;

        let lines: Vec<&str> = signals::lines(text).collect();
        if t.min_terminal_line_fraction > 0.0 {
            let ending = lines
                .iter()
                .filter(|l| signals::ends_in_terminator(l))
                .count();
            at_least(
                Rule::TerminalPunctuation,
                signals::ratio(ending as u64, lines.len() as u64),
                t.min_terminal_line_fraction,
            )?;
        }
        let dup_lines = signals::duplicates(&lines);
        at_most(
            Rule::DuplicateLines,
            dup_lines.fraction,
            t.max_duplicate_line_fraction,
        )?;
        at_most(
            Rule::DuplicateLineChars,
            dup_lines.char_fraction,
            t.max_duplicate_line_char_fraction,
        )?;
        let dup_paragraphs = signals::duplicates(&signals::paragraphs(text));
        at_most(
            Rule::DuplicateParagraphs,
            dup_paragraphs.fraction,
            t.max_duplicate_paragraph_fraction,
        )?;
        at_most(
            Rule::DuplicateParagraphChars,
            dup_paragraphs.char_fraction,
            t.max_duplicate_paragraph_char_fraction,
        )?;

        // One pass gives the words, their hashes and the stopword hits.
        let stopwords = label.and_then(|l| self.stopwords.get(l));
        let mut words = Vec::with_capacity(text.len() / 8);
        let mut hashes = Vec::with_capacity(text.len() / 8);
        let mut hits = 0;
        self.segmenter
            .for_each_token_word(text, &tokens, &mut |word, cased| {
                let hash = word_hash(word);
                if let Some(list) = stopwords {
                    // Lists are lowercase; lowercasing only cased words saves most allocations.
                    let key = if cased { lowercase_hash(word) } else { hash };
                    hits += u64::from(list.contains(&key));
                }
                words.push(word);
                hashes.push(hash);
            });
        at_least(Rule::TooShortWords, words.len() as f64, t.min_words as f64)?;
        at_most(Rule::TooLongWords, words.len() as f64, t.max_words as f64)?;
        if stopwords.is_some() {
            at_least(Rule::FewStopwords, hits as f64, t.min_stopwords as f64)?;
            at_least(
                Rule::LowStopwordFraction,
                signals::ratio(hits, words.len() as u64),
                t.min_stopword_fraction,
            )?;
        }

        let repetition = signals::ngram_repetition(&words, &hashes, chars.chars);
        for (i, (&value, &max)) in repetition
            .top
            .iter()
            .zip(&t.max_top_ngram_char_fraction)
            .enumerate()
        {
            at_most(Rule::TopNgram, value, max).map_err(|f| Failure {
                n: Some(i + 2),
                ..f
            })?;
        }
        for (i, (&value, &max)) in repetition
            .duplicate
            .iter()
            .zip(&t.max_duplicate_ngram_char_fraction)
            .enumerate()
        {
            at_most(Rule::DuplicateNgram, value, max).map_err(|f| Failure {
                n: Some(i + 5),
                ..f
            })?;
        }
        Ok(())
    }
}

/// xxh3 of the lowercase form of `word`; short ASCII words are lowercased on the stack.
fn lowercase_hash(word: &str) -> u64 {
    let mut buffer = [0u8; 32];
    match buffer.get_mut(..word.len()) {
        Some(lower) if word.is_ascii() => {
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            // `word_hash` of the lowercased bytes, without building a `str` of them.
            xxh3_64(lower)
        }
        _ => word_hash(&word.to_lowercase()),
    }
}

impl DocumentFilter for QualityFilter {
    fn name(&self) -> &str {
        "quality"
    }

    fn apply(&self, doc: Document, counters: &mut BTreeMap<String, u64>) -> Verdict {
        *counters.entry(CHECKED_COUNTER.into()).or_insert(0) += 1;
        match self.check(&doc) {
            Ok(()) => Verdict::Keep(doc),
            Err(failure) => {
                *counters.entry(failure.rule.code().into()).or_insert(0) += 1;
                Verdict::drop(doc, failure.to_drop_reason())
            }
        }
    }
}
