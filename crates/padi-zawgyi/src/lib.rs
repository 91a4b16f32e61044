//! Zawgyi detection and Zawgyi → Unicode conversion for Myanmar-script text.
//!
//! Zawgyi is a font hack that reuses Myanmar code points with other meanings; much Burmese
//! web text is typed in it. This crate gives padi's normalizer what it needs to repair it:
//!
//! - [`ZawgyiDetector`]: P(Zawgyi) for a text from code-point bigram Markov models trained
//!   by padi itself ([`train_model`], [`train_default_model`]); the shipped model is embedded.
//!   Unicode Burmese, Shan and Mon are on the Unicode side of training, so they are not flagged.
//! - [`zawgyi_to_unicode`]: the conversion, following the stages of the CLDR transform
//!   `my-t-my-s0-zawgyi`, with output in Unicode storage order (UTN #11).
//! - [`ZawgyiDetector::convert_if_zawgyi`]: both, converting only above a threshold
//!   ([`DEFAULT_THRESHOLD`] is deliberately high).
//! - [`unicode_to_zawgyi`]: the reverse, only to make Zawgyi training text.
//!
//! Detect on the raw text, before NFC (NFC reorders U+1037/U+103A, which changes Zawgyi).
//! Not in this crate: NFC and other normalization, other legacy Myanmar encodings (Win
//! Innwa, ...), language identification, and the pipeline stage that calls this (in the
//! normalizer).

mod detector;
mod model;
mod syllable;
mod to_unicode;
mod to_zawgyi;
mod training;

pub use detector::{ThresholdError, ZawgyiConfig, ZawgyiDetector, DEFAULT_THRESHOLD};
pub use model::{train_model, BigramModel, ModelError};
pub use to_unicode::zawgyi_to_unicode;
pub use to_zawgyi::unicode_to_zawgyi;
pub use training::{
    train_default_model, TrainingDataError, CONVERTED_TRAINING_FILES, UNICODE_TRAINING_FILES,
    ZAWGYI_TRAINING_FILES,
};
