//! The Zawgyi detector: P(Zawgyi) for a text, and conversion above a threshold.

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::{BigramModel, ModelError};
use crate::to_unicode::zawgyi_to_unicode;

/// The probability above which [`ZawgyiDetector::convert_if_zawgyi`] callers should convert.
///
/// High on purpose: converting Unicode text as if it were Zawgyi garbles it, while leaving a
/// rare Zawgyi text unconverted only keeps it as it was.
pub const DEFAULT_THRESHOLD: f64 = 0.95;

/// Prior log-odds of Zawgyi: a slight lean to Unicode, so that text the model cannot decide
/// (a lone letter, a word spelled the same in both encodings) is left alone.
const PRIOR_LOG_ODDS: f64 = -0.25;

/// Settings for the Zawgyi step of normalization (TOML table `[normalize.zawgyi]` or
/// wherever the pipeline puts it; every key is optional).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ZawgyiConfig {
    /// Detect and convert Zawgyi at all (default `true`).
    pub enabled: bool,
    /// Convert when P(Zawgyi) is above this (default [`DEFAULT_THRESHOLD`]).
    pub threshold: f64,
}

impl Default for ZawgyiConfig {
    fn default() -> Self {
        ZawgyiConfig {
            enabled: true,
            threshold: DEFAULT_THRESHOLD,
        }
    }
}

/// A [`ZawgyiConfig`] value that cannot work.
#[derive(Debug, Error, PartialEq)]
#[error("zawgyi threshold must be in [0, 1), got {0}")]
pub struct ThresholdError(pub f64);

impl ZawgyiConfig {
    /// Checks the threshold: in `[0, 1)` (at 1 nothing would ever be converted).
    pub fn validate(&self) -> Result<(), ThresholdError> {
        if (0.0..1.0).contains(&self.threshold) {
            Ok(())
        } else {
            Err(ThresholdError(self.threshold))
        }
    }
}

/// The model shipped with the crate, rebuilt by
/// `cargo run -p padi-zawgyi --example train-zawgyi-model --release`.
const DEFAULT_MODEL: &[u8] = include_bytes!("../model/zawgyi-bigram.bin");

/// Tells Zawgyi-encoded Myanmar text from Unicode Myanmar text (Burmese, Shan, Mon).
///
/// Run it on the raw text, before NFC: NFC reorders U+1037/U+103A, which changes Zawgyi text.
#[derive(Clone, Debug)]
pub struct ZawgyiDetector {
    model: BigramModel,
}

impl ZawgyiDetector {
    /// The detector with the model embedded in the crate.
    pub fn load_default() -> Result<ZawgyiDetector, ModelError> {
        BigramModel::from_bytes(DEFAULT_MODEL).map(ZawgyiDetector::from_model)
    }

    /// The default detector, parsed once per process and shared (it is read-only).
    pub fn shared() -> Result<&'static ZawgyiDetector, ModelError> {
        static SHARED: OnceLock<Result<ZawgyiDetector, ModelError>> = OnceLock::new();
        SHARED
            .get_or_init(ZawgyiDetector::load_default)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// A detector with another model, e.g. one from [`crate::train_model`].
    pub fn from_model(model: BigramModel) -> ZawgyiDetector {
        ZawgyiDetector { model }
    }

    /// P(Zawgyi) in `[0, 1]`, with a slight prior lean to Unicode (P = 0.44 for text the
    /// model cannot decide).
    ///
    /// Text with no Myanmar letter or mark (empty, Latin, only Myanmar digits or punctuation)
    /// gets exactly `0.0`: "not Zawgyi", as there is nothing to convert.
    pub fn probability(&self, text: &str) -> f64 {
        match self.model.log_odds(text) {
            Some(log_odds) => 1.0 / (1.0 + (-(log_odds + PRIOR_LOG_ODDS)).exp()),
            None => 0.0,
        }
    }

    /// The text converted to Unicode if P(Zawgyi) is above `threshold`, else `None` (keep it).
    pub fn convert_if_zawgyi(&self, text: &str, threshold: f64) -> Option<String> {
        (self.probability(text) > threshold).then(|| zawgyi_to_unicode(text))
    }

    /// Like [`ZawgyiDetector::convert_if_zawgyi`], deciding line by line, for documents that
    /// mix Zawgyi and Unicode lines (pasted from several sites). Returns the text with its
    /// Zawgyi lines converted and how many lines that was, or `None` if no line was converted.
    /// Line ends (`\n`, `\r\n`) are kept as they were.
    pub fn convert_zawgyi_lines(&self, text: &str, threshold: f64) -> Option<(String, usize)> {
        let mut out = String::with_capacity(text.len());
        let mut converted = 0;
        for line in text.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            match self.convert_if_zawgyi(content, threshold) {
                Some(unicode) => {
                    out.push_str(&unicode);
                    out.push_str(&line[content.len()..]);
                    converted += 1;
                }
                None => out.push_str(line),
            }
        }
        (converted > 0).then_some((out, converted))
    }
}
