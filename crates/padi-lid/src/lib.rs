//! Language identification for padi.
//!
//! Detection runs in two steps. First the dominant Unicode script of the text is found
//! ([`script`]); a script used by a single one of our labels decides at once (Lao →
//! `lao_Laoo`). Otherwise a per-script-family classifier (character n-grams hashed into
//! buckets, multinomial logistic regression, `i8` weights) picks among the labels of that
//! family: Latin, Myanmar (`mya`/`shn`/`mnw`), Arabic (Jawi), Chinese/Japanese/Korean.
//! whatlang answers for large languages outside our label set (French, Russian, …).
//!
//! Labels are FLORES style (`zsm_Latn`, `shn_Mymr`) or `und`. Confidences are softmax
//! probabilities with a temperature fitted on the dev split.
//!
//! The crate provides the library behind `padi lid train|detect|eval` and the `lid` pipeline
//! stage ([`LidStage`]); it does not read files or parse command lines beyond
//! [`read_labelled_dir`] for training data.

mod eval;
mod features;
mod identify;
mod model;
pub mod script;
mod stage;
mod train;

pub use eval::{parse_eval_line, Confusion, EvalReport, LabelMetrics};
pub use identify::{
    DocumentPrediction, LanguageIdentifier, LinePrediction, Prediction, CODE_SWITCH_MIN_SHARE,
    LINE_MIN_CONFIDENCE, UND,
};
pub use model::{FamilyModel, Model, ModelError, FORMAT_VERSION};
pub use stage::{LidConfig, LidStage, MixedPolicy};
pub use train::{read_labelled_dir, train, train_with, TrainError, TrainOptions};
