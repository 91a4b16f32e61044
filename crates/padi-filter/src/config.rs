//! Thresholds of the quality rules: shipped defaults per language label and the pipeline-file
//! configuration that overrides them.
//!
//! Resolution for a document labelled `L`, later layers winning field by field:
//! 1. [`Thresholds::GLOBAL`], the shipped global defaults;
//! 2. the shipped overrides for `L` ([`shipped_label_overrides`]);
//! 3. the global keys of the pipeline's `[[stage]] type = "quality"` table;
//! 4. the pipeline's `[stage.labels.L]` table.
//!
//! Documents without a label, or with a label nobody configured, get layers 1 and 3.
//! Every rule can be switched off with a neutral value (`min_* = 0`, `max_*_ratio = 1.0`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Declares the resolved [`Thresholds`], the all-optional [`ThresholdOverrides`] and the
/// stage configuration [`QualityConfig`] from one field list, so the three cannot drift apart.
macro_rules! thresholds {
    ($( $(#[doc = $doc:literal])* $field:ident : $ty:ty = $global:expr, )*) => {
        /// Resolved thresholds for one language label: what the rules compare against.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        pub struct Thresholds {
            $( $(#[doc = $doc])* pub $field: $ty, )*
        }

        impl Thresholds {
            /// Shipped global defaults (before any per-label adjustment).
            pub const GLOBAL: Thresholds = Thresholds { $( $field: $global, )* };
        }

        /// A partial set of thresholds: each present field replaces the resolved value.
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct ThresholdOverrides {
            $(
                $(#[doc = $doc])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }

        impl ThresholdOverrides {
            /// No overrides.
            pub const NONE: ThresholdOverrides = ThresholdOverrides { $( $field: None, )* };

            /// Replace the fields of `thresholds` that this set overrides.
            pub fn apply_to(&self, thresholds: &mut Thresholds) {
                $( if let Some(value) = &self.$field { thresholds.$field = value.clone(); } )*
            }
        }

        /// Keys of a `[[stage]] type = "quality"` table in a pipeline file.
        ///
        /// The top-level threshold keys apply to every label (over the shipped defaults);
        /// `[stage.labels.<label>]` tables override them for one label. Example:
        ///
        /// ```toml
        /// [[stage]]
        /// type = "quality"
        /// min_words = 30
        /// [stage.labels.tha_Thai]
        /// min_words = 20
        /// ```
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct QualityConfig {
            $(
                $(#[doc = $doc])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
            /// Per-label overrides, keyed by FLORES-style label (`tha_Thai`).
            #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
            pub labels: BTreeMap<String, ThresholdOverrides>,
        }

        impl QualityConfig {
            /// The top-level keys as an override set.
            pub fn global_overrides(&self) -> ThresholdOverrides {
                ThresholdOverrides { $( $field: self.$field.clone(), )* }
            }
        }
    };
}

thresholds! {
    /// Minimum document length in characters (Unicode scalar values).
    min_chars: u64 = 50,
    /// Maximum document length in characters.
    max_chars: u64 = 2_000_000,
    /// Minimum number of words (whitespace words; dictionary words for Thai, Lao, Khmer and
    /// Myanmar script; one word per Han/kana character).
    min_words: u64 = 50,
    /// Maximum number of words.
    max_words: u64 = 200_000,
    /// Maximum share of punctuation and symbol characters among non-space characters.
    max_symbol_ratio: f64 = 0.25,
    /// Maximum share of number characters among non-space characters.
    max_digit_ratio: f64 = 0.25,
    /// Maximum share of U+FFFD replacement characters among all characters.
    max_replacement_ratio: f64 = 0.005,
    /// Minimum share of non-empty lines ending in sentence punctuation (`.`, `။`, `។`, `।`,
    /// `。`, …; `၊` and `ฯ` do not count). 0 switches the rule off, as shipped for scripts
    /// without a sentence terminator (Thai, Tai Tham).
    min_terminal_line_fraction: f64 = 0.12,
    /// Gopher: maximum share of lines that repeat an earlier line.
    max_duplicate_line_fraction: f64 = 0.30,
    /// Gopher: maximum share of characters in lines that repeat an earlier line.
    max_duplicate_line_char_fraction: f64 = 0.20,
    /// Gopher: maximum share of paragraphs (blank-line separated) that repeat an earlier one.
    max_duplicate_paragraph_fraction: f64 = 0.30,
    /// Gopher: maximum share of characters in repeated paragraphs.
    max_duplicate_paragraph_char_fraction: f64 = 0.20,
    /// Gopher: for n = 2, 3, 4, maximum share of characters covered by the most frequent word
    /// n-gram.
    max_top_ngram_char_fraction: [f64; 3] = [0.20, 0.18, 0.16],
    /// Gopher: for n = 5 … 10, maximum share of characters in word n-grams that occur more
    /// than once.
    max_duplicate_ngram_char_fraction: [f64; 6] = [0.15, 0.14, 0.13, 0.12, 0.11, 0.10],
    /// Minimum language-identification confidence; skipped when the document has no label or
    /// no confidence.
    min_lid_confidence: f64 = 0.30,
    /// Minimum number of words from the label's stopword list; skipped for labels without a
    /// list.
    min_stopwords: u64 = 2,
    /// Minimum share of words that are in the label's stopword list.
    min_stopword_fraction: f64 = 0.0,
}

/// Every language label padi ships defaults for: the labels of `shared/data/lid/train/`.
pub const COVERED_LABELS: &[&str] = &[
    "abs_Latn", "ace_Arab", "ace_Latn", "ban_Latn", "bbc_Latn", "bcl_Latn", "bew_Latn", "bhp_Latn",
    "bjn_Arab", "bjn_Latn", "blt_Tavt", "btk_Latn", "bug_Latn", "ceb_Latn", "cnh_Latn", "cqd_Latn",
    "ctd_Latn", "eng_Latn", "hea_Latn", "hil_Latn", "hin_Deva", "hlt_Latn", "hms_Latn", "ilo_Latn",
    "ind_Latn", "jav_Java", "jav_Latn", "jpn_Jpan", "kac_Latn", "khm_Khmr", "kkh_Lana", "kor_Hang",
    "lao_Laoo", "lus_Latn", "mad_Latn", "mak_Latn", "min_Arab", "min_Latn", "mnw_Mymr", "mui_Latn",
    "mya_Mymr", "nij_Latn", "pag_Latn", "pam_Latn", "por_Latn", "rej_Latn", "shn_Mymr", "spa_Latn",
    "sun_Latn", "tam_Taml", "tet_Latn", "tgl_Latn", "tgl_Tglg", "tha_Thai", "vie_Latn", "war_Latn",
    "yue_Hant", "zho_Hans", "zho_Hant", "zsm_Arab", "zsm_Latn", "zyb_Latn",
];

/// Labels that any identifier confuses with a close relative (GUIDE §2): low confidence there
/// says "Malay or Indonesian", not "junk", so the bar is lower.
const CONFUSABLE_LABELS: &[&str] = &[
    "ind_Latn", "zsm_Latn", "jav_Latn", "sun_Latn", "ban_Latn", "min_Latn", "bjn_Latn", "tgl_Latn",
    "ceb_Latn", "war_Latn", "ilo_Latn", "hil_Latn", "bcl_Latn", "pam_Latn", "pag_Latn", "mya_Mymr",
    "shn_Mymr", "mnw_Mymr", "zsm_Arab", "ace_Arab", "bjn_Arab", "min_Arab", "yue_Hant", "zho_Hant",
];

/// Words per English word in the same sentence, measured with [`crate::Segmenter`] on the
/// parallel FLORES sentences at the start of each `lid/dev/<label>.txt` (rounded to 0.05; the
/// `min_words_follow_words_per_sentence` test re-measures them). Labels without FLORES text
/// take the value of their script from [`SCRIPT_WORD_FACTORS`], or 1.
const LABEL_WORD_FACTORS: &[(&str, f64)] = &[
    ("ace_Arab", 1.0),
    ("ace_Latn", 1.0),
    ("ban_Latn", 0.95),
    ("bjn_Arab", 0.95),
    ("bjn_Latn", 0.9),
    ("bug_Latn", 0.9),
    ("ceb_Latn", 1.2),
    ("eng_Latn", 1.0),
    ("hin_Deva", 1.2),
    ("ilo_Latn", 1.2),
    ("ind_Latn", 0.95),
    ("jav_Latn", 0.95),
    ("jpn_Jpan", 2.45),
    ("kac_Latn", 1.7),
    ("khm_Khmr", 1.4),
    ("kor_Hang", 0.7),
    ("lao_Laoo", 1.4),
    ("min_Arab", 0.95),
    ("min_Latn", 0.95),
    ("mya_Mymr", 1.65),
    ("pag_Latn", 1.0),
    ("por_Latn", 1.1),
    ("shn_Mymr", 3.25),
    ("spa_Latn", 1.2),
    ("sun_Latn", 0.95),
    ("tam_Taml", 0.8),
    ("tgl_Latn", 1.25),
    ("tha_Thai", 1.55),
    ("vie_Latn", 1.45),
    ("war_Latn", 1.3),
    ("yue_Hant", 1.65),
    ("zho_Hans", 1.8),
    ("zho_Hant", 1.7),
    ("zsm_Latn", 0.95),
];

/// Fallback word factors by script, for labels without FLORES text (Mon is written in Myanmar
/// script and segmented like Shan).
const SCRIPT_WORD_FACTORS: &[(&str, f64)] = &[("Mymr", 3.25)];

/// The factor by which `min_words` is scaled for `label`: words per English word in the same
/// sentence, measured on the parallel FLORES dev sentences (1 for labels without FLORES text
/// whose script has no measured value).
pub fn word_factor(label: &str) -> f64 {
    let script = label.rsplit('_').next().unwrap_or("");
    LABEL_WORD_FACTORS
        .iter()
        .chain(SCRIPT_WORD_FACTORS)
        .find(|(key, _)| *key == label || *key == script)
        .map_or(1.0, |(_, factor)| *factor)
}

/// The shipped per-label adjustments to [`Thresholds::GLOBAL`]; all other fields keep the
/// global value. `None` for labels outside [`COVERED_LABELS`].
///
/// Why they differ:
/// - `min_words`: the same sentence has more dictionary words in Thai or Burmese than
///   whitespace words in Indonesian, one word per character in Chinese, fewer words in
///   Korean; the global value is scaled by [`word_factor`] so the same content passes
///   everywhere.
/// - `min_terminal_line_fraction`: Thai, Lao, Tai Viet and Tai Tham (Khün) writing has no
///   sentence terminator (a space ends a sentence); FLORES Lao has full stops because it is
///   translated, web Lao mostly does not.
/// - `min_lid_confidence`: lower for labels in confusable groups.
pub fn shipped_label_overrides(label: &str) -> Option<ThresholdOverrides> {
    if !COVERED_LABELS.contains(&label) {
        return None;
    }
    let mut overrides = ThresholdOverrides::NONE;
    let factor = word_factor(label);
    if factor != 1.0 {
        overrides.min_words = Some((Thresholds::GLOBAL.min_words as f64 * factor).round() as u64);
    }
    if ["_Thai", "_Laoo", "_Tavt", "_Lana"]
        .iter()
        .any(|script| label.ends_with(script))
    {
        overrides.min_terminal_line_fraction = Some(0.0);
    }
    if CONFUSABLE_LABELS.contains(&label) {
        overrides.min_lid_confidence = Some(0.15);
    }
    Some(overrides)
}

impl QualityConfig {
    /// The thresholds for documents labelled `label` (`None`: unlabelled).
    pub fn resolve(&self, label: Option<&str>) -> Thresholds {
        let mut thresholds = Thresholds::GLOBAL;
        if let Some(shipped) = label.and_then(shipped_label_overrides) {
            shipped.apply_to(&mut thresholds);
        }
        self.global_overrides().apply_to(&mut thresholds);
        if let Some(user) = label.and_then(|l| self.labels.get(l)) {
            user.apply_to(&mut thresholds);
        }
        thresholds
    }
}
