//! Quality filtering for padi that does not discriminate against unspaced scripts.
//!
//! [`QualityFilter`] drops documents that fail heuristic quality rules: length in characters
//! and words, symbol, digit and U+FFFD ratios, share of lines ending in sentence punctuation,
//! Gopher-style repetition (lines, paragraphs, word n-grams), language-identification
//! confidence and stopword presence. Each drop names the rule and the value that failed
//! (`quality.too_short_words`, `{"value": 12, "threshold": 50}`).
//!
//! Fairness across scripts comes from three choices: words of Thai, Lao, Khmer and Burmese
//! come from a dictionary segmenter, not whitespace ([`Segmenter`]); thresholds are resolved
//! per language label, with shipped defaults for every covered label ([`QualityConfig`]);
//! sentence punctuation knows `။`, `។`, `।` and that `၊` and `ฯ` end nothing.
//!
//! Not here: language identification (the filter reads `doc.lang` and `doc.lang_confidence`
//! set by the LID stage), PII redaction, deduplication, and the pipeline engine. For
//! `padi filter` there is [`filter_jsonl`]; stopword lists are derived with
//! [`derive_stopwords`] and shipped in `data/stopwords.tsv`.

mod classes;
mod config;
mod filter;
mod jsonl;
pub mod signals;
mod stopwords;
mod words;

pub use config::{
    shipped_label_overrides, word_factor, QualityConfig, ThresholdOverrides, Thresholds,
    COVERED_LABELS,
};
pub use filter::{Failure, QualityFilter, Rule, CHECKED_COUNTER};
pub use jsonl::{filter_jsonl, BrokenLine, FilterReport, KEPT_FILE, REMOVED_FILE};
pub use stopwords::{derive_stopwords, StopwordLists, StopwordOptions};
pub use words::Segmenter;

use std::path::PathBuf;

/// Errors that stop a run (bad records never do: they are reported and skipped).
#[derive(Debug, thiserror::Error)]
pub enum FilterError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}
