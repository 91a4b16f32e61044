//! Language identification for padi: which language, in which script, how sure.
//!
//! Detection runs in two steps. First the dominant Unicode script of the text is found
//! ([`script`]); a script used by a single one of our labels decides at once (Lao →
//! `lao_Laoo`). Otherwise a per-script-family classifier (character n-grams and words hashed
//! into buckets, multinomial logistic regression, `i8` weights) picks among the labels of that
//! family: Latin, Myanmar (`mya`/`shn`/`mnw`), Arabic (Jawi), Chinese/Japanese/Korean.
//! Simplified against Traditional Chinese is settled by character forms (`han_forms`), and
//! hand-written marker lists settle the closest pairs (Malay vs Indonesian, Hong Kong vs
//! Taiwan written Chinese, Toba vs the collective Batak label, Balinese vs Indonesian) when
//! the model ranks one of them first.
//! whatlang answers only for large languages outside our label set (French, Russian, …).
//!
//! Labels are FLORES style (`zsm_Latn`, `shn_Mymr`) or `und`. Confidences are softmax
//! probabilities with a temperature fitted on the dev split.
//!
//! ```no_run
//! let lid = padi_lid::LanguageIdentifier::load_default()?;
//! let p = lid.identify("Saya suka makan nasi lemak di kedai itu.");
//! println!("{}\t{:.3}", p.label, p.confidence);
//! # Ok::<(), padi_lid::ModelError>(())
//! ```
//!
//! This crate is the library behind `padi lid train|detect|eval` and the `lid` pipeline stage
//! ([`LidStage`]). It is not a normalizer or Zawgyi converter (it tolerates raw text but
//! expects those stages to run first), and not a world-wide identifier: outside its labels it
//! defers to whatlang or answers `und`.

mod eval;
mod features;
mod han_forms;
mod identify;
mod lexicon;
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
pub use train::{read_labelled_dir, train, train_on, train_with, TrainError, TrainOptions};
