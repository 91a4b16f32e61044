//! The stages a pipeline file can name, and how each is built from its table.

use padi_core::{FilterStage, Stage};
use schemars::JsonSchema;
use serde::Deserialize;

use padi_normalize::{NormalizeConfig, NormalizeFilter};
use padi_filter::{QualityConfig, QualityFilter};
use padi_pii::{PiiConfig, PiiFilter};

use crate::builtin::{LengthConfig, LengthFilter};

/// One `[[stage]]` table: `type` picks the stage, the other keys are its parameters.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StageConfig {
    /// Drop documents outside a range of lengths in characters.
    Length(LengthConfig),
    /// Zawgyi conversion, NFC, script repair, invisible characters and spaces.
    Normalize(NormalizeConfig),
    /// Replace personal data (e-mail, phones, IPs, cards, national ids) with placeholders.
    Pii(PiiConfig),
    /// Drop low-quality documents, with thresholds per language label.
    Quality(QualityConfig),
}

/// A stage that could not be built (a model that will not load, an index that cannot be opened).
#[derive(Debug, thiserror::Error)]
#[error("[[stage]] #{index} (type = \"{kind}\"): {message}")]
pub struct BuildError {
    pub index: usize,
    pub kind: &'static str,
    pub message: String,
}

impl StageConfig {
    /// The `type` name as written in pipeline files.
    pub fn kind(&self) -> &'static str {
        match self {
            StageConfig::Length(_) => "length",
            StageConfig::Normalize(_) => "normalize",
            StageConfig::Pii(_) => "pii",
            StageConfig::Quality(_) => "quality",
        }
    }

    /// Build the stage; `index` is its 1-based position, for messages.
    pub fn build(&self, index: usize) -> Result<Box<dyn Stage>, BuildError> {
        let error = |message: String| BuildError {
            index,
            kind: self.kind(),
            message,
        };
        Ok(match self {
            StageConfig::Length(c) => Box::new(FilterStage(LengthFilter::new(c.clone()))),
            StageConfig::Normalize(c) => {
                c.zawgyi.validate().map_err(|e| error(e.to_string()))?;
                Box::new(FilterStage(NormalizeFilter::new(c.clone())))
            }
            StageConfig::Pii(c) => {
                Box::new(FilterStage(PiiFilter::new(c).map_err(|e| error(e.to_string()))?))
            }
            StageConfig::Quality(c) => Box::new(FilterStage(QualityFilter::new(c))),
        })
    }
}
