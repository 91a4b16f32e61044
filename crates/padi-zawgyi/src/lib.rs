//! Zawgyi detection and conversion for Myanmar-script text.
mod detector;
mod model;
mod syllable;
mod to_unicode;
mod to_zawgyi;
mod training;

pub use detector::{ZawgyiDetector, DEFAULT_THRESHOLD};
pub use model::{train_model, BigramModel, ModelError};
pub use to_unicode::zawgyi_to_unicode;
pub use to_zawgyi::unicode_to_zawgyi;
pub use training::{
    train_default_model, TrainingDataError, CONVERTED_TRAINING_FILES, UNICODE_TRAINING_FILES,
    ZAWGYI_TRAINING_FILES,
};
