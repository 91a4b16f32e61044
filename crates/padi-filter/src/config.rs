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

/// The shipped per-label adjustments to [`Thresholds::GLOBAL`]; all other fields keep the
/// global value. `None` for labels outside [`COVERED_LABELS`].
///
/// Why they differ:
/// - `min_words`: a sentence has more dictionary words in Thai, Lao, Khmer and Burmese than
///   whitespace words in Indonesian, and one word per character in Chinese and Japanese. The
///   thresholds are scaled by the words-per-sentence ratio measured on the parallel FLORES
///   dev sentences (see the `calibration` test), so the same content passes everywhere.
/// - `min_terminal_line_fraction`: Thai and Tai Tham (Khün) text has no sentence terminator.
/// - `min_lid_confidence`: lower for labels in confusable groups.
pub fn shipped_label_overrides(label: &str) -> Option<ThresholdOverrides> {
    if !COVERED_LABELS.contains(&label) {
        return None;
    }
    let mut overrides = ThresholdOverrides::NONE;
    let script = label.rsplit('_').next().unwrap_or("");
    overrides.min_words = match script {
        "Thai" => Some(70),
        "Laoo" => Some(60),
        "Khmr" => Some(60),
        "Mymr" => Some(70),
        "Hans" | "Hant" | "Jpan" => Some(100),
        _ => None,
    };
    if matches!(script, "Thai" | "Lana") {
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
