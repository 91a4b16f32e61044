//! The Zawgyi detector: P(Zawgyi) for a text, and conversion above a threshold.

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
}
