//! The stages a pipeline file can name, and how each is built from its table.

use padi_core::{FilterStage, Stage};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::builtin::{LengthConfig, LengthFilter};

/// One `[[stage]]` table: `type` picks the stage, the other keys are its parameters.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StageConfig {
    /// Drop documents outside a range of lengths in characters.
    Length(LengthConfig),
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
        }
    }

    /// Build the stage; `index` is its 1-based position, for messages.
    pub fn build(&self, index: usize) -> Result<Box<dyn Stage>, BuildError> {
        let _ = index;
        Ok(match self {
            StageConfig::Length(c) => Box::new(FilterStage(LengthFilter::new(c.clone()))),
        })
    }
}
